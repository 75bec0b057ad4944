/** The product's areas, in navigation order; the sidebar and the navigation tests read this list. */
import type { Permission } from '@/lib/auth/permissions';

export interface NavItem {
  href: string;
  label: string;
  /** Shown only to roles with this permission. */
  permission: Permission;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Overview', permission: 'dashboards:read' },
  { href: '/usage', label: 'Usage', permission: 'dashboards:read' },
  { href: '/requests', label: 'Requests', permission: 'dashboards:read' },
  { href: '/sessions', label: 'Sessions', permission: 'dashboards:read' },
  { href: '/budgets', label: 'Budgets', permission: 'dashboards:read' },
  { href: '/alerts', label: 'Alerts', permission: 'dashboards:read' },
  { href: '/routing', label: 'Routing', permission: 'dashboards:read' },
  { href: '/simulate', label: 'Simulate', permission: 'dashboards:read' },
  { href: '/reports', label: 'Reports', permission: 'dashboards:read' },
  { href: '/settings', label: 'Settings', permission: 'access_tokens:own' },
];

export const SETTINGS_TABS: readonly NavItem[] = [
  { href: '/settings/users', label: 'Users', permission: 'users:manage' },
  { href: '/settings/projects', label: 'Projects', permission: 'projects:manage' },
  { href: '/settings/api-keys', label: 'API keys', permission: 'api_keys:manage' },
  { href: '/settings/models', label: 'Models', permission: 'models:manage' },
  { href: '/settings/import', label: 'Import', permission: 'data:import' },
  { href: '/settings/channels', label: 'Channels', permission: 'channels:manage' },
  { href: '/settings/organisation', label: 'Organisation', permission: 'organisation:manage' },
  { href: '/settings/audit', label: 'Audit log', permission: 'audit:read' },
  { href: '/settings/access-tokens', label: 'Access tokens', permission: 'access_tokens:own' },
];

export function isActive(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}
