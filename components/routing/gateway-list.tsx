import { Badge } from '@/components/ui/badge';
import { Table, Td, Th } from '@/components/ui/table';
import { formatDateTime } from '@/lib/format';

export interface GatewayRow {
  projectId: string;
  projectSlug: string | null;
  gatewayId: string;
  lastPullAt: Date;
  runningVersion: number | null;
  userAgent: string | null;
  /** Runs another version than the published one (or none yet). */
  behind: boolean;
  /** Has not pulled for longer than a long-poll cycle allows. */
  silent: boolean;
}

/** Gateways that pull the table: their last pull and the version they run; one behind the published version is flagged. */
export function GatewayList({
  gateways,
  published,
  timeZone,
}: {
  gateways: readonly GatewayRow[];
  published: number | null;
  timeZone: string;
}) {
  if (gateways.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        No gateway has pulled yet. Gateways call <code className="font-mono">GET /api/v1/routing</code> with a project key of scope{' '}
        <code className="font-mono">routing:read</code> and name themselves with <code className="font-mono">x-switchyard-gateway</code>.
      </p>
    );
  }
  return (
    <Table caption="Gateways">
      <thead>
        <tr>
          <Th>Gateway</Th>
          <Th>Last pull</Th>
          <Th>Runs version</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {gateways.map((g) => (
          <tr key={`${g.projectId}/${g.gatewayId}`} data-testid={`gateway-${g.gatewayId}`}>
            {/* Project and client under the gateway's name, badges under their figure: the table keeps to the card's width. */}
            <Td>
              <span className="font-mono">{g.gatewayId}</span>
              <div className="text-xs text-slate-600">project {g.projectSlug ?? '—'}</div>
              <div className="max-w-56 truncate text-xs text-slate-500" title={g.userAgent ?? undefined}>
                {g.userAgent ?? 'no user-agent'}
              </div>
            </Td>
            <Td className="min-w-36 whitespace-normal">
              {formatDateTime(g.lastPullAt, timeZone)}
              {g.silent ? (
                <div title="No pull for longer than a long-poll cycle allows.">
                  <Badge tone="amber">silent</Badge>
                </div>
              ) : null}
            </Td>
            <Td>
              {g.runningVersion === null ? 'none yet' : `v${g.runningVersion}`}
              <div>
                {g.behind ? (
                  <span title={published === null ? undefined : `The published version is ${published}.`}>
                    <Badge tone="red">old version{published === null ? '' : ` (published: v${published})`}</Badge>
                  </span>
                ) : (
                  <Badge tone="green">current</Badge>
                )}
              </div>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
