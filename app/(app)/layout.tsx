import { AppShell } from '@/components/shell/app-shell';
import { getPageUser } from '@/server/auth/page-guard';

export const dynamic = 'force-dynamic';

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await getPageUser();
  return <AppShell user={user}>{children}</AppShell>;
}
