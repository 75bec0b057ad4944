import 'server-only';
/** Marks an alert as seen (`{ id }`), once: a second acknowledgement changes nothing. Audited. */
import { z } from 'zod';
import { recordAudit } from '@/db/queries/audit';
import { acknowledgeAlertRow, getAlertRow } from '@/db/queries/budget-alerts';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import type { ServiceContext } from '../context';

const schema = z.strictObject({ id: z.guid('An alert id is a UUID.') });

export async function acknowledgeAlert(ctx: ServiceContext, input: unknown): Promise<{ id: string; acknowledgedAt: Date }> {
  assertCan(ctx.actor, 'budgets:edit');
  const actor = ctx.actor;
  const { id } = parseInput(schema, input, 'alert');
  return ctx.db.transaction(async (tx) => {
    const row = await acknowledgeAlertRow(tx, { id, userId: actor.kind === 'user' ? actor.userId : null, at: ctx.now });
    if (!row) {
      const existing = await getAlertRow(tx, { id });
      if (!existing) throw new AppError('not_found:alert', 'No such alert.');
      return { id, acknowledgedAt: existing.acknowledgedAt! };
    }
    await recordAudit(tx, { actor, action: 'alert.acknowledge', targetType: 'alert', targetId: id, details: { budgetId: row.budgetId } });
    return { id, acknowledgedAt: row.acknowledgedAt! };
  });
}
