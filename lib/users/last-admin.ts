/**
 * The organisation must always keep at least one active admin. Pure: given the active admins and a
 * change to one user, would the change leave none?
 */
import type { Role } from '@/lib/auth/permissions';

export type UserChange = { kind: 'role'; role: Role } | { kind: 'deactivate' };

export function removesLastAdmin(activeAdminIds: readonly string[], userId: string, change: UserChange): boolean {
  if (!activeAdminIds.includes(userId)) return false;
  const demotes = change.kind === 'deactivate' || change.role !== 'admin';
  return demotes && activeAdminIds.length <= 1;
}
