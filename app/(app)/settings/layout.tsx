import { SettingsTabs } from '@/components/settings/settings-tabs';
import { Forbidden } from '@/components/shell/forbidden';
import { PageHeader } from '@/components/ui/page-header';
import { getPageUser } from '@/server/auth/page-guard';
import { can } from '@/lib/auth/permissions';
import { SETTINGS_TABS } from '@/lib/navigation';

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const user = await getPageUser();
  const tabs = SETTINGS_TABS.filter((t) => can(user.role, t.permission)).map(({ href, label }) => ({ href, label }));
  if (tabs.length === 0) return <Forbidden role={user.role} />;
  return (
    <>
      <PageHeader
        title="Settings"
        description={
          can(user.role, 'users:manage')
            ? 'People, projects and the keys your gateways use. Every change here is recorded in the audit log.'
            : 'Your personal access tokens for scripts and CI. Every change here is recorded in the audit log.'
        }
      />
      <SettingsTabs tabs={tabs} />
      <div className="mt-6">{children}</div>
    </>
  );
}
