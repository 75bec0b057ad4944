import { Table, Td, Th } from '@/components/ui/table';
import { formatInteger, formatMicros, formatPercent } from '@/lib/format';

interface RuleShare {
  ruleId: string;
  requests: number;
  costMicros: number;
  unpricedRequests: number;
  requestShare: number;
  spendShare: number;
}
export interface ShareSummary {
  version: number;
  rules: RuleShare[];
  total: { requests: number; costMicros: number; unpricedRequests: number };
  unseen: { ruleId: string; test: string; assumed: string }[];
}

const pct = (share: number) => formatPercent(share * 100);

/**
 * What the last 7 days' traffic would have done: requests and spend per rule of the draft beside the published
 * table (from the day rollups, each group run through the one evaluator). Tests the rollups cannot see are listed.
 */
export function TrafficShareTable({
  candidate,
  published,
  fromDay,
  toDay,
}: {
  candidate: ShareSummary | null;
  published: ShareSummary | null;
  fromDay: string;
  toDay: string;
}) {
  const ids = [...new Set([...(candidate?.rules ?? []).map((r) => r.ruleId), ...(published?.rules ?? []).map((r) => r.ruleId)])];
  const of = (s: ShareSummary | null, id: string) => s?.rules.find((r) => r.ruleId === id);
  const total = candidate?.total ?? published?.total;
  if (!total || total.requests === 0) {
    return (
      <p className="text-sm text-slate-600">
        No traffic recorded from {fromDay} to {toDay}: nothing to share out yet.
      </p>
    );
  }
  return (
    <div className="space-y-3" data-testid="traffic-share">
      <p className="text-sm text-slate-600">
        {formatInteger(total.requests)} requests, {formatMicros(total.costMicros)} from {fromDay} to {toDay}.
      </p>
      <Table caption="Traffic share per rule, draft beside published">
        <thead>
          <tr>
            <Th>Rule</Th>
            <Th className="text-right">Draft requests</Th>
            <Th className="text-right">Draft spend</Th>
            <Th className="text-right">Published requests</Th>
            <Th className="text-right">Published spend</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {ids.map((id) => {
            const [c, p] = [of(candidate, id), of(published, id)];
            return (
              <tr key={id} data-testid={`share-${id}`}>
                <Td className="font-mono">{id}</Td>
                <Td className="text-right">{c ? `${formatInteger(c.requests)} · ${pct(c.requestShare)}` : '—'}</Td>
                <Td className="text-right">{c ? `${formatMicros(c.costMicros)} · ${pct(c.spendShare)}` : '—'}</Td>
                <Td className="text-right">{p ? `${formatInteger(p.requests)} · ${pct(p.requestShare)}` : '—'}</Td>
                <Td className="text-right">{p ? `${formatMicros(p.costMicros)} · ${pct(p.spendShare)}` : '—'}</Td>
              </tr>
            );
          })}
        </tbody>
      </Table>
      <p className="text-xs text-slate-500">
        Spend is what these requests cost on the models that served them; the share shows where the draft would send them.
      </p>
      {candidate && candidate.unseen.length > 0 ? (
        <ul className="list-disc pl-5 text-xs text-amber-800">
          {candidate.unseen.map((u) => (
            <li key={`${u.ruleId}${u.test}`}>
              Rule <span className="font-mono">{u.ruleId}</span> tests {u.test}: {u.assumed}.
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
