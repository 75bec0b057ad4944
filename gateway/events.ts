/**
 * One usage event per upstream call (docs/api.md "POST /api/v1/events"), with an id chosen once — it is the
 * idempotency key that makes every re-send a duplicate. Values ingestion would refuse are left out, never sent.
 */
import { randomUUID } from 'node:crypto';
import type { RoutingStamp } from '@/lib/routing/route-request';
import type { RequestContext } from './features';
import type { EventUsage } from './usage/types';

export interface UsageEvent {
  event_id: string;
  timestamp: string;
  mode?: string;
  task?: string;
  user?: string;
  session?: string;
  turn?: number;
  provider: string;
  model: string;
  requested_model?: string;
  routing?: { rule_id?: string; version: number; tier?: string };
  usage: EventUsage;
  latency_ms: number;
  ttft_ms?: number;
  status: string;
  tags?: Record<string, string>;
}

export const newEventId = () => `gw-${randomUUID()}`;

const MAX_TAG_BYTES = 1024;
const MAX_TAGS = 32;

export interface EventInput {
  id: string;
  startedAt: number;
  ctx: RequestContext;
  provider: string;
  model: string;
  requestedModel: string;
  routing: RoutingStamp | null;
  usage: EventUsage;
  latencyMs: number;
  ttftMs: number | null;
  status: 'ok' | 'error' | 'cancelled';
  /** The gateway's own tags (gateway.*); kept before the client's when the map must be cut to fit. */
  gatewayTags: Record<string, string>;
}

export function buildEvent(e: EventInput): UsageEvent {
  const ev: UsageEvent = {
    event_id: e.id,
    timestamp: new Date(e.startedAt).toISOString(),
    provider: e.provider,
    model: e.model.slice(0, 200),
    usage: e.usage,
    latency_ms: Math.max(0, Math.round(e.latencyMs)),
    status: e.status,
  };
  if (e.ctx.mode !== undefined) ev.mode = e.ctx.mode;
  if (e.ctx.task !== undefined) ev.task = e.ctx.task;
  if (e.ctx.user !== undefined) ev.user = e.ctx.user;
  if (e.ctx.session !== undefined) ev.session = e.ctx.session;
  if (e.ctx.turn !== undefined) ev.turn = e.ctx.turn;
  const requested = e.requestedModel.trim();
  if (requested !== '' && requested.length <= 200) ev.requested_model = requested;
  if (e.routing) {
    ev.routing = { version: e.routing.version };
    if (e.routing.ruleId !== null) ev.routing.rule_id = e.routing.ruleId;
    if (e.routing.tier !== null) ev.routing.tier = e.routing.tier;
  }
  if (e.ttftMs !== null) ev.ttft_ms = Math.max(0, Math.round(e.ttftMs));
  const tags = fitTags(e.gatewayTags, e.ctx.tags);
  if (tags) ev.tags = tags;
  return ev;
}

function fitTags(own: Record<string, string>, client: Record<string, string> | undefined): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  let n = 0;
  for (const [k, v] of Object.entries(own)) {
    out[k] = v.slice(0, 256);
    n++;
  }
  if (client) {
    for (const [k, v] of Object.entries(client)) {
      if (n >= MAX_TAGS || Object.hasOwn(out, k)) continue;
      out[k] = v;
      if (Buffer.byteLength(JSON.stringify(out)) > MAX_TAG_BYTES) delete out[k];
      else n++;
    }
  }
  return n > 0 ? out : undefined;
}
