/**
 * Model tiers. Default rule, by the model's output price in force today (µ$/MTok):
 *   ≥ $10 / MTok → frontier;  ≥ $1.50 / MTok → balanced;  below → economy.
 * Output price tracks capability better than input price across providers (reasoning models bill
 * their thinking as output). Admins override any model's tier; a model with no price and no override
 * is `unclassified` until someone decides.
 */
export const UNCLASSIFIED_TIER = 'unclassified';

export const TIER_THRESHOLDS = { frontier: 10_000_000, balanced: 1_500_000 } as const;

export function tierForOutputPrice(outputMicrosPerMTok: number | null): string {
  if (outputMicrosPerMTok === null) return UNCLASSIFIED_TIER;
  if (outputMicrosPerMTok >= TIER_THRESHOLDS.frontier) return 'frontier';
  if (outputMicrosPerMTok >= TIER_THRESHOLDS.balanced) return 'balanced';
  return 'economy';
}
