/**
 * The permission table: the only place that says what a role may do. Server checks (route handlers,
 * server actions, pages) and the UI's show/hide both call `can`.
 */
export const ROLES = ['admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'dashboards:read',
  'users:manage',
  'projects:manage',
  'api_keys:manage',
  'audit:read',
  'budgets:edit',
  'routing:edit',
  'routing:publish',
  'simulations:run',
  'models:manage',
  'data:import',
  'organisation:manage',
  /** Create, edit, test and delete alert channels (webhook, Slack, email): they hold secrets and call out. */
  'channels:manage',
  /** Create, list and revoke one's own access tokens (every person). */
  'access_tokens:own',
  /** See and revoke everyone's access tokens. */
  'access_tokens:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  member: ['dashboards:read', 'budgets:edit', 'routing:edit', 'simulations:run', 'access_tokens:own'],
  viewer: ['dashboards:read', 'access_tokens:own'],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}
