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
          <Th>Project</Th>
          <Th>Last pull</Th>
          <Th>Runs version</Th>
          <Th>Client</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {gateways.map((g) => (
          <tr key={`${g.projectId}/${g.gatewayId}`} data-testid={`gateway-${g.gatewayId}`}>
            <Td className="font-mono">{g.gatewayId}</Td>
            <Td>{g.projectSlug ?? '—'}</Td>
            <Td>
              {formatDateTime(g.lastPullAt, timeZone)}{' '}
              {g.silent ? (
                <span className="ml-1">
                  <Badge tone="amber">silent</Badge>
                </span>
              ) : null}
            </Td>
            <Td>
              {g.runningVersion === null ? 'none yet' : `v${g.runningVersion}`}{' '}
              {g.behind ? (
                <span className="ml-1" title={published === null ? undefined : `The published version is ${published}.`}>
                  <Badge tone="red">old version{published === null ? '' : ` (published: v${published})`}</Badge>
                </span>
              ) : (
                <span className="ml-1">
                  <Badge tone="green">current</Badge>
                </span>
              )}
            </Td>
            <Td className="max-w-48 truncate text-xs text-slate-500">{g.userAgent ?? '—'}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
