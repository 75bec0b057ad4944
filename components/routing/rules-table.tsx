import { Table, Td, Th } from '@/components/ui/table';
import type { RoutingDocument } from '@/lib/routing/document';
import { routeSummary, whenSummary } from './rule-summary';

/** A document read-only: its tiers, then its rules in order (the first match decides). */
export function RulesTable({ document }: { document: RoutingDocument }) {
  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-1 gap-2 text-sm md:grid-cols-3">
        {Object.entries(document.tiers).map(([tier, models]) => (
          <div key={tier} className="rounded-md border border-slate-200 px-3 py-2">
            <dt className="font-semibold text-slate-900">{tier}</dt>
            <dd className="font-mono text-xs text-slate-600">{models.join(' → ') || 'no model'}</dd>
          </div>
        ))}
      </dl>
      <Table caption="Rules, in order">
        <thead>
          <tr>
            <Th>#</Th>
            <Th>Rule</Th>
            <Th>When</Th>
            <Th>Route</Th>
            <Th>Fallbacks</Th>
            <Th>Effort</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {document.rules.map((r, i) => (
            <tr key={r.id} data-testid={`published-rule-${r.id}`}>
              <Td>{i + 1}</Td>
              <Td>
                <span className="font-mono font-medium text-slate-900">{r.id}</span>
                {r.description ? <p className="max-w-xs whitespace-normal text-xs text-slate-500">{r.description}</p> : null}
              </Td>
              <Td>
                <div className="max-w-sm whitespace-normal">{whenSummary(r.when)}</div>
              </Td>
              <Td className="font-mono">{routeSummary(r.route)}</Td>
              <Td className="font-mono text-xs">{r.fallbacks?.join(', ') ?? '—'}</Td>
              <Td>{r.reasoningEffort ?? '—'}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
