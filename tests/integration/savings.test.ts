/**
 * Savings reports (ADR 0013) on generated data with long-context requests and requested models that differ from
 * the served ones: for each baseline, the report (read from the savings rollup) equals the raw events priced one
 * request at a time — actual and caching exactly, the baseline within the report's stated rounding bound; the
 * CSV holds exactly the page's tables; the PDF is a valid PDF holding the totals; bad input has stable codes.
 */
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { getPricer } from '@/db/queries/pricing-config';
import { rowsOf } from '@/db/rows';
import type { UserActor } from '@/lib/auth/actor';
import { generateDemoEvents } from '@/lib/demo/generator';
import { formatMicros } from '@/lib/format';
import { DEMO_ROUTING_V1 } from '@/lib/routing/examples';
import { routingDocumentSchema } from '@/lib/routing/document';
import { concreteRequestedModel } from '@/lib/savings/baselines';
import { reportCsv, reportTables } from '@/lib/savings/figures';
import { versionRouter } from '@/lib/savings/version-router';
import { keepsServedModel } from '@/lib/simulation/replay';
import type { ModelRef, RouteChoice } from '@/lib/simulation/types';
import { exportSavingsCsv } from '@/services/savings/export-savings-csv';
import { changeLabel, reportHeading } from '@/lib/savings/report-heading';
import { getSavingsReport } from '@/services/savings/get-savings-report';
import { ingestItems } from '@/services/ingest/ingest-items';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { as, asSystem, makeProject, makeUser } from '../helpers/fixtures';
import { NO_DIFFERENCES, rollupRowsDifferingFromRaw } from '../helpers/rollups';

const current = vi.hoisted(() => ({ user: null as UserActor | null, handle: null as DatabaseHandle | null }));
vi.mock('@/server/auth/current-user', () => ({ getCurrentUser: async () => current.user }));
vi.mock('@/server/context', async () => (await import('../helpers/app-context')).appContextOn(() => current.handle!));

const END = new Date('2026-11-01T00:00:00Z');
const PERIOD = { from: '2026-09-20', to: '2026-10-31' };
const DOCUMENT = routingDocumentSchema.parse(DEMO_ROUTING_V1);

let t: TestDatabase;
let viewer: UserActor;
const slugs = new Map<string, string>();

beforeAll(async () => {
  t = await openTestDatabase();
  current.handle = t;
  viewer = await makeUser(t, 'viewer');
  const all = [...generateDemoEvents({ seed: 7, days: 42, end: END })].filter((_, i) => i % 5 === 0);
  const byProject = new Map<string, unknown[]>();
  all.forEach(({ projectSlug, event }, i) => {
    // Callers that named another model than the one served, callers that asked for `auto`, and long contexts.
    const requested = ['anthropic/claude-opus-4-5', 'auto', 'openai/gpt-5-mini', event.model][i % 4];
    const usage = i % 40 === 0 ? { ...event.usage, input_tokens: 230_000 + i } : event.usage;
    byProject.set(projectSlug, [...(byProject.get(projectSlug) ?? []), { ...event, requested_model: requested, usage }]);
  });
  for (const [slug, events] of byProject) {
    const project = await makeProject(t, `${slug}-${Math.random().toString(36).slice(2, 6)}`);
    slugs.set(project.id, project.slug);
    const items = events.map((value) => ({ ok: true as const, value }));
    for (let i = 0; i < items.length; i += 500)
      await ingestItems(asSystem(t), {
        projectId: project.id,
        items: items.slice(i, i + 500),
        window: { now: END, lateArrivalDays: null },
      });
  }
  // The routing tables of h/routing-api (db/tables/routing.ts); created here when that migration is not merged yet.
  await t.db.execute(sql`create table if not exists routing_versions (number integer primary key, document json not null,
    content_hash text not null, note text not null, published_by uuid, published_by_email text not null,
    published_at timestamptz not null default now(), rolled_back_from integer, from_draft uuid)`);
  await t.db.execute(sql`insert into routing_versions (number, document, content_hash, note, published_by_email, published_at)
    values (1, ${JSON.stringify(DOCUMENT)}::json, 'x', 'v1', 'test', '2026-08-01T00:00:00Z'),
           (2, ${JSON.stringify(DOCUMENT)}::json, 'y', 'v2', 'test', '2026-10-10T00:00:00Z')`);
}, 600_000);
afterAll(async () => t?.destroy());

interface RawEvent {
  project_id: string;
  occurred_at: Date;
  mode: string | null;
  task: string | null;
  provider: string;
  model: string;
  tier: string;
  requested_model: string | null;
  routing_rule_id: string | null;
  routing_tier: string | null;
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_5m_tokens: number;
  cache_write_1h_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  cost_micros: number | null;
  cache_savings_micros: number | null;
}

async function rawEvents(): Promise<RawEvent[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await t.db.execute(sql`select project_id, occurred_at, mode, task, provider, model, tier, requested_model, routing_rule_id,
      routing_tier, input_tokens::float8, cache_read_tokens::float8, cache_write_5m_tokens::float8, cache_write_1h_tokens::float8,
      output_tokens::float8,       reasoning_tokens::float8, cost_micros::float8, cache_savings_micros::float8 from usage_events
      where occurred_at >= ${`${PERIOD.from}T00:00:00Z`}::timestamptz and occurred_at < '2026-11-01T00:00:00Z'::timestamptz`),
  );
  return rows.map((r) => ({ ...r, occurred_at: new Date(r.occurred_at as string) }) as unknown as RawEvent);
}

/** The naive oracle: every request decided and priced on its own, with its own input tokens and timestamp. */
async function oracle(decide: (e: RawEvent) => RouteChoice | null | 'not covered') {
  const pricer = await getPricer(t.db);
  const out = { requests: 0, actual: 0, baseline: 0, caching: 0, notCovered: 0, byMonth: new Map<string, number>() };
  for (const e of await rawEvents()) {
    const choice = decide(e);
    if (choice === 'not covered') {
      out.notCovered++;
      continue;
    }
    if (e.cost_micros === null) continue;
    const row = { provider: e.provider, model: e.model, routing: { ruleId: e.routing_rule_id, tier: e.routing_tier } };
    const baseline = keepsServedModel(choice, row)
      ? e.cost_micros
      : pricer.price(choice!.provider, choice!.model, e.occurred_at, {
          inputTokens: e.input_tokens,
          cacheReadTokens: e.cache_read_tokens,
          cacheWrite5mTokens: e.cache_write_5m_tokens,
          cacheWrite1hTokens: e.cache_write_1h_tokens,
          outputTokens: e.output_tokens,
          reasoningTokens: e.reasoning_tokens,
        }).costMicros;
    if (baseline === null) continue;
    out.requests++;
    out.actual += e.cost_micros;
    out.baseline += baseline;
    out.caching += e.cache_savings_micros ?? 0;
    const month = e.occurred_at.toISOString().slice(0, 7);
    out.byMonth.set(month, (out.byMonth.get(month) ?? 0) + baseline - e.cost_micros + (e.cache_savings_micros ?? 0));
  }
  return out;
}

const fixed = (m: ModelRef): RouteChoice => ({ ruleId: null, tier: null, ...m });

describe('savings reports from the savings rollup', () => {
  it('keeps the savings rollup equal to the raw events', async () => {
    expect(await rollupRowsDifferingFromRaw(t.db)).toEqual(NO_DIFFERENCES);
  });

  const cases: { name: string; baseline: unknown; decide: (e: RawEvent) => RouteChoice | null | 'not covered' }[] = [
    {
      name: 'the requested model',
      baseline: { kind: 'requested' },
      decide: (e) => {
        const m = concreteRequestedModel(e.requested_model, e);
        return m ? fixed(m) : 'not covered';
      },
    },
    {
      name: 'a pinned model',
      baseline: { kind: 'pinned', model: 'anthropic/claude-sonnet-4-5' },
      decide: () => fixed({ provider: 'anthropic', model: 'claude-sonnet-4-5' }),
    },
    { name: 'one tier', baseline: { kind: 'tier', tier: 'economy' }, decide: () => fixed({ provider: 'openai', model: 'gpt-5-nano' }) },
    {
      name: 'an earlier routing version, replayed',
      baseline: { kind: 'version', version: 1 },
      decide: (() => {
        const router = versionRouter(DOCUMENT, 1);
        return (e: RawEvent) =>
          router({
            mode: e.mode,
            task: e.task,
            project: slugs.get(e.project_id)!,
            user: null,
            tags: {},
            requestedModel: e.requested_model,
            inputTokens: e.input_tokens,
          });
      })(),
    },
  ];

  for (const c of cases)
    it(`equals the raw events priced one by one, against ${c.name}`, async () => {
      const view = await getSavingsReport(as(t, viewer, END), { ...PERIOD, baseline: c.baseline });
      const want = await oracle(c.decide);
      const r = view.report;
      expect(r.totals.requests).toBe(want.requests);
      expect(r.totals.actualMicros).toBe(want.actual);
      expect(r.totals.cachingMicros).toBe(want.caching);
      expect(Math.abs(r.totals.baselineMicros - want.baseline)).toBeLessThanOrEqual(r.roundingBoundMicros);
      expect(r.coverage.notCovered).toBe(want.notCovered);
      expect(r.byMonth.map((m) => m.key)).toEqual([...want.byMonth.keys()].sort());
      for (const m of r.byMonth) expect(Math.abs(m.totalMicros - want.byMonth.get(m.key)!)).toBeLessThanOrEqual(r.roundingBoundMicros);
      // Every breakdown adds up to the totals.
      for (const list of [r.byMonth, r.byMode, r.byTier, r.byProject])
        expect(list.reduce((s, x) => s + x.totalMicros, 0)).toBe(r.totals.totalMicros);
      // The quality side counts every covered request, with or without evidence (never filled in).
      const q = r.quality.success.candidate;
      expect(q.requestsWithEvidence + q.noEvidenceRequests).toBe(r.coverage.covered);
      if (c.name !== 'the requested model') expect(want.notCovered).toBe(0);
    });

  it('shows the average cost per request before and after the routing change (version 2, published 2026-10-10)', async () => {
    const view = await getSavingsReport(as(t, viewer, END), { ...PERIOD, baseline: { kind: 'requested' } });
    expect(view.change?.version).toBe(2);
    const { before, after } = view.report.change!;
    const change = new Date('2026-10-10T00:00:00Z');
    const requested = cases[0]!.decide;
    const halfUp = (micros: number, n: number) => Math.floor((2 * micros + n) / (2 * n));
    const priced = (after: boolean) => async () => {
      const events = (await rawEvents()).filter((e) => e.cost_micros !== null && e.occurred_at >= change === after);
      return { requests: events.length, actual: events.reduce((s, e) => s + e.cost_micros!, 0) };
    };
    for (const [side, want, all] of [
      [before, await oracle((e) => (e.occurred_at < change ? requested(e) : 'not covered')), await priced(false)()],
      [after, await oracle((e) => (e.occurred_at >= change ? requested(e) : 'not covered')), await priced(true)()],
    ] as const) {
      // Every priced request, covered by the baseline or not: what the change did to the bill.
      expect(side.requests).toBe(all.requests);
      expect(side.actualPerRequestMicros).toBe(halfUp(all.actual, all.requests));
      // The covered ones, actual and baseline side by side.
      expect(side.covered).toBe(want.requests);
      expect(side.coveredActualPerRequestMicros).toBe(halfUp(want.actual, want.requests));
      expect(Math.abs(side.baselinePerRequestMicros! - halfUp(want.baseline, want.requests))).toBeLessThanOrEqual(
        Math.ceil(view.report.roundingBoundMicros / want.requests) + 1,
      );
      expect(side.covered).toBeLessThan(side.requests); // callers that asked for `auto` are not covered
    }
  });

  it('exports a CSV holding exactly the tables the page shows, totals included', async () => {
    const ctx = as(t, viewer, END);
    const input = { ...PERIOD, baseline: { kind: 'pinned', model: 'anthropic/claude-sonnet-4-5' } };
    const view = await getSavingsReport(ctx, input);
    const { csv } = await exportSavingsCsv(ctx, input);
    expect(csv).toBe(reportCsv(reportHeading(view), reportTables(view.report, changeLabel(view))));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('Savings against everything on anthropic/claude-sonnet-4-5');
    const totals = lines[lines.indexOf('Totals against everything on anthropic/claude-sonnet-4-5') + 2]!;
    expect(totals).toContain(formatMicros(view.report.totals.actualMicros));
    expect(totals).toContain(formatMicros(view.report.totals.totalMicros));
  });

  it('renders a real PDF on the server with the totals in its text, through the route a viewer may call', async () => {
    const { GET } = await import('@/app/(app)/reports/pdf/route');
    current.user = viewer;
    const res = await GET(new Request(`http://localhost/reports/pdf?from=${PERIOD.from}&to=${PERIOD.to}&baseline=tier:economy`), {
      params: Promise.resolve({}),
    });
    current.user = null;
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-8).toString('latin1')).toContain('%%EOF');
    const text = pdfText(pdf);
    const view = await getSavingsReport(as(t, viewer, END), { ...PERIOD, baseline: { kind: 'tier', tier: 'economy' } });
    expect(text).toContain('Savings against all traffic on the economy tier');
    expect(text).toContain(formatMicros(view.report.totals.actualMicros));
    expect(text).toContain(formatMicros(view.report.totals.totalMicros));
  });

  it('the CSV route serves the same CSV', async () => {
    const { GET } = await import('@/app/(app)/reports/csv/route');
    current.user = viewer;
    const res = await GET(new Request(`http://localhost/reports/csv?from=${PERIOD.from}&to=${PERIOD.to}&baseline=requested`), {
      params: Promise.resolve({}),
    });
    current.user = null;
    expect(res.status).toBe(200);
    const { csv } = await exportSavingsCsv(as(t, viewer), { ...PERIOD, baseline: { kind: 'requested' } });
    expect(await res.text()).toBe(csv);
  });

  it('refuses bad input with stable codes: an unpriced pinned model, an empty period, an unknown version', async () => {
    const ctx = as(t, viewer, END);
    const code = async (input: unknown) =>
      getSavingsReport(ctx, input).then(
        () => 'ok',
        (e: { code?: string }) => e.code,
      );
    expect(await code({ ...PERIOD, baseline: { kind: 'pinned', model: 'acme/no-such-model' } })).toBe('bad_request:savings');
    expect(await code({ from: '2025-01-01', to: '2025-01-31', baseline: { kind: 'requested' } })).toBe('not_found:savings');
    // Beyond the recorded usage: the message and the error's details give the range the rollup holds.
    const beyond = await getSavingsReport(ctx, { from: '2027-01-01', to: '2027-01-31', baseline: { kind: 'requested' } }).catch((e) => e);
    expect(beyond.message).toBe(
      '2027-01-01 – 2027-01-31 is outside the recorded usage: the savings rollup holds 2026-09-20 to 2026-10-31.',
    );
    expect(beyond.details).toEqual({ kept: { first: '2026-09-20', last: '2026-10-31' } });
    expect(await code({ ...PERIOD, baseline: { kind: 'version', version: 99 } })).toBe('not_found:savings');
    expect(await code({ ...PERIOD, baseline: { kind: 'tier', tier: 'no-such-tier' } })).toBe('bad_request:savings');
    expect(await code({ from: '2026-10-31', to: '2026-10-01', baseline: { kind: 'requested' } })).toBe('bad_request:savings');
    expect(await code({ ...PERIOD, baseline: { kind: 'nonsense' } })).toBe('bad_request:savings');
    expect(await code({ ...PERIOD, baseline: { kind: 'requested' }, projects: ['nope'] })).toBe('bad_request:savings');
    await expect(getSavingsReport(as(t, null), { ...PERIOD, baseline: { kind: 'requested' } })).rejects.toMatchObject({
      code: 'unauthorized:auth',
    });
  });
});

/** The text a PDF shows: its content streams inflated, the strings of their text operators decoded (hex or literal). */
function pdfText(pdf: Buffer): string {
  const s = pdf.toString('latin1');
  const parts: string[] = [];
  const stream = /stream\r?\n/g;
  for (let m = stream.exec(s); m; m = stream.exec(s)) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endstream', start);
    let body: Buffer;
    try {
      body = zlib.inflateSync(pdf.subarray(start, end));
    } catch {
      continue;
    }
    const text = body.toString('latin1');
    const strings: string[] = [];
    for (const tj of text.matchAll(/\[(.*?)\]\s*TJ|(<[0-9a-fA-F]*>|\((?:\\.|[^\\)])*\))\s*Tj/g)) {
      const src = tj[1] ?? tj[2] ?? '';
      let line = '';
      for (const piece of src.matchAll(/<([0-9a-fA-F]*)>|\(((?:\\.|[^\\)])*)\)|(-?\d+(?:\.\d+)?)/g)) {
        if (piece[1] !== undefined) line += Buffer.from(piece[1], 'hex').toString('latin1');
        else if (piece[2] !== undefined) line += piece[2].replace(/\\(.)/g, '$1');
        else if (Number(piece[3]) < -200) line += ' ';
      }
      strings.push(line);
    }
    parts.push(strings.join('\n'));
  }
  return parts.join('\n');
}
