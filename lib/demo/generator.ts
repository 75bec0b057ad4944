/**
 * Deterministic demo traffic: the same seed and end time always give the same events. Agent
 * sessions of many turns whose context grows turn by turn (re-sent, mostly from cache), a mode mix
 * with realistic shares, real model ids across tiers, some errors and cancellations.
 * Routed projects ask for `auto` and are served what the routing table in force that day decides (the one
 * evaluator, lib/routing): version 1 from the start, version 2 from its known day (demoRoutingVersions); each event
 * names that version, rule and tier. One project (routedFromV2) moves from direct calls to routed traffic that day.
 */
import type { z } from 'zod';
import type { usageEventSchema } from '@/lib/ingest/event-schema';
import {
  DEMO_MODEL_MIX,
  DEMO_MODELS,
  DEMO_MODES,
  DEMO_PROJECTS,
  DEMO_TASKS,
  type DemoMode,
  type DemoModel,
  type DemoModelId,
  type DemoProject,
} from './catalog';
import { routingDocumentSchema, type RoutingDocumentInput } from '@/lib/routing/document';
import { type CompiledRoutingDocument, compileRoutingDocument } from '@/lib/routing/evaluator';
import { DEMO_ROUTING_V1, DEMO_ROUTING_V2, DEMO_ROUTING_V2_DAYS_BEFORE_END } from '@/lib/routing/examples';
import { routeRequest } from '@/lib/routing/route-request';
import { SeededRandom } from './random';

/** Demo events are written as a gateway would send them to POST /api/v1/events. */
export type DemoUsageEvent = z.input<typeof usageEventSchema>;

export interface DemoOptions {
  seed: number;
  days: number;
  /** Events end before this instant; pass the start of the current hour for a stable, current demo. */
  end: Date;
  projects?: readonly DemoProject[];
}

const DAY_MS = 86_400_000;
const TURNS: Record<DemoMode, [number, number]> = {
  ask: [1, 6],
  plan: [3, 14],
  architect: [4, 18],
  debug: [5, 30],
  code: [6, 40],
  orchestrator: [10, 60],
};
const OUTPUT_MEDIAN: Record<DemoMode, number> = { ask: 450, plan: 1600, architect: 1900, debug: 900, code: 1400, orchestrator: 700 };
/** What an orchestrator hands its sub-steps to. */
const DELEGATED: Partial<Record<DemoMode, number>> = { code: 60, debug: 20, ask: 20 };

function dayStart(end: Date, daysBack: number): number {
  const d = new Date(end.getTime() - daysBack * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/** A routing version the demo publishes, and from when it is in force. */
export interface DemoRoutingVersion {
  version: number;
  document: RoutingDocumentInput;
  from: Date;
  note: string;
}

/** Version 1 from the demo's first day, version 2 from midnight UTC DEMO_ROUTING_V2_DAYS_BEFORE_END days before its end. */
export function demoRoutingVersions(options: Pick<DemoOptions, 'days' | 'end'>): DemoRoutingVersion[] {
  const v2 = dayStart(options.end, DEMO_ROUTING_V2_DAYS_BEFORE_END);
  const v1 = Math.min(dayStart(options.end, options.days), v2 - DAY_MS);
  return [
    {
      version: 1,
      document: DEMO_ROUTING_V1,
      from: new Date(v1),
      note: 'Mode table: planning, architecture and debugging on frontier, coding on Claude Sonnet 4.5, questions on economy.',
    },
    { version: 2, document: DEMO_ROUTING_V2, from: new Date(v2), note: 'Code and orchestration moved to the balanced tier.' },
  ];
}

interface RoutingTimeline {
  /** Compiled versions, oldest first. */
  versions: { from: number; compiled: CompiledRoutingDocument }[];
  v2From: number;
}

function routingTimeline(options: DemoOptions): RoutingTimeline {
  const versions = demoRoutingVersions(options).map((v) => ({
    from: v.from.getTime(),
    compiled: compileRoutingDocument(routingDocumentSchema.parse(v.document), { version: v.version }),
  }));
  return { versions, v2From: versions[1]!.from };
}

function tableAt(timeline: RoutingTimeline, at: number): CompiledRoutingDocument {
  let found = timeline.versions[0]!.compiled;
  for (const v of timeline.versions) if (v.from <= at) found = v.compiled;
  return found;
}

const MODEL_BY_ID = new Map(Object.values(DEMO_MODELS).map((m) => [`${m.provider}/${m.model}`, m as DemoModel]));

interface SessionPlan {
  project: DemoProject;
  user: string;
  start: number;
  mode: DemoMode;
  turns: number;
  key: string;
}

/** One agent session, turn by turn. */
function* sessionEvents(rng: SeededRandom, plan: SessionPlan, endMs: number, timeline: RoutingTimeline): Generator<DemoUsageEvent> {
  const sessionId = `sess_${plan.key}`;
  const tags = { team: plan.project.team, env: rng.chance(0.85) ? 'prod' : 'staging' };
  let context = Math.round(rng.logNormal(9_000, 0.35)); // system prompt, tools, repository map
  let previous: { model: DemoModel; context: number } | null = null;
  let at = plan.start;

  for (let turn = 1; turn <= plan.turns; turn++) {
    const mode: DemoMode =
      plan.mode === 'orchestrator' && turn > 1 && rng.chance(0.7) ? rng.weighted(DELEGATED as Record<DemoMode, number>) : plan.mode;
    const task = rng.weighted(DEMO_TASKS[mode]);
    const sameModel = previous && rng.chance(0.85) ? previous.model : null;
    const picked: DemoModel = sameModel ?? DEMO_MODELS[rng.weighted(DEMO_MODEL_MIX[mode] as Record<DemoModelId, number>)];
    // A session is routed or not as a whole, by the day it started.
    const routed = plan.project.routed || (plan.project.routedFromV2 === true && plan.start >= timeline.v2From);
    const outcome = routed
      ? routeRequest(tableAt(timeline, at), {
          mode,
          task,
          project: plan.project.slug,
          user: plan.user,
          tags: undefined,
          requestedModel: 'auto',
          inputTokens: undefined,
          budgets: undefined,
        })
      : null;
    const model: DemoModel = outcome ? (MODEL_BY_ID.get(outcome.model) ?? picked) : picked;

    // Agents compact their context as it nears the window; some sessions run into the long-context tier.
    const limit = Math.min(model.contextWindow, rng.chance(0.97) ? 190_000 : 320_000);
    if (context > limit) context = Math.round(rng.logNormal(30_000, 0.3));
    const input = context;

    const cached = previous?.model === model ? Math.min(previous.context, input) : 0;
    let cacheRead = 0;
    let cacheWrite5m = 0;
    let cacheWrite1h = 0;
    if (model.provider === 'anthropic') {
      cacheRead = cached;
      const fresh = input - cacheRead;
      if (turn === 1 && plan.mode === 'orchestrator') cacheWrite1h = Math.round(fresh * 0.8);
      else cacheWrite5m = Math.round(fresh * 0.9);
    } else if (model.provider === 'openai') {
      cacheRead = Math.floor(cached / 128) * 128; // OpenAI caches prompt prefixes in 128-token steps
    } else if (rng.chance(0.6)) {
      cacheRead = Math.round(cached * 0.9); // Gemini's implicit caching hits often, not always
    }

    const roll = rng.next();
    const status = roll < 0.015 ? 'error' : roll < 0.022 ? 'cancelled' : 'ok';
    const fullOutput = Math.max(20, Math.round(rng.logNormal(OUTPUT_MEDIAN[mode], 0.6)));
    const output = status === 'error' ? 0 : status === 'cancelled' ? Math.round(fullOutput * rng.next() * 0.5) : fullOutput;
    const reasoning = Math.round(output * model.reasoningShare * rng.next() * 1.6);
    const ttft = Math.round(rng.logNormal(500 + input / 200, 0.3));
    const latency = status === 'error' ? ttft : ttft + Math.round(output * rng.logNormal(14, 0.25));

    if (at >= endMs) return;
    const stamp = outcome?.routing;
    const outcomeSuccess = turn === plan.turns && rng.chance(0.5) ? rng.chance(0.82) : undefined;
    yield {
      event_id: `demo_${plan.key}_${turn}`,
      timestamp: new Date(at).toISOString(),
      mode,
      task,
      user: plan.user,
      session: sessionId,
      turn,
      provider: model.provider,
      model: model.model,
      requested_model: routed ? 'auto' : model.model,
      ...(stamp
        ? {
            routing: {
              ...(stamp.ruleId === null ? {} : { rule_id: stamp.ruleId }),
              version: stamp.version,
              ...(stamp.tier ? { tier: stamp.tier } : {}),
            },
          }
        : {}),
      usage: {
        input_tokens: input,
        cache_read_tokens: cacheRead,
        cache_write_5m_tokens: cacheWrite5m,
        cache_write_1h_tokens: cacheWrite1h,
        output_tokens: output,
        reasoning_tokens: Math.min(reasoning, output),
      },
      latency_ms: latency,
      ttft_ms: ttft,
      status,
      ...(outcomeSuccess === undefined ? {} : { outcome: { success: outcomeSuccess } }),
      tags,
    };

    // The next turn re-sends everything so far plus this answer and the tool results it triggered.
    previous = { model, context: input };
    context = input + output + Math.round(rng.logNormal(mode === 'ask' ? 600 : 2_500, 0.7));
    at += latency + Math.round(rng.logNormal(20_000, 0.8)); // the agent runs tools, the person reads
  }
}

/** All demo events of all projects, in time order within each session. */
export function* generateDemoEvents(options: DemoOptions): Generator<{ projectSlug: string; event: DemoUsageEvent }> {
  const rng = new SeededRandom(options.seed);
  const projects = options.projects ?? DEMO_PROJECTS;
  const endMs = options.end.getTime();
  const timeline = routingTimeline(options);
  for (let back = options.days; back >= 1; back--) {
    const day = dayStart(options.end, back);
    const weekday = new Date(day).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    const growth = 0.75 + 0.5 * (1 - back / options.days); // adoption grows over the period
    for (const project of projects) {
      for (const [userIndex, user] of project.users.entries()) {
        const sessions = rng.poisson(project.sessionsPerDay * growth * (weekend ? 0.2 : 1));
        for (let s = 0; s < sessions; s++) {
          const hour = rng.int(7, 19);
          const mode = rng.weighted(DEMO_MODES);
          const [min, max] = TURNS[mode];
          const turns = Math.min(max, min + Math.floor(rng.logNormal((max - min) / 3, 0.6)));
          const plan: SessionPlan = {
            project,
            user,
            mode,
            turns,
            start: day + hour * 3_600_000 + rng.int(0, 3_599_999),
            key: `${options.seed}_${project.slug}_${Math.round(day / DAY_MS)}_${userIndex}_${s}`,
          };
          for (const event of sessionEvents(rng, plan, endMs, timeline)) yield { projectSlug: project.slug, event };
        }
      }
    }
  }
}
