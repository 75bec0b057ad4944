/** The first event a new user sends, shown in every empty dashboard and in the README (kept equal by a test). */
export const FIRST_EVENT_CURL = `curl -s http://localhost:3000/api/v1/events \\
  -H "Authorization: Bearer $SWITCHYARD_KEY" -H 'Content-Type: application/json' \\
  -d '{"events":[{"event_id":"req-0001","timestamp":"'"$(date -u +%Y-%m-%dT%H:%M:%SZ)"'","mode":"code","task":"refactor",
       "user":"ana","session":"sess-42","turn":3,"provider":"anthropic","model":"claude-sonnet-4-5",
       "usage":{"input_tokens":12000,"cache_read_tokens":8000,"output_tokens":800}}]}'`;

/**
 * The same curl ready to run for one key: the secret in place of `$SWITCHYARD_KEY` and the app's own origin
 * (shown once, right after the key is created).
 */
export function firstEventCurlFor({ origin, secret }: { origin: string; secret: string }): string {
  return FIRST_EVENT_CURL.replace('http://localhost:3000', origin.replace(/\/+$/, '')).replace('$SWITCHYARD_KEY', secret);
}

/** The one event the "send a test event" button ingests: marked as a test by its id, task and tag. */
export function testEvent(now: Date, random: string) {
  return {
    event_id: `test-event-${now.getTime()}-${random}`,
    timestamp: now.toISOString(),
    mode: 'code',
    task: 'test-event',
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    usage: { input_tokens: 1200, cache_read_tokens: 800, output_tokens: 80 },
    tags: { source: 'settings-test-event' },
  };
}
