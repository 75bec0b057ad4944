import Link from 'next/link';
import type { UserActor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/permissions';
import { NAV_ITEMS } from '@/lib/navigation';
import { Sidebar } from './sidebar';
import { SignOutButton } from './sign-out-button';

export function AppShell({ user, children }: { user: UserActor; children: React.ReactNode }) {
  const items = NAV_ITEMS.filter((item) => can(user.role, item.permission)).map(({ href, label, built }) => ({ href, label, built }));
  return (
    <div className="flex min-h-screen">
      {/* The dark column runs the page's full height (it stretches); its contents stay in view while the page scrolls. */}
      <aside className="w-56 shrink-0 self-stretch bg-slate-900" data-testid="sidebar">
        <div className="sticky top-0 flex h-screen flex-col px-3 py-4">
          <Link href="/" className="mb-6 flex items-center gap-2 px-3 text-white">
            <span aria-hidden className="inline-block h-5 w-5 rounded bg-gradient-to-br from-brand-500 to-emerald-400" />
            <span className="text-base font-semibold tracking-tight">Switchyard</span>
          </Link>
          <Sidebar items={items} />
          <div className="mt-auto border-t border-slate-800 px-3 pt-4">
            <p className="truncate text-sm text-white" title={user.email} data-testid="current-user">
              {user.name}
            </p>
            <p className="truncate text-xs text-slate-400">{user.email}</p>
            <p className="mb-3 text-xs text-slate-400">
              Role: <span data-testid="current-role">{user.role}</span>
            </p>
            <SignOutButton />
          </div>
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-8 py-8">{children}</main>
    </div>
  );
}
