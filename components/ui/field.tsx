'use client';

import { cloneElement, isValidElement, useId, type InputHTMLAttributes, type ReactElement, type SelectHTMLAttributes } from 'react';

const control =
  'block rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-xs ' +
  'placeholder:text-slate-400 focus:border-brand-500 focus:outline-none focus:ring-2 ' +
  'focus:ring-brand-500/20';

/** A labelled control; the id is unique per render, so several forms on one page never share label targets. */
export function Field({
  label,
  name,
  errors,
  hint,
  children,
}: {
  label: string;
  name: string;
  errors?: string[];
  hint?: string;
  children: React.ReactNode;
}) {
  const id = `${name}-${useId()}`;
  const describedBy = errors?.length ? `${id}-errors` : hint ? `${id}-hint` : undefined;
  const control = isValidElement(children)
    ? cloneElement(children as ReactElement<{ id?: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }>, {
        id,
        'aria-describedby': describedBy,
        'aria-invalid': errors?.length ? true : undefined,
      })
    : children;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {control}
      {hint && !errors?.length ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <div id={`${id}-errors`}>
          {errors.map((e) => (
            <p key={e} className="text-xs text-red-700" role="alert">
              {e}
            </p>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/** Full width unless the caller gives a width of its own. */
const width = (className?: string) => (/(^|\s)(min-)?w-/.test(className ?? '') ? className : `w-full ${className ?? ''}`);

export function Input(props: InputHTMLAttributes<HTMLInputElement>) {
  return <input {...props} className={`${control} ${width(props.className)}`} />;
}

export function Select(props: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select {...props} className={`${control} ${width(props.className)}`} />;
}
