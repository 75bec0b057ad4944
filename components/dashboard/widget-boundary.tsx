'use client';

import { Component, Suspense, type ReactNode } from 'react';

/** An error inside one widget stays inside it: the rest of the page keeps working. */
class WidgetErrorBoundary extends Component<{ title: string; children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <section className="rounded-lg border border-red-200 bg-red-50 px-5 py-4 text-sm text-red-800" role="alert">
        <p className="font-medium">{this.props.title} could not be loaded.</p>
        <p className="mt-1">The rest of the page is unaffected. Reload to try again; if it persists, check the server log.</p>
      </section>
    );
  }
}

/** Each dashboard widget loads on its own: a skeleton while it streams, an error card if it fails. */
export function Widget({ title, fallback, children }: { title: string; fallback: ReactNode; children: ReactNode }) {
  return (
    <WidgetErrorBoundary title={title}>
      <Suspense fallback={fallback}>{children}</Suspense>
    </WidgetErrorBoundary>
  );
}

export function WidgetSkeleton({ title, height = 'h-24' }: { title: string; height?: string }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white px-5 py-4" aria-busy="true" aria-label={`Loading ${title}`}>
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{title}</p>
      <div className={`mt-2 ${height} animate-pulse rounded bg-slate-100`} />
    </section>
  );
}
