import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, permissionsOf, ROLES } from '@/lib/auth/permissions';
import { removesLastAdmin } from '@/lib/users/last-admin';

describe('permission table', () => {
  it('gives admins everything and viewers only reading (and their own access tokens)', () => {
    for (const p of PERMISSIONS) expect(can('admin', p)).toBe(true);
    expect(permissionsOf('viewer')).toEqual(['dashboards:read', 'access_tokens:own']);
  });

  it('lets members work on budgets, routing drafts and simulations but not settings or publishing', () => {
    expect(can('member', 'budgets:edit')).toBe(true);
    expect(can('member', 'routing:edit')).toBe(true);
    expect(can('member', 'simulations:run')).toBe(true);
    for (const p of [
      'users:manage',
      'projects:manage',
      'api_keys:manage',
      'audit:read',
      'routing:publish',
      'access_tokens:manage',
    ] as const)
      expect(can('member', p)).toBe(false);
  });

  it('is monotonic: every permission of a lower role is held by the roles above it', () => {
    const [admin, member, viewer] = ROLES;
    for (const p of permissionsOf(viewer)) expect(can(member, p)).toBe(true);
    for (const p of permissionsOf(member)) expect(can(admin, p)).toBe(true);
  });
});

describe('last admin rule', () => {
  it('refuses to demote or deactivate the only active admin', () => {
    expect(removesLastAdmin(['a'], 'a', { kind: 'role', role: 'member' })).toBe(true);
    expect(removesLastAdmin(['a'], 'a', { kind: 'deactivate' })).toBe(true);
  });
  it('allows it when another admin remains, and for non-admins', () => {
    expect(removesLastAdmin(['a', 'b'], 'a', { kind: 'deactivate' })).toBe(false);
    expect(removesLastAdmin(['a'], 'x', { kind: 'deactivate' })).toBe(false);
    expect(removesLastAdmin(['a'], 'a', { kind: 'role', role: 'admin' })).toBe(false);
  });
});
