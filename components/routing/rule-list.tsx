'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import type { DraftRule } from '@/lib/routing/editing';
import { routeSummary, whenSummary } from './rule-summary';

/**
 * The ordered rules: the first match decides. Reorder with the ↑ ↓ buttons, Alt+↑ / Alt+↓ on a rule, or by
 * dragging it; select one to edit it; delete it. Moves are announced for screen readers.
 */
export function RuleList({
  rules,
  selected,
  onSelect,
  onMove,
  onDelete,
}: {
  rules: readonly DraftRule[];
  selected: number | null;
  onSelect: (index: number) => void;
  onMove: (from: number, to: number) => void;
  onDelete: (index: number) => void;
}) {
  const [dragging, setDragging] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const move = (from: number, to: number) => {
    if (to < 0 || to >= rules.length || from === to) return;
    onMove(from, to);
    setAnnouncement(`Rule ${rules[from]!.id} moved to position ${to + 1} of ${rules.length}.`);
  };
  // Keyed by id (repeats numbered) so a moved rule keeps its DOM node and keyboard focus.
  const seen = new Map<string, number>();
  const keys = rules.map((r) => {
    const n = seen.get(r.id) ?? 0;
    seen.set(r.id, n + 1);
    return n === 0 ? r.id : `${r.id}#${n}`;
  });
  return (
    <div>
      <ol className="divide-y divide-slate-100 rounded-md border border-slate-200" aria-label="Rules, in order" data-testid="rule-list">
        {rules.map((rule, i) => (
          <li
            key={keys[i]}
            draggable
            onDragStart={(e) => {
              setDragging(i);
              e.dataTransfer.effectAllowed = 'move';
            }}
            onDragOver={(e) => {
              if (dragging !== null) e.preventDefault();
            }}
            onDrop={(e) => {
              e.preventDefault();
              if (dragging !== null) move(dragging, i);
              setDragging(null);
            }}
            onDragEnd={() => setDragging(null)}
            className={`flex items-center gap-2 px-3 py-2 text-sm ${selected === i ? 'bg-brand-50' : ''} ${
              dragging === i ? 'opacity-50' : ''
            }`}
            data-testid={`rule-row-${rule.id}`}
          >
            <span className="cursor-grab select-none text-slate-400" aria-hidden="true" title="Drag to reorder">
              ⠿
            </span>
            <span className="w-6 text-right text-xs text-slate-400">{i + 1}.</span>
            <button
              type="button"
              className="min-w-0 flex-1 rounded text-left focus-visible:outline-2 focus-visible:outline-brand-500"
              aria-pressed={selected === i}
              aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
              onClick={() => onSelect(i)}
              onKeyDown={(e) => {
                if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
                e.preventDefault();
                move(i, e.key === 'ArrowUp' ? i - 1 : i + 1);
              }}
            >
              <span className="font-mono font-medium text-slate-900">{rule.id}</span>
              <span className="ml-2 text-slate-500">{whenSummary(rule.when)}</span>
              <span className="ml-2 text-slate-700">→ {routeSummary(rule.route)}</span>
            </button>
            <Button type="button" variant="ghost" aria-label={`Move rule ${rule.id} up`} disabled={i === 0} onClick={() => move(i, i - 1)}>
              ↑
            </Button>
            <Button
              type="button"
              variant="ghost"
              aria-label={`Move rule ${rule.id} down`}
              disabled={i === rules.length - 1}
              onClick={() => move(i, i + 1)}
            >
              ↓
            </Button>
            <Button type="button" variant="ghost" aria-label={`Delete rule ${rule.id}`} onClick={() => onDelete(i)}>
              Delete
            </Button>
          </li>
        ))}
      </ol>
      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
