import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { SetupForm } from '@/components/auth/setup-form';
import { contextFor } from '@/server/context';
import { isSetupComplete } from '@/services/setup/is-setup-complete';

export const metadata: Metadata = { title: 'Set up' };
export const dynamic = 'force-dynamic';

export default async function SetupPage() {
  if (await isSetupComplete(await contextFor(null))) redirect('/login');
  return (
    <AuthCard
      title="Welcome to Switchyard"
      subtitle="No account exists yet. Create the first admin; you can invite everyone else from Settings."
    >
      <SetupForm />
    </AuthCard>
  );
}
