/**
 * The payload of "Send test" on a channel: a well-formed alert (the same shape, rendering and signing as a real
 * one, so the test proves what a real alert would do) about an example budget that says in its name and
 * headline that it is a test. Its alert id is the test delivery's id, so a receiver never mistakes it for a
 * real alert's `msg_<alert id>`. Pure.
 */
import { budgetOrThrow } from '@/lib/budgets/schema';
import { periodAt } from '@/lib/budgets/periods';
import { budgetStatus } from '@/lib/budgets/state';
import { type AlertPayload, buildAlertPayload } from './payload';

export const TEST_BUDGET_ID = '00000000-0000-4000-8000-000000000000';

export function testAlertPayload(input: { deliveryId: string; now: Date; baseUrl: string; timeZone?: string }): AlertPayload {
  const timeZone = input.timeZone ?? 'UTC';
  const def = budgetOrThrow({ name: 'Test message from Switchyard', period: { kind: 'month' }, amount: '100' }, { knownTiers: [] });
  const status = budgetStatus({ spendMicros: 80_000_000, unpricedRequests: 0 }, def);
  const payload = buildAlertPayload({
    alertId: input.deliveryId,
    type: 'budget.threshold_reached',
    budget: { id: TEST_BUDGET_ID, ...def },
    period: periodAt(def.period, timeZone, input.now),
    timeZone,
    crossing: { threshold: 80, crossed: [80] },
    status,
    forecast: null,
    occurredAt: input.now,
    baseUrl: input.baseUrl,
  });
  const headline = `Test message: this channel works. A real alert looks like this one (${payload.data.headline}).`;
  return { ...payload, data: { ...payload.data, headline, url: `${input.baseUrl.replace(/\/+$/, '')}/settings/channels` } };
}
