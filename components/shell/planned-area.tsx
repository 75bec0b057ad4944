import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

/** Areas of the product not built yet: what each will do, why it is empty, and no numbers. */
const PLANNED_AREAS = {
  usage: {
    title: 'Usage',
    purpose: 'Spend and tokens grouped by mode, task, model, provider, tier, project or user, at any granularity, with CSV export.',
    until: 'The usage explorer needs priced events and hourly rollups, which the ingestion release adds.',
  },
  budgets: {
    title: 'Budgets',
    purpose: 'Budgets scoped by project, mode, task, user, tier, model or tag, with forecasts and thresholds.',
    until: 'No budgets can be defined in this version.',
  },
  alerts: {
    title: 'Alerts',
    purpose: 'Alerts that fire exactly once per budget, period and threshold, delivered to webhooks, Slack or email.',
    until: 'Alerts depend on budgets, which are not available in this version.',
  },
  routing: {
    title: 'Routing',
    purpose: 'Routing tables that admins edit, version and publish, and that gateways pull with ETag polling.',
    until:
      'Routing tables cannot be edited in this version. Gateways can already authenticate with an API key that has the routing:read scope.',
  },
  simulate: {
    title: 'Simulate',
    purpose: 'Replay real history through a draft routing table: cost saved and quality kept, before you publish.',
    until: 'Simulation needs routing tables and priced history, which later releases add.',
  },
  reports: {
    title: 'Reports',
    purpose: 'What routing saved against a baseline, per mode and month, exportable for finance.',
    until: 'Savings reports need priced history and routing decisions, which later releases add.',
  },
} as const;

export type PlannedAreaKey = keyof typeof PLANNED_AREAS;

export function plannedAreaMetadata(key: PlannedAreaKey): Metadata {
  return { title: PLANNED_AREAS[key].title };
}

/** The page of an area not built yet (its page checks the caller first). */
export function PlannedArea({ area }: { area: PlannedAreaKey }) {
  const { title, purpose, until } = PLANNED_AREAS[area];
  return (
    <>
      <PageHeader title={title} description={purpose} />
      <EmptyState title={`${title} is not available yet`}>
        <p>{until}</p>
        <p className="mt-2">
          Nothing here is estimated or invented: this page will show figures once they can be computed from your own data.
        </p>
      </EmptyState>
    </>
  );
}
