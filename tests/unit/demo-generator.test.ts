import { calcPrice } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { DEMO_MODELS } from '@/lib/demo/catalog';
import { demoSuccessRate, generateDemoEvents } from '@/lib/demo/generator';
import { checkEvent } from '@/lib/ingest/validate';
import { createPricer, EMPTY_PRICING_CONFIG } from '@/lib/pricing/pricer';

const end = new Date('2026-11-28T00:00:00Z');
const events = [...generateDemoEvents({ seed: 7, days: 14, end })];

describe('demo traffic', () => {
  it('is deterministic for a seed and end time, and differs for another seed', () => {
    const again = [...generateDemoEvents({ seed: 7, days: 14, end })];
    expect(again).toEqual(events);
    const other = [...generateDemoEvents({ seed: 8, days: 14, end })];
    expect(other.map((e) => e.event.event_id)).not.toEqual(events.map((e) => e.event.event_id));
  });

  it('covers every mode, several projects and users, inside the period, with unique ids', () => {
    expect(events.length).toBeGreaterThan(2000);
    expect(new Set(events.map((e) => e.event.mode))).toEqual(new Set(['plan', 'architect', 'code', 'debug', 'ask', 'orchestrator']));
    expect(new Set(events.map((e) => e.projectSlug)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(events.map((e) => e.event.user)).size).toBeGreaterThanOrEqual(10);
    const start = end.getTime() - 14 * 86_400_000;
    const times = events.map((e) => new Date(e.event.timestamp).getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(start);
    expect(Math.max(...times)).toBeLessThan(end.getTime());
    expect(new Set(events.map((e) => `${e.projectSlug}/${e.event.event_id}`)).size).toBe(events.length);
  });

  it('uses only models the bundled price catalog knows, across all three tiers', () => {
    for (const m of Object.values(DEMO_MODELS))
      expect(calcPrice({ input_tokens: 1000, output_tokens: 1000 }, m.model, { providerId: m.provider }), m.model).not.toBeNull();
    const pricer = createPricer(EMPTY_PRICING_CONFIG);
    expect(new Set(events.map((e) => pricer.tierOf(e.event.provider, e.event.model)))).toEqual(
      new Set(['frontier', 'balanced', 'economy']),
    );
  });

  it('passes ingestion validation, event by event (token partitions, types, time window)', () => {
    const window = { now: end, lateArrivalDays: null };
    const refused = events.map((e) => checkEvent(e.event, window)).filter((c) => !c.ok);
    expect(refused).toEqual([]);
  });

  it('grows the context turn by turn within a session, and reads most of it from cache', () => {
    const bySession = new Map<string, typeof events>();
    for (const e of events) bySession.set(e.event.session!, [...(bySession.get(e.event.session!) ?? []), e]);
    const long = [...bySession.values()].filter((s) => s.length >= 8);
    expect(long.length).toBeGreaterThan(20);
    let growing = 0;
    for (const s of long) {
      const turns = s.map((e) => e.event.turn);
      expect(turns).toEqual(turns.map((_, i) => i + 1));
      if (s[s.length - 1]!.event.usage.input_tokens > s[0]!.event.usage.input_tokens * 2) growing += 1;
    }
    expect(growing / long.length).toBeGreaterThan(0.8);
    const cached = events.reduce((n, e) => n + (e.event.usage.cache_read_tokens ?? 0), 0);
    const input = events.reduce((n, e) => n + e.event.usage.input_tokens, 0);
    expect(cached / input).toBeGreaterThan(0.5);
  });

  it('includes some failures and cancellations, with no output on errors', () => {
    const errors = events.filter((e) => e.event.status === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(events.some((e) => e.event.status === 'cancelled')).toBe(true);
    for (const e of errors) expect(e.event.usage.output_tokens).toBe(0);
  });

  it('records outcome signals on a share of requests, more successful on higher tiers and easier modes', () => {
    const withOutcome = events.filter((e) => e.event.outcome !== undefined);
    expect(withOutcome.length / events.length).toBeGreaterThan(0.15);
    expect(withOutcome.length / events.length).toBeLessThan(0.6);
    expect(withOutcome.some((e) => e.event.outcome?.score !== undefined)).toBe(true);
    for (const e of withOutcome) if (e.event.outcome?.success === false) expect(e.event.outcome.feedback).toBe('retried');
    const pricer = createPricer(EMPTY_PRICING_CONFIG, () => end);
    const rate = (pick: (tier: string, mode: string) => boolean) => {
      const cell = withOutcome.filter((e) => pick(pricer.tierOf(e.event.provider, e.event.model), e.event.mode ?? ''));
      return cell.filter((e) => e.event.outcome?.success).length / cell.length;
    };
    expect(rate((t) => t === 'frontier')).toBeGreaterThan(rate((t) => t === 'economy'));
    expect(rate((_, m) => m === 'ask')).toBeGreaterThan(rate((_, m) => m === 'debug'));
    expect(demoSuccessRate('debug', 'economy')).toBeLessThan(demoSuccessRate('debug', 'frontier') - 0.15);
  });
});
