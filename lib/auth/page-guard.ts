/** Pages check the caller themselves too: the proxy only redirects, and a request may skip it. */
import { redirect } from 'next/navigation';
import type { UserActor } from './actor';
import { getCurrentUser } from './current-user';

export async function getPageUser(): Promise<UserActor> {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  return user;
}
