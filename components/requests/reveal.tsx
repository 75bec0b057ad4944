'use client';

import { useEffect, useRef } from 'react';

/**
 * Brings its content into view whenever `revealKey` changes: a request opened from a row far down the list
 * is shown where the reader is looking, not above the fold (on wide screens the panel is sticky beside the
 * list and already in view, so nothing moves).
 */
export function Reveal({ revealKey, children, className }: { revealKey: string; children: React.ReactNode; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || !revealKey) return;
    const box = el.getBoundingClientRect();
    if (box.top < 0 || box.top > window.innerHeight - 80) el.scrollIntoView({ block: 'start', behavior: 'instant' });
  }, [revealKey]);
  return (
    <div ref={ref} className={className} data-testid="request-panel">
      {children}
    </div>
  );
}
