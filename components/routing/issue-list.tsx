import type { RoutingIssue } from '@/lib/routing/issues';

/** Errors first, then warnings, each with its code and where in the document (JSON pointer). */
export function IssueList({ issues, onShow }: { issues: readonly RoutingIssue[]; onShow?: (issue: RoutingIssue) => void }) {
  if (issues.length === 0) {
    return (
      <p className="text-sm text-emerald-700" role="status" data-testid="routing-valid">
        No problems: the document validates.
      </p>
    );
  }
  const sorted = [...issues].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const errors = issues.filter((i) => i.severity === 'error').length;
  return (
    <div data-testid="routing-issues">
      <p className="text-sm font-medium text-slate-800">
        {errors} error{errors === 1 ? '' : 's'}, {issues.length - errors} warning{issues.length - errors === 1 ? '' : 's'}
      </p>
      <ul className="mt-1 space-y-1 text-sm">
        {sorted.map((i) => (
          <li
            key={`${i.code}${i.path}${i.message}`}
            className={i.severity === 'error' ? 'text-red-700' : 'text-amber-800'}
            data-code={i.code}
          >
            <span className="font-medium">{i.severity === 'error' ? 'Error' : 'Warning'}</span>{' '}
            {onShow ? (
              <button type="button" className="font-mono text-xs underline" onClick={() => onShow(i)}>
                {i.path || '/'}
              </button>
            ) : (
              <span className="font-mono text-xs">{i.path || '/'}</span>
            )}
            : {i.message} <span className="text-xs text-slate-500">({i.code})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
