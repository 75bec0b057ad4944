/**
 * What the alert ledger stores so that each alert fires exactly once, however many instances evaluate at once:
 * a row per (budget id, period key, trigger) under a unique key, inserted with ON CONFLICT DO NOTHING; only the
 * instance whose insert took the row sends the alert. Triggers: `threshold:80` (a threshold reached) and
 * `forecast` (the forecast reaches 100 % within the period). Timing plays no part: two instances evaluating the
 * same crossing insert the same key.
 *
 * Calendar periods: a threshold alerts once per period, when the period's spend first reaches it — whether from
 * live traffic, a late event, an import or a re-price, and also for a period already over (a late event can
 * push last month past 80 %). A re-price that lowers spend and a later rise do not alert again.
 *
 * Rolling windows have no fixed periods, so "once per period" becomes once per *episode*: an episode starts when
 * the window's spend reaches the threshold and ends (re-arms) when an evaluation sees it below the threshold
 * again, no sooner than one window length after the episode's alert. Why: a rolling budget is a rate limit —
 * people need to hear when they hit it, not again every hour while they stay there, and a window hovering at the
 * threshold (hours leaving, new spend arriving) must not flap; so at most one alert per threshold per window
 * length, and none while spend stays above. Episode n's period key is `rolling:24h:e<n>` (per threshold); the
 * ledger row of the latest episode carries `rearmedAt` (set by `update … where rearmed_at is null`). Windows move
 * without traffic, so the scheduler must evaluate rolling budgets at least hourly. Pure.
 */
import type { PeriodSpec } from './periods';
import { reachesPercent, thresholdsToAlert } from './state';

export type LedgerTrigger = `threshold:${number}` | 'forecast';

export const thresholdTrigger = (percent: number): LedgerTrigger => `threshold:${percent}`;
export const FORECAST_TRIGGER: LedgerTrigger = 'forecast';

export interface ThresholdAlertPlan {
  /** Ledger rows to insert, one per threshold newly reached (ON CONFLICT DO NOTHING). */
  triggers: LedgerTrigger[];
  thresholds: number[];
}

/** Calendar periods: thresholds reached and not in the ledger for this period yet. */
export function planThresholdAlerts(
  spendMicros: number,
  budget: { amountMicros: number; thresholds: readonly number[]; paused: boolean },
  alreadyAlerted: Iterable<number>,
): ThresholdAlertPlan {
  if (budget.paused) return { triggers: [], thresholds: [] };
  const thresholds = thresholdsToAlert(spendMicros, budget.thresholds, budget.amountMicros, alreadyAlerted);
  return { triggers: thresholds.map(thresholdTrigger), thresholds };
}

/**
 * One message for the rows an instance inserted: a jump past 50, 80 and 100 % at once (a budget created
 * mid-period, a big import) is one alert naming the highest, not three.
 */
export function summariseCrossing(inserted: readonly number[]): { threshold: number; crossed: number[] } | null {
  if (inserted.length === 0) return null;
  const crossed = [...inserted].sort((a, b) => a - b);
  return { threshold: crossed.at(-1)!, crossed };
}

// ── rolling windows: episodes ─────────────────────────────────────────────────────────────────────

export interface RollingEpisode {
  episode: number;
  alertedAt: Date;
  rearmedAt: Date | null;
}

export type RollingStep =
  | { kind: 'alert'; episode: number; periodKey: string }
  | { kind: 'rearm'; episode: number; periodKey: string }
  | { kind: 'none' };

export function rollingEpisodeKey(spec: Extract<PeriodSpec, { kind: 'rolling' }>, episode: number): string {
  return `rolling:${spec.length}${spec.unit[0]}:e${episode}`;
}

/** The next step of one threshold of a rolling budget, from the window's spend now and the latest episode in the ledger. */
export function rollingEpisodeStep(input: {
  spec: Extract<PeriodSpec, { kind: 'rolling' }>;
  spendMicros: number;
  amountMicros: number;
  threshold: number;
  latest: RollingEpisode | null;
  now: Date;
}): RollingStep {
  const { spec, latest } = input;
  const above = reachesPercent(input.spendMicros, input.threshold, input.amountMicros);
  if (above) {
    if (latest === null) return { kind: 'alert', episode: 1, periodKey: rollingEpisodeKey(spec, 1) };
    if (latest.rearmedAt !== null)
      return { kind: 'alert', episode: latest.episode + 1, periodKey: rollingEpisodeKey(spec, latest.episode + 1) };
    return { kind: 'none' };
  }
  const windowMs = (spec.unit === 'days' ? spec.length * 24 : spec.length) * 3_600_000;
  if (latest !== null && latest.rearmedAt === null && input.now.getTime() - latest.alertedAt.getTime() >= windowMs) {
    return { kind: 'rearm', episode: latest.episode, periodKey: rollingEpisodeKey(spec, latest.episode) };
  }
  return { kind: 'none' };
}
