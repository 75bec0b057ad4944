export function Table({ children, caption }: { children: React.ReactNode; caption?: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        {children}
      </table>
    </div>
  );
}

export function Th({ children, className = '' }: { children?: React.ReactNode; className?: string }) {
  // As for Td's whitespace: a header given its own case rule keeps it (Tailwind's uppercase would win beside it).
  const letterCase = /(^|\s)(normal-case|lowercase|capitalize)/.test(className) ? '' : 'uppercase ';
  return (
    <th scope="col" className={`px-3 py-2 text-left text-xs font-semibold ${letterCase}tracking-wide text-slate-500 ${className}`}>
      {children}
    </th>
  );
}

export function Td({
  children,
  className = '',
  ...rest
}: { children?: React.ReactNode; className?: string } & React.TdHTMLAttributes<HTMLTableCellElement> & { 'data-micros'?: number }) {
  // A cell given its own whitespace rule keeps it: beside whitespace-nowrap in one class list, the later rule in
  // Tailwind's stylesheet (nowrap) would win whatever the order of the classes.
  const wrap = /(^|\s)whitespace-/.test(className) ? '' : 'whitespace-nowrap ';
  return (
    <td className={`${wrap}px-3 py-2 align-middle text-slate-700 ${className}`} {...rest}>
      {children}
    </td>
  );
}
