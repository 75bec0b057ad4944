'use client';

export type EditorTab = 'form' | 'json';

/** Form or JSON: two views of the same draft text. */
export function EditorTabs({ tab, onChange }: { tab: EditorTab; onChange: (tab: EditorTab) => void }) {
  const tabs: [EditorTab, string][] = [
    ['form', 'Form'],
    ['json', 'JSON'],
  ];
  return (
    <div role="tablist" aria-label="Editor" className="flex gap-1 border-b border-slate-200">
      {tabs.map(([id, label]) => (
        <button
          key={id}
          type="button"
          role="tab"
          id={`routing-tab-${id}`}
          aria-selected={tab === id}
          aria-controls={`routing-panel-${id}`}
          onClick={() => onChange(id)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') onChange(tab === 'form' ? 'json' : 'form');
          }}
          className={`-mb-px border-b-2 px-3 py-1.5 text-sm font-medium ${
            tab === id ? 'border-brand-600 text-brand-700' : 'border-transparent text-slate-600 hover:text-slate-900'
          }`}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
