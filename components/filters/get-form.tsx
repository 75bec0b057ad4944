'use client';

import { usePathname, useRouter } from 'next/navigation';

/**
 * A GET form that leaves empty fields out of the URL (`user=` would otherwise read as a filter on "no
 * user"). Without JavaScript it is a plain GET form.
 */
export function GetForm({ children, ...props }: React.FormHTMLAttributes<HTMLFormElement>) {
  const router = useRouter();
  const pathname = usePathname();
  return (
    <form
      {...props}
      onSubmit={(e) => {
        e.preventDefault();
        const query = new URLSearchParams();
        for (const [k, v] of new FormData(e.currentTarget)) if (typeof v === 'string' && v.trim() !== '') query.append(k, v.trim());
        router.push(`${pathname}?${query}`);
      }}
    >
      {children}
    </form>
  );
}
