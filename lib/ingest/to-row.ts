/** A validated event, priced and tiered, as the row the write path stores (db/schema.ts `usage_events`, less its project). */
import type { Pricer } from '@/lib/pricing/pricer';
import { isCostMismatch } from '@/lib/pricing/reported-cost';
import type { UsageEventInput } from './event-schema';

export interface UsageEventRow {
  eventId: string;
  occurredAt: Date;
  mode: string | null;
  task: string | null;
  userId: string | null;
  sessionId: string | null;
  turn: number | null;
  provider: string;
  model: string;
  requestedModel: string | null;
  routingRuleId: string | null;
  routingVersion: number | null;
  routingTier: string | null;
  tier: string;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  latencyMs: number | null;
  ttftMs: number | null;
  status: string;
  costMicros: number | null;
  cacheSavingsMicros: number | null;
  priceSource: string | null;
  reportedCostMicros: number | null;
  costMismatch: boolean;
  outcomeSuccess: boolean | null;
  outcomeScore: number | null;
  outcomeFeedback: string | null;
  tags: Record<string, string>;
}

export function toUsageRow(e: UsageEventInput, occurredAt: Date, pricer: Pricer): UsageEventRow {
  const usage = {
    inputTokens: e.usage.input_tokens,
    cacheReadTokens: e.usage.cache_read_tokens,
    cacheWrite5mTokens: e.usage.cache_write_5m_tokens,
    cacheWrite1hTokens: e.usage.cache_write_1h_tokens,
    outputTokens: e.usage.output_tokens,
    reasoningTokens: e.usage.reasoning_tokens,
  };
  const priced = pricer.price(e.provider, e.model, occurredAt, usage);
  const reported = e.reported_cost_micros ?? null;
  return {
    eventId: e.event_id,
    occurredAt,
    mode: e.mode ?? null,
    task: e.task ?? null,
    userId: e.user ?? null,
    sessionId: e.session ?? null,
    turn: e.turn ?? null,
    provider: e.provider,
    model: e.model,
    requestedModel: e.requested_model ?? null,
    routingRuleId: e.routing?.rule_id ?? null,
    routingVersion: e.routing?.version ?? null,
    routingTier: e.routing?.tier ?? null,
    tier: pricer.tierOf(e.provider, e.model),
    ...usage,
    latencyMs: e.latency_ms ?? null,
    ttftMs: e.ttft_ms ?? null,
    status: e.status,
    costMicros: priced.costMicros,
    cacheSavingsMicros: priced.cacheSavingsMicros,
    priceSource: priced.priceSource,
    reportedCostMicros: reported,
    costMismatch: isCostMismatch(reported, priced.costMicros),
    outcomeSuccess: e.outcome?.success ?? null,
    outcomeScore: e.outcome?.score ?? null,
    outcomeFeedback: e.outcome?.feedback ?? null,
    tags: e.tags ?? {},
  };
}
