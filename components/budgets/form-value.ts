/** A stored budget as the form's text fields (the inverse of the form's toInput). */
import type { BudgetJson } from '@/lib/budgets/record';

export interface BudgetFormValue {
  id?: string;
  name: string;
  periodKind: 'day' | 'week' | 'month' | 'quarter' | 'rolling';
  rollingUnit: 'hours' | 'days';
  rollingLength: string;
  amount: string;
  thresholds: string;
  actionKind: 'notify' | 'downgrade' | 'block';
  downgradeTier: string;
  projects: string[];
  mode: string;
  task: string;
  user: string;
  tier: string;
  model: string;
  provider: string;
  tags: string;
  channelIds: string[];
  forecastAlert: boolean;
}

export const EMPTY_BUDGET_FORM: BudgetFormValue = {
  name: '',
  periodKind: 'month',
  rollingUnit: 'hours',
  rollingLength: '24',
  amount: '',
  thresholds: '50, 80, 100',
  actionKind: 'notify',
  downgradeTier: '',
  projects: [],
  mode: '',
  task: '',
  user: '',
  tier: '',
  model: '',
  provider: '',
  tags: '',
  channelIds: [],
  forecastAlert: false,
};

export function formValueOf(b: BudgetJson): BudgetFormValue {
  return {
    ...EMPTY_BUDGET_FORM,
    id: b.id,
    name: b.name,
    periodKind: b.period.kind,
    rollingUnit: b.period.kind === 'rolling' ? b.period.unit : 'hours',
    rollingLength: b.period.kind === 'rolling' ? String(b.period.length) : '24',
    amount: b.amount,
    thresholds: b.thresholds.join(', '),
    actionKind: b.action.kind,
    downgradeTier: b.action.kind === 'downgrade' ? b.action.tier : '',
    projects: b.scope.project,
    mode: b.scope.mode.join(', '),
    task: b.scope.task.join(', '),
    user: b.scope.user.join(', '),
    tier: b.scope.tier.join(', '),
    model: b.scope.model.join(', '),
    provider: b.scope.provider.join(', '),
    tags: Object.entries(b.scope.tags)
      .flatMap(([k, vs]) => vs.map((v) => `${k}=${v}`))
      .join(', '),
    channelIds: b.channelIds,
    forecastAlert: b.forecastAlert,
  };
}
