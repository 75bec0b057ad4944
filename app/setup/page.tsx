import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { SetupForm } from '@/components/auth/setup-form';
import { getDb } from '@/db/client';
import { countUsers } from '@/db/queries/users';

export const metadata: Metadata = { title: 'Set up' };
export const dynamic = 'force-dynamic';

export default async function SetupPage() {
  if ((await countUsers(await getDb())) > 0) redirect('/login');
  return (
    <AuthCard
      title="Welcome to Switchyard"
      subtitle="No account exists yet. Create the first admin; you can invite everyone else from Settings."
    >
      <SetupForm />
    </AuthCard>
  );
}
