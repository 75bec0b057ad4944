/** The product's areas, in navigation order; the sidebar and the navigation tests read this list. */
import type { Permission } from '@/lib/auth/permissions';

export interface NavItem {
  href: string;
  label: string;
  /** Shown only to roles with this permission. */
  permission: Permission;
  /**
   * false while the area is a placeholder page (components/shell/planned-area.tsx): the sidebar marks it
   * "not built yet". One flag per area, flipped when its page ships.
   */
  built: boolean;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Overview', permission: 'dashboards:read', built: true },
  { href: '/usage', label: 'Usage', permission: 'dashboards:read', built: true },
  { href: '/requests', label: 'Requests', permission: 'dashboards:read', built: true },
  { href: '/sessions', label: 'Sessions', permission: 'dashboards:read', built: true },
  { href: '/budgets', label: 'Budgets', permission: 'dashboards:read', built: true },
  { href: '/alerts', label: 'Alerts', permission: 'dashboards:read', built: true },
  { href: '/routing', label: 'Routing', permission: 'dashboards:read', built: true },
  { href: '/simulate', label: 'Simulate', permission: 'dashboards:read', built: true },
  { href: '/reports', label: 'Reports', permission: 'dashboards:read', built: true },
  { href: '/settings', label: 'Settings', permission: 'access_tokens:own', built: true },
];

export const SETTINGS_TABS: readonly NavItem[] = [
  { href: '/settings/users', label: 'Users', permission: 'users:manage', built: true },
  { href: '/settings/projects', label: 'Projects', permission: 'projects:manage', built: true },
  { href: '/settings/api-keys', label: 'API keys', permission: 'api_keys:manage', built: true },
  { href: '/settings/models', label: 'Models', permission: 'models:manage', built: true },
  { href: '/settings/import', label: 'Import', permission: 'data:import', built: true },
  { href: '/settings/channels', label: 'Channels', permission: 'channels:manage', built: true },
  { href: '/settings/organisation', label: 'Organisation', permission: 'organisation:manage', built: true },
  { href: '/settings/audit', label: 'Audit log', permission: 'audit:read', built: true },
  { href: '/settings/access-tokens', label: 'Access tokens', permission: 'access_tokens:own', built: true },
];

export function isActive(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}
