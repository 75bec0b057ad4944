import type { Metadata } from 'next';
import { TimeZoneForm } from '@/components/settings/time-zone-form';
import { Card } from '@/components/ui/card';
import { Forbidden } from '@/components/shell/forbidden';
import { timeZoneNames } from '@/lib/time/zoned';
import { pageUserWith } from '@/server/auth/page-permission';
import { getOrgTimeZone } from '@/services/organisation/get-org-time-zone';

export const metadata: Metadata = { title: 'Organisation' };
export const dynamic = 'force-dynamic';

export default async function OrganisationSettingsPage() {
  const { user, ctx, denied } = await pageUserWith('organisation:manage');
  if (denied) return <Forbidden role={user.role} />;
  const timeZone = await getOrgTimeZone(ctx);
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
