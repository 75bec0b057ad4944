'use client';

import { useState } from 'react';
import { Input } from '@/components/ui/field';
import { splitList } from '@/lib/routing/editing';

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * A comma-separated list of values. Keeps the typed text (a trailing comma, a space) while it parses to
 * the same list; an empty field means "no test" (undefined).
 */
export function ListInput({
  value,
  onChange,
  ...props
}: {
  value: readonly string[] | undefined;
  onChange: (next: string[] | undefined) => void;
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
  const [text, setText] = useState((value ?? []).join(', '));
  const shown = same(splitList(text), value ?? []) ? text : (value ?? []).join(', ');
  return (
    <Input
      {...props}
      value={shown}
      onChange={(e) => {
        setText(e.target.value);
        const list = splitList(e.target.value);
        onChange(list.length > 0 ? list : undefined);
      }}
    />
  );
}
