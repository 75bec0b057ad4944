/** A validated event, priced and tiered, as the row the write path stores. */
import type { NewUsageEvent } from '@/db/schema';
import type { Pricer } from '@/lib/pricing/pricer';
import { isCostMismatch } from '@/lib/pricing/reported-cost';
import type { UsageEventInput } from './event-schema';

export type UsageEventRow = Omit<NewUsageEvent, 'projectId' | 'receivedAt'> & { occurredAt: Date; tier: string };

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
