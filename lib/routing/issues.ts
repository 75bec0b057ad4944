/**
 * What is wrong with a routing document: a stable code, a JSON pointer (RFC 6901) into the document, a message
 * for people, and a severity. Errors refuse the save; warnings are shown and allowed. Clients branch on `code`.
 */
export const ROUTING_ISSUES = {
  // Refused before the document is read.
  invalid_json: { severity: 'error', meaning: 'The document is not valid JSON.' },
  document_too_large: { severity: 'error', meaning: 'The document is over 1 MB as JSON.' },
  too_many_rules: { severity: 'error', meaning: 'The document has more rules than the limit (500).' },
  // Schema violations.
  unknown_field: { severity: 'error', meaning: 'A field the schema does not have (a typo?).' },
  missing_field: { severity: 'error', meaning: 'A required field is missing.' },
  invalid_value: { severity: 'error', meaning: 'A field has the wrong type or an invalid value.' },
  // Meaning.
  duplicate_rule_id: { severity: 'error', meaning: 'Two rules share an id.' },
  missing_default: { severity: 'error', meaning: 'The last rule is not a default (empty `when`).' },
  misplaced_default: { severity: 'error', meaning: 'A rule with an empty `when` is not last: the rules after it never match.' },
  preempted_rule: { severity: 'error', meaning: 'An earlier rule matches every request this rule matches.' },
  empty_range: { severity: 'error', meaning: 'An input-token range holds no value (gte ≥ lt).' },
  unknown_tier: { severity: 'error', meaning: 'A route names a tier the document does not define.' },
  empty_tier: { severity: 'error', meaning: 'A tier lists no model.' },
  unknown_model: { severity: 'error', meaning: 'A model Switchyard does not know.' },
  unknown_budget: { severity: 'error', meaning: 'A budget test names a budget that does not exist.' },
  unpriced_model: { severity: 'warning', meaning: 'A model with no price: its spend would show as unpriced.' },
  tier_not_in_catalog: { severity: 'warning', meaning: 'A tier that the model catalog does not have.' },
  unknown_project: { severity: 'warning', meaning: 'A project slug that does not exist (yet).' },
  duplicate_model: { severity: 'warning', meaning: 'A model listed twice in one tier or fallback list.' },
  literal_pattern: { severity: 'warning', meaning: 'A value that looks like a pattern; values match literally.' },
} as const;

export type RoutingIssueCode = keyof typeof ROUTING_ISSUES;
export type RoutingIssueSeverity = 'error' | 'warning';

export interface RoutingIssue {
  code: RoutingIssueCode;
  /** JSON pointer into the document ('' is the whole document). */
  path: string;
  message: string;
  severity: RoutingIssueSeverity;
}

export function issue(code: RoutingIssueCode, path: string, message: string): RoutingIssue {
  return { code, path, message, severity: ROUTING_ISSUES[code].severity };
}

export function hasErrors(issues: readonly RoutingIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
export function jsonPointer(segments: readonly PropertyKey[]): string {
  return segments.map((s) => `/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** Thrown by compileRoutingDocument when a document cannot be evaluated; `issues` say why. */
export class RoutingDocumentError extends Error {
  readonly issues: readonly RoutingIssue[];

  constructor(issues: readonly RoutingIssue[]) {
    super(issues.map((i) => `${i.path || '/'}: ${i.message}`).join('; '));
    this.name = 'RoutingDocumentError';
    this.issues = issues;
  }
}
