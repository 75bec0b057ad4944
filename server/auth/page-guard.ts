/** Pages check the caller themselves too: the proxy only redirects, and a request may skip it. */
import { redirect } from 'next/navigation';
import type { UserActor } from '@/lib/auth/actor';
import type { ServiceContext } from '@/services/context';
import { contextFor } from '../context';
import { getCurrentUser } from './current-user';

export async function getPageUser(): Promise<UserActor> {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  return user;
}

/** The signed-in person and a context to call services with (a page's reads check their permission there). */
export async function getPageContext(): Promise<{ user: UserActor; ctx: ServiceContext }> {
  const user = await getPageUser();
  return { user, ctx: await contextFor(user) };
}
