import { Badge } from '@/components/ui/badge';
import type { BudgetState } from '@/lib/budgets/state';

const TONE = { ok: 'green', warning: 'amber', exceeded: 'red' } as const;

export function StateBadge({ state }: { state: BudgetState }) {
  return <Badge tone={TONE[state]}>{state}</Badge>;
}
