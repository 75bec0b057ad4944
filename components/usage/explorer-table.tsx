import { Money, Tokens } from '@/components/ui/figures';
import Link from 'next/link';
import { Table, Td, Th } from '@/components/ui/table';
import { formatInteger, formatShare } from '@/lib/format';
import { explorerSearch, groupLabel, toggleFilter, type ExplorerState, type SortColumn } from '@/lib/usage/explorer-state';
import type { ExplorerRow } from '@/lib/usage/explorer-table';

const COLUMNS: { id: SortColumn | null; label: string; numeric: boolean }[] = [
  { id: 'key', label: '', numeric: false },
  { id: 'requests', label: 'Requests', numeric: true },
  { id: 'input', label: 'Input tokens', numeric: true },
  { id: 'output', label: 'Output tokens', numeric: true },
  { id: 'cost', label: 'Spend', numeric: true },
  { id: null, label: 'Share', numeric: true },
];

/** Sortable (headers are links, so the sort is in the URL too); a key filters the view to it. */
export function ExplorerTable({ state, rows, total }: { state: ExplorerState; rows: ExplorerRow[]; total: number }) {
  const sortHref = (id: SortColumn) =>
    `/usage?${explorerSearch({ ...state, sort: id, dir: state.sort === id && state.dir === 'desc' ? 'asc' : 'desc' })}`;
  const drillable = !('dimension' in state.group && state.group.dimension === 'project');
  return (
    <Table caption={`Usage by ${groupLabel(state.group)}`}>
      <thead>
        <tr>
          {COLUMNS.map((c) => {
            const label = c.id === 'key' ? groupLabel(state.group) : c.label;
            const active = c.id !== null && state.sort === c.id;
            return (
              <Th key={label} className={c.numeric ? 'text-right' : ''}>
                {c.id ? (
                  <Link
                    href={sortHref(c.id)}
                    aria-sort={active ? (state.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                    className="hover:text-slate-900"
                    data-testid={`sort-${c.id}`}
                  >
                    {label}
                    {active ? (state.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                  </Link>
                ) : (
                  label
                )}
              </Th>
            );
          })}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100" data-testid="explorer-rows">
        {rows.map((r) => (
          <tr key={r.key}>
            <Td>
              {drillable && r.key !== '' ? (
                <Link
                  className="text-brand-700 hover:underline"
                  href={`/usage?${explorerSearch(toggleFilter(state, state.group, r.key))}`}
                  title="Filter to this value"
                >
                  {r.label}
                </Link>
              ) : (
                r.label
              )}
            </Td>
            <Td className="text-right tabular-nums">{formatInteger(r.requests)}</Td>
            <Td className="text-right tabular-nums">
              <Tokens count={r.inputTokens} />
            </Td>
            <Td className="text-right tabular-nums">
              <Tokens count={r.outputTokens} />
            </Td>
            <Td className="text-right tabular-nums" data-micros={r.costMicros}>
              <Money micros={r.costMicros} />
            </Td>
            <Td className="text-right tabular-nums">{formatShare(r.costMicros, total)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
