import { redirect } from 'next/navigation';
import { Forbidden } from '@/components/shell/forbidden';
import { getPageUser } from '@/server/auth/page-guard';
import { can } from '@/lib/auth/permissions';
import { SETTINGS_TABS } from '@/lib/navigation';

export default async function SettingsIndex() {
  const user = await getPageUser();
  const first = SETTINGS_TABS.find((t) => can(user.role, t.permission));
  if (!first) return <Forbidden role={user.role} />;
  redirect(first.href);
}
