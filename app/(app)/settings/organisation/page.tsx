import type { Metadata } from 'next';
import { TimeZoneForm } from '@/components/settings/time-zone-form';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { getOrgTimeZone } from '@/db/queries/org-settings';
import { pageUserWith } from '@/lib/auth/page-permission';
import { timeZoneNames } from '@/lib/time/zoned';

export const metadata: Metadata = { title: 'Organisation' };
export const dynamic = 'force-dynamic';

export default async function OrganisationSettingsPage() {
  const { denied } = await pageUserWith('organisation:manage');
  if (denied) return denied;
  const timeZone = await getOrgTimeZone(await getDb());
  return (
    <Card>
      <h2 className="text-base font-semibold text-slate-900">Time zone</h2>
      <p className="mt-1 max-w-2xl text-sm text-slate-600">
        Every dashboard bucket and period boundary (days, weeks, months, “today”, “month to date”) follows this zone, daylight-saving
        changes included. Usage is stored by UTC hour, so zones offset by a half or quarter hour are bucketed at the UTC hour boundary.
      </p>
      <TimeZoneForm current={timeZone} zones={timeZoneNames()} />
    </Card>
  );
}
