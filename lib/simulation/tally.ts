/** Accumulators for breakdowns: actual and simulated cost cells under one key each. */
import type { CompareRow, CostCell } from './types';

export const emptyCell = (): CostCell => ({ requests: 0, costMicros: 0, unpricedRequests: 0 });

export function addCell(cell: CostCell, requests: number, costMicros: number, unpricedRequests: number): void {
  cell.requests += requests;
  cell.costMicros += costMicros;
  cell.unpricedRequests += unpricedRequests;
}

/** Breakdown rows by key; actual and simulated may file the same requests under different keys (model, tier). */
export class CompareTally<K extends string | null = string | null> {
  private readonly rows = new Map<K, CompareRow<K>>();

  private row(key: K): CompareRow<K> {
    let r = this.rows.get(key);
    if (!r) this.rows.set(key, (r = { key, actual: emptyCell(), simulated: emptyCell() }));
    return r;
  }

  actual(key: K, requests: number, costMicros: number, unpriced: number): void {
    addCell(this.row(key).actual, requests, costMicros, unpriced);
  }

  simulated(key: K, requests: number, costMicros: number, unpriced: number): void {
    addCell(this.row(key).simulated, requests, costMicros, unpriced);
  }

  /** Biggest spend first (either side), then by key, so the order is stable. */
  sortedBySpend(): CompareRow<K>[] {
    return [...this.rows.values()].sort(
      (a, b) =>
        Math.max(b.actual.costMicros, b.simulated.costMicros) - Math.max(a.actual.costMicros, a.simulated.costMicros) ||
        String(a.key).localeCompare(String(b.key)),
    );
  }

  sortedByKey(): CompareRow<K>[] {
    return [...this.rows.values()].sort((a, b) => String(a.key).localeCompare(String(b.key)));
  }
}
