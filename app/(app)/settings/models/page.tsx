import type { Metadata } from 'next';
import { JobsList } from '@/components/settings/jobs-card';
import {
  AddPriceForm,
  AliasForm,
  DeleteAliasButton,
  DeletePriceButton,
  RewriteHistoryButton,
  TierSelect,
} from '@/components/settings/models/price-forms';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { Forbidden } from '@/components/shell/forbidden';
import { formatDate, formatDollarsPerMTok, formatInteger, formatMicros } from '@/lib/format';
import type { Price, PriceTable } from '@/lib/pricing/price-table';
import { TIER_THRESHOLDS } from '@/lib/pricing/tiers';
import { pageUserWith } from '@/server/auth/page-permission';
import { listRecentJobs } from '@/services/jobs/list-recent-jobs';
import { getModelSettings } from '@/services/models/get-model-settings';

export const metadata: Metadata = { title: 'Models' };
export const dynamic = 'force-dynamic';

const base = (p: Price) => (typeof p === 'number' ? p : p.base);
const priceText = (p: Price) => `${formatDollarsPerMTok(base(p))}${typeof p === 'number' ? '' : '*'}`;

/** The cache-write price: the 5-minute one (or the generic one), with the 1-hour one when it differs. */
function cacheWriteText(table: PriceTable): string {
  const fiveMinutes = table.cacheWrite5m ?? table.cacheWrite;
  const oneHour = table.cacheWrite1h ?? table.cacheWrite;
  if (fiveMinutes === undefined && oneHour === undefined) return 'as input';
  const five = fiveMinutes === undefined ? 'as input' : priceText(fiveMinutes);
  return oneHour === undefined || (fiveMinutes !== undefined && base(oneHour) === base(fiveMinutes))
    ? five
    : `${five} (1 h: ${priceText(oneHour)})`;
}

export default async function ModelsPage() {
  const { user, ctx, denied } = await pageUserWith('models:manage');
  if (denied) return <Forbidden role={user.role} />;
  const [{ models, prices, aliases, tiers, overrides, pricer }, jobs] = await Promise.all([
    getModelSettings(ctx),
    listRecentJobs(ctx, { limit: 10 }),
  ]);
  const unpriced = models.filter((m) => m.unpricedRequests > 0);
  const overridden = new Set(overrides.map((o) => `${o.provider}/${o.model}`));
  const now = ctx.now;
  return (
    <div className="space-y-6">
      {unpriced.length > 0 ? (
        <div
          className="rounded-lg border border-amber-300 bg-amber-50 px-5 py-4 text-sm text-amber-900"
          role="alert"
          data-testid="unpriced-warning"
        >
          <strong>{formatInteger(unpriced.reduce((n, m) => n + m.unpricedRequests, 0))} requests</strong> from {unpriced.length} model
          {unpriced.length === 1 ? '' : 's'} have no known price ({unpriced.map((m) => `${m.provider}/${m.model}`).join(', ')}). They are
          counted as unpriced, never as $0. Add a price or map the name to a known model below.
        </div>
      ) : null}

      <Card
        title="Models in use"
        description={[
          'Prices come from the bundled genai-prices catalog unless an admin price applies (* = a higher long-context tier applies',
          `above a prompt size). Default tiers follow the output price: ≥ ${formatDollarsPerMTok(TIER_THRESHOLDS.frontier)}/MTok frontier,`,
          `≥ ${formatDollarsPerMTok(TIER_THRESHOLDS.balanced)} balanced, below economy. A tier set here applies to new requests;`,
          'Re-tier moves past ones; Re-price recomputes stored costs. Requests and cost count every request ever recorded (hourly totals).',
        ].join(' ')}
      >
        {models.length === 0 ? (
          <p className="text-sm text-slate-600">No requests recorded yet.</p>
        ) : (
          <Table caption="Models in use">
            <thead>
              <tr>
                <Th>Model</Th>
                <Th className="text-right">Requests, all time</Th>
                <Th className="text-right">Cost, all time</Th>
                <Th>Price now, in / out per MTok</Th>
                <Th>Cache read / write per MTok</Th>
                <Th>Tier</Th>
                <Th className="text-right">History</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {models.map((m) => {
                const priced = pricer.priceTableAt(m.provider, m.model, now);
                return (
                  <tr key={`${m.provider}/${m.model}`} data-testid={`model-row-${m.provider}/${m.model}`}>
                    <Td>
                      <span className="text-slate-500">{m.provider}/</span>
                      <span className="font-medium text-slate-900">{m.model}</span>
                      {m.unpricedRequests > 0 ? (
                        <span className="ml-2">
                          <Badge tone="amber">{formatInteger(m.unpricedRequests)} unpriced</Badge>
                        </span>
                      ) : null}
                      {m.costMismatches > 0 ? (
                        <span className="ml-2" title="Reported cost differs from the computed cost by more than 5 % and $0.001">
                          <Badge tone="red">{formatInteger(m.costMismatches)} cost mismatches</Badge>
                        </span>
                      ) : null}
                    </Td>
                    <Td className="text-right">{formatInteger(m.requests)}</Td>
                    <Td className="text-right">{m.unpricedRequests === m.requests ? 'unpriced' : formatMicros(m.costMicros)}</Td>
                    <Td>
                      {priced ? (
                        <>
                          {priceText(priced.table.input)} / {priceText(priced.table.output)}{' '}
                          <span className="text-xs text-slate-500">{priced.source.startsWith('custom:') ? 'admin price' : 'catalog'}</span>
                        </>
                      ) : (
                        <Badge tone="amber">no price</Badge>
                      )}
                    </Td>
                    <Td data-testid="cache-prices">
                      {priced ? (
                        <>
                          {priced.table.cacheRead === undefined ? 'as input' : priceText(priced.table.cacheRead)} /{' '}
                          {cacheWriteText(priced.table)}
                        </>
                      ) : (
                        '—'
                      )}
                    </Td>
                    <Td>
                      <TierSelect
                        provider={m.provider}
                        model={m.model}
                        tier={pricer.tierOf(m.provider, m.model)}
                        overridden={overridden.has(`${m.provider}/${m.model}`)}
                        tiers={tiers.map((t) => t.name)}
                      />
                    </Td>
                    <Td className="text-right">
                      <div className="flex flex-col items-end">
                        <RewriteHistoryButton provider={m.provider} model={m.model} kind="reprice" />
                        <RewriteHistoryButton provider={m.provider} model={m.model} kind="retier" />
                      </div>
                    </Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        )}
      </Card>

      <Card
        title="Admin prices"
        description={
          'Custom, negotiated or self-hosted prices, each from an effective date (UTC). Adding or ' +
          'deleting one re-prices the history it covers.'
        }
      >
        <AddPriceForm />
        {prices.length > 0 ? (
          <div className="mt-5">
            <Table caption="Admin prices">
              <thead>
                <tr>
                  <Th>Model</Th>
                  <Th>From</Th>
                  <Th>Input</Th>
                  <Th>Output</Th>
                  <Th>Cache read</Th>
                  <Th>Write 5 min</Th>
                  <Th>Write 1 h</Th>
                  <Th>Note</Th>
                  <Th />
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {prices.map((p) => (
                  <tr key={p.id}>
                    <Td>
                      {p.provider}/{p.model}
                    </Td>
                    <Td>{formatDate(p.effectiveFrom)}</Td>
                    <Td>{formatDollarsPerMTok(p.inputMicrosPerMTok)}</Td>
                    <Td>{formatDollarsPerMTok(p.outputMicrosPerMTok)}</Td>
                    <Td>{p.cacheReadMicrosPerMTok === null ? 'as input' : formatDollarsPerMTok(p.cacheReadMicrosPerMTok)}</Td>
                    <Td>{p.cacheWrite5mMicrosPerMTok === null ? 'as input' : formatDollarsPerMTok(p.cacheWrite5mMicrosPerMTok)}</Td>
                    <Td>{p.cacheWrite1hMicrosPerMTok === null ? 'as input' : formatDollarsPerMTok(p.cacheWrite1hMicrosPerMTok)}</Td>
                    <Td className="text-xs text-slate-500">{p.note}</Td>
                    <Td className="text-right">
                      <DeletePriceButton id={p.id} label={`${p.provider}/${p.model} from ${formatDate(p.effectiveFrom)}`} />
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        ) : null}
      </Card>

      <Card
        title="Aliases"
        description="Map a model name the catalog does not know (a gateway alias, a deployment name) to one it does, for pricing and tiers."
      >
        <AliasForm />
        {aliases.length > 0 ? (
          <div className="mt-5">
            <Table caption="Aliases">
              <thead>
                <tr>
                  <Th>Name sent</Th>
                  <Th>Priced as</Th>
                  <Th />
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {aliases.map((a) => (
                  <tr key={`${a.provider}/${a.model}`}>
                    <Td>
                      {a.provider}/{a.model}
                    </Td>
                    <Td>
                      {a.targetProvider}/{a.targetModel}
                    </Td>
                    <Td className="text-right">
                      <DeleteAliasButton provider={a.provider} model={a.model} />
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        ) : null}
      </Card>

      <Card title="Jobs" description="Re-pricing, re-tiering and imports run in the background; progress updates live.">
        <JobsList jobs={jobs} />
      </Card>
    </div>
  );
}
