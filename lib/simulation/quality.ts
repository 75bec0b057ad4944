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

/** Interns cell keys: a replay asks for the same few hundred cells once per row. */
export class CellKeys {
  private readonly byModel = new Map<string, Map<string | null, Map<string | null, string>>>();
  get(model: string, mode: string | null, task: string | null): string {
    let byMode = this.byModel.get(model);
    if (!byMode) this.byModel.set(model, (byMode = new Map()));
    let byTask = byMode.get(mode);
    if (!byTask) byMode.set(mode, (byTask = new Map()));
    let key = byTask.get(task);
    if (key === undefined) byTask.set(task, (key = cellKey(model, mode, task)));
    return key;
  }
}

/**
 * Outcome cells and placements, filled row by row. Outcomes always belong to the served model's cell;
 * `from` and `to` are where the reference and the candidate put the row's requests.
 */
export class PlacementTally {
  readonly cells = new QualityCells();
  private readonly keys = new CellKeys();
  private readonly placements = new Map<string, Map<string, Placement>>();

  add(
    row: { mode: string | null; task: string | null; requests: number; outcomes: OutcomeSums },
    served: string,
    from: string,
    to: string,
  ): void {
    const { mode, task } = row;
    const servedCell = this.keys.get(served, mode, task);
    this.cells.add(servedCell, { model: served, mode, task }, row.outcomes);
    const fromCell = from === served ? servedCell : this.keys.get(from, mode, task);
    const toCell = to === served ? servedCell : this.keys.get(to, mode, task);
    let byTo = this.placements.get(fromCell);
    if (!byTo) this.placements.set(fromCell, (byTo = new Map()));
    const p = byTo.get(toCell);
    if (p) p.requests += row.requests;
    else byTo.set(toCell, { from: fromCell, to: toCell, mode, requests: row.requests });
  }

  list(): Placement[] {
    return [...this.placements.values()].flatMap((byTo) => [...byTo.values()]);
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

/**
 * Weighted sums behind a comparison, with each cell's total weight W (requests): per side Σ W, Σ W·p,
 * Σ W²·v and the weight without evidence; paired, with T and F the candidate's and reference's weights,
 * Σ T·p, Σ F·p, Σ T²v, Σ F²v, Σ T·F·v and Σ (T − F)²v. Sums over disjoint sets of cells add up, which is
 * what lets the frontier combine modes.
 */
export interface QualitySums {
  reference: SideSums;
  candidate: SideSums;
  movedIntoNone: number;
  paired: { n: number; tp: number; fp: number; t2v: number; f2v: number; tfv: number; d2v: number };
}
interface SideSums {
  w: number;
  wp: number;
  w2v: number;
  none: number;
}

const emptySide = (): SideSums => ({ w: 0, wp: 0, w2v: 0, none: 0 });
export const emptyQualitySums = (): QualitySums => ({
  reference: emptySide(),
  candidate: emptySide(),
  movedIntoNone: 0,
  paired: { n: 0, tp: 0, fp: 0, t2v: 0, f2v: 0, tfv: 0, d2v: 0 },
});

/** Adds `b` into `a` (the cells of `a` and `b` must be disjoint). */
export function addQualitySums(a: QualitySums, b: QualitySums): QualitySums {
  for (const s of ['reference', 'candidate'] as const) for (const k of ['w', 'wp', 'w2v', 'none'] as const) a[s][k] += b[s][k];
  a.movedIntoNone += b.movedIntoNone;
  for (const k of ['n', 'tp', 'fp', 't2v', 'f2v', 'tfv', 'd2v'] as const) a.paired[k] += b.paired[k];
  return a;
}

const cellValue = (c: CellEstimate | undefined) => (c?.evidence ? { p: c.interval!.estimate, v: c.variance! } : null);
const addTo = (m: Map<string, number>, key: string, w: number) => m.set(key, (m.get(key) ?? 0) + w);

function sideSums(weights: Map<string, number>, cells: Map<string, CellEstimate>): SideSums {
  const s = emptySide();
  for (const [key, w] of weights) {
    const c = cellValue(cells.get(key));
    if (!c) s.none += w;
    else {
      s.w += w;
      s.wp += w * c.p;
      s.w2v += w * w * c.v;
    }
  }
  return s;
}

export function sumPlacements(estimates: CellEstimates, placements: Iterable<Placement>): QualitySums {
  const { cells } = estimates;
  const from = new Map<string, number>();
  const to = new Map<string, number>();
  const pairedFrom = new Map<string, number>();
  const pairedTo = new Map<string, number>();
  const sums = emptyQualitySums();
  for (const p of placements) {
    addTo(from, p.from, p.requests);
    addTo(to, p.to, p.requests);
    const toCell = cellValue(cells.get(p.to));
    if (!toCell && p.to !== p.from) sums.movedIntoNone += p.requests;
    if (toCell && cellValue(cells.get(p.from))) {
      addTo(pairedFrom, p.from, p.requests);
      addTo(pairedTo, p.to, p.requests);
      sums.paired.n += p.requests;
    }
  }
  sums.reference = sideSums(from, cells);
  sums.candidate = sideSums(to, cells);
  const q = sums.paired;
  for (const key of new Set([...pairedFrom.keys(), ...pairedTo.keys()])) {
    const c = cellValue(cells.get(key))!;
    const t = pairedTo.get(key) ?? 0;
    const f = pairedFrom.get(key) ?? 0;
    q.tp += t * c.p;
    q.fp += f * c.p;
    q.t2v += t * t * c.v;
    q.f2v += f * f * c.v;
    q.tfv += t * f * c.v;
    q.d2v += (t - f) ** 2 * c.v;
  }
  return sums;
}

function finishSide(s: SideSums, confidence: number): QualitySide {
  if (s.w === 0) return { estimate: null, requestsWithEvidence: 0, noEvidenceRequests: s.none };
  return {
    estimate: normalInterval(s.wp / s.w, s.w2v / (s.w * s.w), confidence, [0, 1]),
    requestsWithEvidence: s.w,
    noEvidenceRequests: s.none,
  };
}

/** The comparison from its sums (without the list of cells lacking evidence). */
export function finishQuality(estimates: CellEstimates, sums: QualitySums): Omit<QualityComparison, 'noEvidenceCells'> {
  const { confidence } = estimates;
  const q = sums.paired;
  const n2 = q.n * q.n;
  const paired =
    q.n === 0
      ? { requests: 0, difference: null, ratio: null }
      : {
          requests: q.n,
          difference: normalInterval((q.tp - q.fp) / q.n, q.d2v / n2, confidence, [-1, 1]),
          ratio: ratioInterval(q.tp / q.n, q.fp / q.n, q.t2v / n2, q.f2v / n2, q.tfv / n2, confidence),
        };
  return {
    metric: estimates.metric,
    minOutcomes: estimates.minOutcomes,
    confidence,
    reference: finishSide(sums.reference, confidence),
    candidate: { ...finishSide(sums.candidate, confidence), movedIntoNoEvidenceRequests: sums.movedIntoNone },
    paired,
  };
}

export function compareQuality(estimates: CellEstimates, placements: readonly Placement[]): QualityComparison {
  const { cells } = estimates;
  const to = new Map<string, number>();
  for (const p of placements) addTo(to, p.to, p.requests);
  const noEvidenceCells = [...to]
    .filter(([key]) => !cellValue(cells.get(key)))
    .map(([key, requests]) => {
      const c = cells.get(key);
      const [model, mode, task] = JSON.parse(key) as [string, string | null, string | null];
      return { key, model, mode, task, outcomes: c?.n ?? 0, requests };
    })
    .sort((x, y) => y.requests - x.requests || x.key.localeCompare(y.key));
  return { ...finishQuality(estimates, sumPlacements(estimates, placements)), noEvidenceCells };
}
