/**
 * Routing benchmark, by section (each prints its own figures; add a section to SECTIONS):
 *   evaluator — decisions per second of the evaluator on a 50-rule document, on one core (goal ≥ 1,000,000/s):
 *               evaluate (the fast path), routeRequest (what the gateway calls), explain (the traced path), and
 *               the compile time of the document.
 *   pull, longpoll — the pull API (scripts/bench/routing-pull.ts): p99 of 200 and 304 answers at 200 requests/s, and
 *               publish → long-poll answer latency with 20 waiting gateways (two app instances on Postgres).
 *   npm run bench:routing -- [--sections evaluator,pull,longpoll] [--decisions 5000000] [--rules 50]
 *                            [--driver pglite|postgres] [--database-url postgres://…]
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { RoutingDocument, RoutingDocumentInput } from '@/lib/routing/document';
import { compileRoutingDocument } from '@/lib/routing/evaluator';
import type { RequestFeatures } from '@/lib/routing/features';
import { parseRoutingDocument } from '@/lib/routing/parse';
import { routeRequest } from '@/lib/routing/route-request';
import { arg, type BenchDriver } from './common';

const DECISIONS = Number(arg('decisions', '5000000'));
const RULES = Number(arg('rules', '50'));

const MODES = ['plan', 'architect', 'debug', 'code', 'orchestrator', 'ask', 'review', 'test'];
const TASKS = ['spec', 'breakdown', 'implement', 'refactor', 'test-gen', 'fix-lint', 'explain', 'summarize'];
const PROJECTS = ['checkout-agent', 'platform-copilot', 'data-pipelines', 'support-assistant'];
const TEAMS = ['payments', 'infra', 'data', 'support'];

/** A table shaped like a real one: budget and requested-model rules first, then mode × task, context size, teams. */
export function benchDocument(ruleCount: number): RoutingDocument {
  const rules: RoutingDocumentInput['rules'] = [
    { id: 'over-budget', when: { budget: { state: ['exceeded'] } }, route: { tier: 'economy' } },
    { id: 'gpt4o', when: { requestedModel: ['openai/gpt-4o', 'openai/gpt-4o-mini'] }, route: { model: 'openai/gpt-5-mini' } },
    { id: 'huge', when: { inputTokens: { gte: 400_000 } }, route: { model: 'google/gemini-2.5-pro' } },
  ];
  const combos = MODES.flatMap((mode, m) => TASKS.map((task, t) => ({ mode, task, m, t })));
  for (const { mode, task, m, t } of combos.slice(0, Math.max(0, ruleCount - rules.length - 8))) {
    rules.push({
      id: `${mode}-${task}`,
      when: { mode: [mode], task: [task], ...(t % 3 === 0 ? { inputTokens: { lt: 32_000 } } : {}) },
      route: { tier: ['frontier', 'balanced', 'economy'][(m + t) % 3]! },
    });
  }
  for (const [i, team] of TEAMS.entries()) {
    rules.push({
      id: `team-${team}`,
      when: { mode: ['code'], tags: { team: [team] }, project: [PROJECTS[i]!] },
      route: { tier: 'balanced' },
    });
  }
  rules.push(
    { id: 'deep', when: { mode: ['plan', 'architect', 'debug'] }, route: { tier: 'frontier' }, reasoningEffort: 'high' },
    { id: 'code', when: { mode: ['code', 'orchestrator'] }, route: { tier: 'balanced' } },
    { id: 'ask', when: { mode: ['ask'] }, route: { tier: 'economy' } },
  );
  rules.push({ id: 'default', when: {}, route: { tier: 'balanced' } });
  const parsed = parseRoutingDocument({
    tiers: {
      frontier: ['anthropic/claude-opus-4-5', 'openai/gpt-5', 'google/gemini-2.5-pro'],
      balanced: ['anthropic/claude-haiku-4-5', 'openai/gpt-5-mini', 'google/gemini-2.5-flash'],
      economy: ['openai/gpt-5-nano', 'google/gemini-2.5-flash-lite'],
    },
    rules,
  });
  if (!parsed.ok) throw new Error(`bench document is invalid: ${JSON.stringify(parsed.issues)}`);
  return parsed.document;
}

/**
 * Requests as a gateway sees them: mostly `auto`, a mode almost always, a task often, budgets now and then. Built as
 * one literal with every key, as a gateway builds them from headers: objects assembled from spreads get a hidden
 * class each, and reading any field of such objects costs more than the whole decision.
 */
export function benchRequests(n: number): RequestFeatures[] {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  return Array.from({ length: n }, (): RequestFeatures => {
    const i = Math.floor(rand() * PROJECTS.length);
    return {
      mode: rand() < 0.95 ? pick(MODES) : undefined,
      task: rand() < 0.7 ? pick(TASKS) : undefined,
      project: PROJECTS[i]!,
      user: `user-${Math.floor(rand() * 50)}`,
      tags: { team: TEAMS[i]!, env: 'prod' },
      requestedModel: rand() < 0.85 ? 'auto' : pick(['openai/gpt-4o', 'anthropic/claude-sonnet-4-5', 'switchyard/economy']),
      inputTokens: Math.floor(rand() * rand() * 500_000),
      budgets: rand() < 0.2 ? { [`budget-${i}`]: pick(['ok', 'warning', 'exceeded'] as const) } : undefined,
    };
  });
}

/** Rate per CPU-second of this process (what one core does, whatever else the machine runs) and per wall second. */
function rate(label: string, count: number, run: (i: number) => number): void {
  let sink = 0;
  for (let i = 0; i < Math.min(count, 500_000); i++) sink += run(i); // warm up (JIT)
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < count; i++) sink += run(i);
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const fmt = (ms: number) => Math.round(count / (ms / 1000)).toLocaleString('en-US');
  console.log(
    `  ${label.padEnd(13)} ${fmt(cpuMs).padStart(11)} decisions/CPU-s  ${((cpuMs * 1e6) / count).toFixed(0).padStart(5)} ns each` +
      `  (wall: ${fmt(wallMs)}/s; ${count.toLocaleString('en-US')} decisions; checksum ${sink % 997})`,
  );
}

function evaluatorSection(): void {
  const doc = benchDocument(RULES);
  const t0 = performance.now();
  const compiled = compileRoutingDocument(doc, { version: 1 });
  const compileMs = performance.now() - t0;
  const reqs = benchRequests(4096);
  const mask = reqs.length - 1;
  const hits = new Map<string, number>();
  for (const r of reqs) hits.set(compiled.evaluate(r).ruleId, (hits.get(compiled.evaluate(r).ruleId) ?? 0) + 1);
  console.log(
    `evaluator: ${doc.rules.length} rules, ${reqs.length.toLocaleString('en-US')} distinct requests deciding ${hits.size} rules; ` +
      `compiled in ${compileMs.toFixed(2)} ms; node ${process.version}, one core`,
  );
  rate('evaluate', DECISIONS, (i) => compiled.evaluate(reqs[i & mask]!).ruleId.length);
  rate('routeRequest', DECISIONS, (i) => routeRequest(compiled, reqs[i & mask]!).model.length);
  rate('explain', Math.ceil(DECISIONS / 20), (i) => compiled.explain(reqs[i & mask]!).trace.length);
}

const SECTIONS: Record<string, () => void | Promise<void>> = { evaluator: evaluatorSection, pull: () => {}, longpoll: () => {} };

async function main(): Promise<void> {
  const chosen = arg('sections', Object.keys(SECTIONS).join(',')).split(',');
  for (const name of chosen) {
    const section = SECTIONS[name];
    if (!section) throw new Error(`unknown section "${name}"; known: ${Object.keys(SECTIONS).join(', ')}`);
    await section();
  }
  const pulls = chosen.filter((s) => s === 'pull' || s === 'longpoll');
  if (pulls.length > 0) {
    const serverUrl = arg('database-url', process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    const driver = arg('driver', process.env.DATABASE_URL ? 'postgres' : 'pglite') as BenchDriver;
    delete process.env.DATABASE_URL;
    const { pullSections } = await import('./routing-pull');
    await pullSections(pulls, driver, serverUrl);
  }
}

// Runs when executed, not when a profile or another bench imports the generators.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
