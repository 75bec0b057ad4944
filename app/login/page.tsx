import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { LoginForm } from '@/components/auth/login-form';
import { safeCallbackUrl } from '@/lib/auth/sign-in-errors';
import { getEnv } from '@/lib/env';
import { getCurrentUser } from '@/server/auth/current-user';
import { contextFor } from '@/server/context';
import { isSetupComplete } from '@/services/setup/is-setup-complete';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!(await isSetupComplete(await contextFor(null)))) redirect('/setup');
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl, getEnv().NEXTAUTH_URL);
  if (await getCurrentUser()) redirect(callbackUrl);
  const notice = params.reason === 'expired' ? 'Your session expired. Sign in again to continue.' : undefined;
  return (
    <AuthCard title="Sign in" subtitle="Use the email and password an admin gave you.">
      <LoginForm callbackUrl={callbackUrl} notice={notice} />
    </AuthCard>
  );
}
