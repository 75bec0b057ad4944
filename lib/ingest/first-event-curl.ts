/** The first event a new user sends, shown in every empty dashboard and in the README (kept equal by a test). */
export const FIRST_EVENT_CURL = `curl -s http://localhost:3000/api/v1/events \\
  -H "Authorization: Bearer $SWITCHYARD_KEY" -H 'Content-Type: application/json' \\
  -d '{"events":[{"event_id":"req-0001","timestamp":"'"$(date -u +%Y-%m-%dT%H:%M:%SZ)"'","mode":"code","task":"refactor",
       "user":"ana","session":"sess-42","turn":3,"provider":"anthropic","model":"claude-sonnet-4-5",
       "usage":{"input_tokens":12000,"cache_read_tokens":8000,"output_tokens":800}}]}'`;
