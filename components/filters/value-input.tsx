'use client';

import { useEffect, useId, useState, type InputHTMLAttributes } from 'react';

/** Known values per dimension, fetched once per page load and shared by every input. */
const cache = new Map<string, Promise<string[]>>();

function knownValues(dimension: string): Promise<string[]> {
  let found = cache.get(dimension);
  if (!found) {
    found = fetch(`/usage/values?dimension=${encodeURIComponent(dimension)}`)
      .then((r) => (r.ok ? (r.json() as Promise<{ values: string[] }>) : { values: [] }))
      .then((b) => b.values)
      .catch(() => []);
    cache.set(dimension, found);
  }
  return found;
}

/** The known spelling of a typed value, matched without regard to case ("Code" → `code`); else the value as typed. */
export function knownSpelling(typed: string, known: readonly string[]): string {
  const value = typed.trim();
  return known.includes(value) ? value : (known.find((k) => k.toLowerCase() === value.toLowerCase()) ?? value);
}

/**
 * A text input that offers the values its dimension (or `tag:<key>`) took recently, as a native
 * datalist: the browser filters the list as one types, without regard to case. The page matches a
 * typed value without regard to case too, so a value need not be picked from the list.
 */
export function ValueInput({
  dimension,
  onKnown,
  ...props
}: { dimension: string; onKnown?: (values: string[]) => void } & InputHTMLAttributes<HTMLInputElement>) {
  const listId = `values-${useId()}`;
  const [values, setValues] = useState<string[]>([]);
  const [wanted, setWanted] = useState(false);
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    knownValues(dimension).then((v) => {
      if (!live) return;
      setValues(v);
      onKnown?.(v);
    });
    return () => {
      live = false;
    };
  }, [dimension, wanted, onKnown]);
  return (
    <>
      <input
        autoComplete="off"
        {...props}
        list={listId}
        onFocus={(e) => {
          setWanted(true);
          props.onFocus?.(e);
        }}
      />
      <datalist id={listId} data-testid={`values-${dimension}`}>
        {values.map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>
    </>
  );
}
