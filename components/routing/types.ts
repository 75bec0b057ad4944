/** What the routing page's client components receive from its server actions (plain data). */
import type { ActionResult } from '@/lib/actions/result';
import type { RoutingDocument } from '@/lib/routing/document';
import type { RoutingIssue } from '@/lib/routing/issues';

/** A budget a rule's budget test may name: the organisation's budgets (services/budgets/list-budget-options.ts). */
export interface BudgetChoice {
  id: string;
  name: string;
}

export interface SavedDraft {
  revision: number;
  document: RoutingDocument;
  issues: RoutingIssue[];
  valid: boolean;
}

export type SaveDraftAction = (
  previous: unknown,
  input: { id: string; revision: number; document: unknown },
) => Promise<ActionResult<SavedDraft>>;

export type PublishDraftAction = (
  previous: unknown,
  input: { id: string; revision: number; note: string },
) => Promise<ActionResult<{ version: number }>>;

export type RollbackAction = (previous: unknown, input: { version: number; note: string }) => Promise<ActionResult<{ version: number }>>;

export type CreateDraftAction = (
  previous: unknown,
  input: { basedOnVersion?: number; name?: string },
) => Promise<ActionResult<{ id: string }>>;
