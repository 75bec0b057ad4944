/**
 * Observed quality per model × mode × task cell, and what a change of traffic does to it (ADR 0008).
 * Each cell's rate (Wilson) or mean score (Student t) comes from the outcomes its served requests
 * reported. An estimate for some traffic is the traffic-weighted mean of its cells' values; cells are
 * disjoint sets of outcomes, so the estimate's variance is Σ (weight share)² × cell variance and a normal
 * interval follows. A cell below `minOutcomes` is "no evidence": its traffic is counted, never filled in.
 */
import {
  DEFAULT_CONFIDENCE,
  type Interval,
  meanAndVariance,
  meanInterval,
  normalInterval,
  rateVariance,
  ratioInterval,
  wilson,
} from '@/lib/stats/intervals';
import type { OutcomeSums } from './types';

export const QUALITY_METRICS = ['success', 'score'] as const;
export type QualityMetric = (typeof QUALITY_METRICS)[number];

/** Fewer outcomes than this in a cell: no evidence (a 95 % Wilson interval at n = 20 is still ±0.2 wide at p = ½). */
export const DEFAULT_MIN_OUTCOMES = 20;

export interface QualityOptions {
  minOutcomes?: number;
  confidence?: number;
}

export interface CellId {
  model: string;
  mode: string | null;
  task: string | null;
}

export const cellKey = (model: string, mode: string | null, task: string | null): string => JSON.stringify([model, mode, task]);

export interface CellEstimate extends CellId {
  key: string;
  /** Outcomes observed for the metric. */
  n: number;
  interval: Interval | null;
  /** Variance of the cell's estimate, for combining cells; null without evidence. */
  variance: number | null;
  evidence: boolean;
}

/** Outcome sums by cell, filled from the recorded (actual) traffic. */
export class QualityCells {
  readonly cells = new Map<string, CellId & { outcomes: OutcomeSums }>();

  add(key: string, id: CellId, o: OutcomeSums): void {
    let cell = this.cells.get(key);
    if (!cell)
      this.cells.set(key, (cell = { ...id, outcomes: { successN: 0, successes: 0, scoreN: 0, scoreSum: 0, scoreSumOfSquares: 0 } }));
    cell.outcomes.successN += o.successN;
    cell.outcomes.successes += o.successes;
    cell.outcomes.scoreN += o.scoreN;
    cell.outcomes.scoreSum += o.scoreSum;
    cell.outcomes.scoreSumOfSquares += o.scoreSumOfSquares;
  }

  estimates(metric: QualityMetric, opts: QualityOptions = {}): CellEstimates {
    const min = opts.minOutcomes ?? DEFAULT_MIN_OUTCOMES;
    const confidence = opts.confidence ?? DEFAULT_CONFIDENCE;
    const out = new Map<string, CellEstimate>();
    for (const [key, cell] of this.cells) {
      const { model, mode, task, outcomes: o } = cell;
      if (metric === 'success') {
        const evidence = o.successN >= min && o.successN > 0;
        out.set(key, {
          key,
          model,
          mode,
          task,
          n: o.successN,
          interval: wilson(o.successes, o.successN, confidence),
          variance: evidence ? rateVariance(o.successes, o.successN, confidence) : null,
          evidence,
        });
      } else {
        const sums = { n: o.scoreN, sum: o.scoreSum, sumOfSquares: o.scoreSumOfSquares };
        const mv = meanAndVariance(sums);
        const evidence = o.scoreN >= min && mv !== null;
        out.set(key, {
          key,
          model,
          mode,
          task,
          n: o.scoreN,
          interval: meanInterval(sums, confidence),
          variance: evidence && mv ? mv.varianceOfMean : null,
          evidence,
        });
      }
    }
    return { metric, minOutcomes: min, confidence, cells: out };
  }
}

/** Every cell's estimate for one metric, and the settings that decided its evidence. */
export interface CellEstimates {
  metric: QualityMetric;
  minOutcomes: number;
  confidence: number;
  cells: Map<string, CellEstimate>;
}

/**
 * Outcome cells and placements, filled row by row. Outcomes always belong to the served model's cell;
 * `from` and `to` are where the reference and the candidate put the row's requests.
 */
export class PlacementTally {
  readonly cells = new QualityCells();
  private readonly placements = new Map<string, Placement>();

  add(
    row: { mode: string | null; task: string | null; requests: number; outcomes: OutcomeSums },
    served: string,
    from: string,
    to: string,
  ): void {
    const { mode, task } = row;
    const servedCell = cellKey(served, mode, task);
    this.cells.add(servedCell, { model: served, mode, task }, row.outcomes);
    const fromCell = from === served ? servedCell : cellKey(from, mode, task);
    const toCell = to === served ? servedCell : cellKey(to, mode, task);
    const key = `${fromCell}\u0000${toCell}`;
    const p = this.placements.get(key);
    if (p) p.requests += row.requests;
    else this.placements.set(key, { from: fromCell, to: toCell, mode, requests: row.requests });
  }

  list(): Placement[] {
    return [...this.placements.values()];
  }
}

/** Requests that the reference put in cell `from` and the candidate puts in cell `to`. */
export interface Placement {
  from: string;
  to: string;
  mode: string | null;
  requests: number;
}

export interface QualitySide {
  /** Traffic-weighted estimate over the requests whose cell has evidence; null when none has. */
  estimate: Interval | null;
  requestsWithEvidence: number;
  noEvidenceRequests: number;
}

export interface QualityComparison {
  metric: QualityMetric;
  minOutcomes: number;
  confidence: number;
  reference: QualitySide;
  candidate: QualitySide & { movedIntoNoEvidenceRequests: number };
  /** Over the requests with evidence on both sides: candidate − reference, and candidate / reference ("kept"). */
  paired: { requests: number; difference: Interval | null; ratio: Interval | null };
  /** Candidate cells without evidence that receive traffic, most requests first. */
  noEvidenceCells: (CellId & { key: string; outcomes: number; requests: number })[];
}

const cellValue = (c: CellEstimate | undefined) => (c?.evidence ? { p: c.interval!.estimate, v: c.variance! } : null);

function side(weights: Map<string, number>, cells: Map<string, CellEstimate>, confidence: number): QualitySide {
  let total = 0;
  let none = 0;
  for (const [key, w] of weights)
    if (cellValue(cells.get(key))) total += w;
    else none += w;
  if (total === 0) return { estimate: null, requestsWithEvidence: 0, noEvidenceRequests: none };
  let estimate = 0;
  let variance = 0;
  for (const [key, w] of weights) {
    const c = cellValue(cells.get(key));
    if (!c) continue;
    estimate += (w / total) * c.p;
    variance += (w / total) ** 2 * c.v;
  }
  return { estimate: normalInterval(estimate, variance, confidence, [0, 1]), requestsWithEvidence: total, noEvidenceRequests: none };
}

const addTo = (m: Map<string, number>, key: string, w: number) => m.set(key, (m.get(key) ?? 0) + w);

export function compareQuality(estimates: CellEstimates, placements: Iterable<Placement>): QualityComparison {
  const { cells, confidence } = estimates;
  const fromWeights = new Map<string, number>();
  const toWeights = new Map<string, number>();
  const pairedFrom = new Map<string, number>();
  const pairedTo = new Map<string, number>();
  let paired = 0;
  let movedIntoNone = 0;
  for (const p of placements) {
    addTo(fromWeights, p.from, p.requests);
    addTo(toWeights, p.to, p.requests);
    const toCell = cellValue(cells.get(p.to));
    if (!toCell && p.to !== p.from) movedIntoNone += p.requests;
    if (toCell && cellValue(cells.get(p.from))) {
      addTo(pairedFrom, p.from, p.requests);
      addTo(pairedTo, p.to, p.requests);
      paired += p.requests;
    }
  }

  let difference: Interval | null = null;
  let ratio: Interval | null = null;
  if (paired > 0) {
    let s = 0;
    let a = 0;
    let varS = 0;
    let varA = 0;
    let cov = 0;
    let varD = 0;
    for (const key of new Set([...pairedFrom.keys(), ...pairedTo.keys()])) {
      const c = cellValue(cells.get(key))!;
      const sc = (pairedTo.get(key) ?? 0) / paired;
      const ac = (pairedFrom.get(key) ?? 0) / paired;
      s += sc * c.p;
      a += ac * c.p;
      varS += sc * sc * c.v;
      varA += ac * ac * c.v;
      cov += sc * ac * c.v;
      varD += (sc - ac) ** 2 * c.v;
    }
    difference = normalInterval(s - a, varD, confidence, [-1, 1]);
    ratio = ratioInterval(s, a, varS, varA, cov, confidence);
  }

  const noEvidenceCells = [...toWeights]
    .filter(([key]) => !cellValue(cells.get(key)))
    .map(([key, requests]) => {
      const c = cells.get(key);
      const [model, mode, task] = JSON.parse(key) as [string, string | null, string | null];
      return { key, model, mode, task, outcomes: c?.n ?? 0, requests };
    })
    .sort((x, y) => y.requests - x.requests || x.key.localeCompare(y.key));

  return {
    metric: estimates.metric,
    minOutcomes: estimates.minOutcomes,
    confidence,
    reference: side(fromWeights, cells, confidence),
    candidate: { ...side(toWeights, cells, confidence), movedIntoNoEvidenceRequests: movedIntoNone },
    paired: { requests: paired, difference, ratio },
    noEvidenceCells,
  };
}
