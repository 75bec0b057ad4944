import { calcPrice } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { DEMO_MODELS } from '@/lib/demo/catalog';
import { demoRoutingVersions, generateDemoEvents } from '@/lib/demo/generator';
import { routingDocumentSchema } from '@/lib/routing/document';
import { compileRoutingDocument } from '@/lib/routing/evaluator';
import { routeRequest } from '@/lib/routing/route-request';
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
});

describe('demo routing', () => {
  const versions = demoRoutingVersions({ days: 14, end });
  const compiled = versions.map((v) => compileRoutingDocument(routingDocumentSchema.parse(v.document), { version: v.version }));
  const v2Day = versions[1]!.from.getTime();
  const at = (e: (typeof events)[number]) => new Date(e.event.timestamp).getTime();

  it('publishes version 1 at the start and version 2 on its known day', () => {
    expect(versions.map((v) => [v.version, v.from.toISOString()])).toEqual([
      [1, '2026-11-14T00:00:00.000Z'],
      [2, '2026-11-16T00:00:00.000Z'],
    ]);
  });

  it('stamps every routed event with the version, rule and tier the evaluator gives with the table in force', () => {
    const routed = events.filter((e) => e.event.routing);
    expect(routed.length).toBeGreaterThan(500);
    for (const e of routed) {
      const table = at(e) >= v2Day ? compiled[1]! : compiled[0]!;
      const outcome = routeRequest(table, { mode: e.event.mode, task: e.event.task, project: e.projectSlug, user: e.event.user });
      expect(e.event.requested_model).toBe('auto');
      expect(`${e.event.provider}/${e.event.model}`).toBe(outcome.model);
      expect(e.event.routing).toEqual({
        rule_id: outcome.routing!.ruleId,
        version: outcome.routing!.version,
        ...(outcome.routing!.tier ? { tier: outcome.routing!.tier } : {}),
      });
    }
    const code = (v: number) => routed.filter((e) => e.event.mode === 'code' && e.event.routing!.version === v);
    expect(new Set(code(1).map((e) => e.event.model))).toEqual(new Set(['claude-sonnet-4-5']));
    expect(new Set(code(2).map((e) => `${e.event.model}:${e.event.routing!.tier}`))).toEqual(new Set(['claude-haiku-4-5:balanced']));
    expect(new Set(routed.map((e) => e.event.routing!.rule_id))).toEqual(new Set(['deep-work', 'code', 'ask']));
  });

  it('moves one project from direct calls to routed traffic on the version 2 day', () => {
    const data = events.filter((e) => e.projectSlug === 'data-pipelines');
    const before = data.filter((e) => at(e) < v2Day - 86_400_000);
    const after = data.filter((e) => at(e) >= v2Day + 86_400_000);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((e) => e.event.routing === undefined && e.event.requested_model !== 'auto')).toBe(true);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((e) => e.event.routing?.version === 2)).toBe(true);
    expect(events.filter((e) => e.projectSlug === 'checkout-agent').every((e) => e.event.routing === undefined)).toBe(true);
  });
});
