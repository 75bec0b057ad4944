'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { isActive, type NavItem } from '@/lib/navigation';

export function Sidebar({ items }: { items: readonly Pick<NavItem, 'href' | 'label' | 'built'>[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-0.5">
      {items.map((item) => {
        const active = isActive(pathname, item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? 'page' : undefined}
            data-built={item.built}
            title={item.built ? undefined : `${item.label}: not built yet`}
            className={`flex items-center justify-between rounded-md px-3 py-2 text-sm font-medium
              ${active ? 'bg-slate-800 text-white' : 'text-slate-300 hover:bg-slate-800/60 hover:text-white'}`}
          >
            {item.label}
            {item.built ? null : (
              <span
                aria-hidden
                className="ml-2 rounded bg-slate-700/70 px-1.5 py-0.5 text-[10px] font-normal uppercase tracking-wide text-slate-300"
              >
                not built yet
              </span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}
