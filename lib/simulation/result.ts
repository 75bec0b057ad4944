/** What a simulation shows, and the tally that fills it one replayed row at a time. */
import { modelKey, type GroupingPlan } from './group';
import {
  type CellEstimate,
  type CellEstimates,
  compareQuality,
  type Placement,
  PlacementTally,
  type QualityComparison,
  type QualityMetric,
  type QualityOptions,
} from './quality';
import type { ReplayVisitor, RowOutcome } from './replay';
import { addCell, CompareTally, emptyCell } from './tally';
import type { Assumptions, CompareRow, CostCell, ReplayRow, RouteChoice } from './types';

export interface MoveRow {
  from: string;
  to: string;
  actual: CostCell;
  simulated: CostCell;
}

export interface RuleRow {
  /** rule: a rule decided; tier-alias: a `switchyard/<tier>` request served by its tier; pass-through: not routed. */
  kind: 'rule' | 'tier-alias' | 'pass-through';
  ruleId: string | null;
  /** The tier of a tier alias. */
  tier: string | null;
  actual: CostCell;
  simulated: CostCell;
  movedRequests: number;
}

export interface SessionChange {
  sessionId: string;
  actual: CostCell;
  simulated: CostCell;
  deltaMicros: number;
}

export interface SimulationTotals {
  requests: number;
  actual: CostCell;
  simulated: CostCell;
  /** Requests priced on both sides: the difference that is fair to show as savings (actual − simulated). */
  comparable: { requests: number; actualMicros: number; simulatedMicros: number; savingsMicros: number };
  movedRequests: number;
  /** This replay is within this many µ$ of a request-by-request replay (grouped costs round once). */
  roundingBoundMicros: number;
}

export interface SimulationResult {
  assumptions: Assumptions;
  totals: SimulationTotals;
  byDay: CompareRow<string>[];
  byMode: CompareRow[];
  byTask: CompareRow[];
  /** Actual by the events' stored tier, simulated by the decision's tier. */
  byTier: CompareRow<string>[];
  /** Actual by served model, simulated by routed model (`provider/model`, lower-cased). */
  byModel: CompareRow<string>[];
  /** From served model to simulated model (the diagonal is traffic that stays). */
  moves: MoveRow[];
  byRule: RuleRow[];
  /** Sessions whose cost changes most (rows grouped by session only). */
  topSessions: SessionChange[];
  /** Reference = actual traffic, candidate = simulated traffic. */
  quality: Record<QualityMetric, QualityComparison>;
  /** Requests per (actual cell, simulated cell): what frontier combinations are built from. */
  placements: Placement[];
  /** Every model × mode × task cell's observed quality, per metric (the evidence behind `quality`). */
  cells: Record<QualityMetric, CellTable>;
}

/** Cell estimates as plain data (serialisable), with the settings that decided their evidence. */
export interface CellTable {
  minOutcomes: number;
  confidence: number;
  cells: CellEstimate[];
}

export const cellTable = (e: CellEstimates): CellTable => ({
  minOutcomes: e.minOutcomes,
  confidence: e.confidence,
  cells: [...e.cells.values()].sort((a, b) => a.key.localeCompare(b.key)),
});

/** Everything a simulation result shows, filled one row at a time. */
export class SimulationTally implements ReplayVisitor {
  private readonly actual = emptyCell();
  private readonly simulated = emptyCell();
  private readonly comparable = { requests: 0, actualMicros: 0, simulatedMicros: 0 };
  private requests = 0;
  private moved = 0;
  private roundingBound = 0;
  private readonly byDay = new CompareTally<string>();
  private readonly byMode = new CompareTally();
  private readonly byTask = new CompareTally();
  private readonly byTier = new CompareTally<string>();
  private readonly byModel = new CompareTally<string>();
  private readonly moves = new Map<string, Map<string, MoveRow>>();
  private readonly rules = new Map<RuleRow['kind'], Map<string | null, RuleRow>>();
  private readonly sessions = new Map<string, SessionChange>();
  private readonly quality = new PlacementTally();

  constructor(private readonly plan: GroupingPlan) {}

  visit(row: ReplayRow, choice: RouteChoice | null, o: RowOutcome): void {
    const n = row.requests;
    const aUnpriced = n - row.pricedRequests;
    const a = [n, row.costMicros, aUnpriced] as const;
    const s = [n, o.costMicros, o.unpricedRequests] as const;
    this.requests += n;
    addCell(this.actual, ...a);
    addCell(this.simulated, ...s);
    if (aUnpriced === 0 && o.unpricedRequests === 0) {
      this.comparable.requests += n;
      this.comparable.actualMicros += row.costMicros;
      this.comparable.simulatedMicros += o.costMicros;
    }
    if (!o.kept) this.moved += n;
    this.roundingBound += o.roundingBoundMicros;

    const day = this.plan.sliceDays[row.timeSlice]!;
    this.byDay.actual(day, ...a);
    this.byDay.simulated(day, ...s);
    this.byMode.actual(row.mode, ...a);
    this.byMode.simulated(row.mode, ...s);
    this.byTask.actual(row.task, ...a);
    this.byTask.simulated(row.task, ...s);
    this.byTier.actual(row.tier, ...a);
    this.byTier.simulated(o.tier, ...s);
    const from = modelKey(row);
    const to = o.kept ? from : modelKey(o.target);
    this.byModel.actual(from, ...a);
    this.byModel.simulated(to, ...s);

    let movesFrom = this.moves.get(from);
    if (!movesFrom) this.moves.set(from, (movesFrom = new Map()));
    let move = movesFrom.get(to);
    if (!move) movesFrom.set(to, (move = { from, to, actual: emptyCell(), simulated: emptyCell() }));
    addCell(move.actual, ...a);
    addCell(move.simulated, ...s);

    const kind = choice === null ? 'pass-through' : choice.ruleId !== null ? 'rule' : 'tier-alias';
    const ruleId = choice?.ruleId ?? null;
    const tier = kind === 'tier-alias' ? choice!.tier : null;
    let rulesOfKind = this.rules.get(kind);
    if (!rulesOfKind) this.rules.set(kind, (rulesOfKind = new Map()));
    let rule = rulesOfKind.get(ruleId ?? tier);
    if (!rule)
      rulesOfKind.set(ruleId ?? tier, (rule = { kind, ruleId, tier, actual: emptyCell(), simulated: emptyCell(), movedRequests: 0 }));
    addCell(rule.actual, ...a);
    addCell(rule.simulated, ...s);
    if (!o.kept) rule.movedRequests += n;

    if (row.sessionId !== null) {
      let session = this.sessions.get(row.sessionId);
      if (!session)
        this.sessions.set(
          row.sessionId,
          (session = { sessionId: row.sessionId, actual: emptyCell(), simulated: emptyCell(), deltaMicros: 0 }),
        );
      addCell(session.actual, ...a);
      addCell(session.simulated, ...s);
      session.deltaMicros += o.costMicros - row.costMicros;
    }

    this.quality.add(row, from, from, to);
  }

  result(assumptions: Assumptions, quality: QualityOptions, topSessions: number): SimulationResult {
    const placements = this.quality.list();
    const success = this.quality.cells.estimates('success', quality);
    const score = this.quality.cells.estimates('score', quality);
    const byCost = (x: { actual: CostCell; simulated: CostCell }, y: { actual: CostCell; simulated: CostCell }) =>
      Math.max(y.actual.costMicros, y.simulated.costMicros) - Math.max(x.actual.costMicros, x.simulated.costMicros);
    return {
      assumptions,
      totals: {
        requests: this.requests,
        actual: this.actual,
        simulated: this.simulated,
        comparable: { ...this.comparable, savingsMicros: this.comparable.actualMicros - this.comparable.simulatedMicros },
        movedRequests: this.moved,
        roundingBoundMicros: this.roundingBound,
      },
      byDay: this.byDay.sortedByKey(),
      byMode: this.byMode.sortedBySpend(),
      byTask: this.byTask.sortedBySpend(),
      byTier: this.byTier.sortedBySpend(),
      byModel: this.byModel.sortedBySpend(),
      moves: [...this.moves.values()]
        .flatMap((m) => [...m.values()])
        .sort((x, y) => byCost(x, y) || x.from.localeCompare(y.from) || x.to.localeCompare(y.to)),
      byRule: [...this.rules.values()]
        .flatMap((m) => [...m.values()])
        .sort((x, y) => byCost(x, y) || `${x.kind}${x.ruleId ?? x.tier}`.localeCompare(`${y.kind}${y.ruleId ?? y.tier}`)),
      topSessions: [...this.sessions.values()]
        .sort((x, y) => Math.abs(y.deltaMicros) - Math.abs(x.deltaMicros) || x.sessionId.localeCompare(y.sessionId))
        .slice(0, topSessions),
      quality: { success: compareQuality(success, placements), score: compareQuality(score, placements) },
      placements,
      cells: { success: cellTable(success), score: cellTable(score) },
    };
  }
}
