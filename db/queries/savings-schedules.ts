/** Monthly savings e-mails: the schedules and the once-per-month ledger of their sends. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { rowsOf } from '../rows';
import { savingsReportSchedules, savingsReportSends, type SavingsReportSchedule } from '../schema';

export async function listSavingsSchedules(db: Database): Promise<SavingsReportSchedule[]> {
  return db.select().from(savingsReportSchedules).orderBy(asc(savingsReportSchedules.createdAt));
}

export async function insertSavingsSchedule(
  db: Database,
  values: { channelId: string; baseline: string; projects: string[]; createdBy: string | null },
): Promise<SavingsReportSchedule> {
  const [row] = await db.insert(savingsReportSchedules).values(values).returning();
  return row!;
}

export async function deleteSavingsSchedule(db: Database, { id }: { id: string }): Promise<SavingsReportSchedule | undefined> {
  const [row] = await db.delete(savingsReportSchedules).where(eq(savingsReportSchedules.id, id)).returning();
  return row;
}

/** The last send of each schedule (for the page). */
export async function listSavingsSends(db: Database) {
  return db.select().from(savingsReportSends).orderBy(asc(savingsReportSends.month));
}

/**
 * Takes the (schedule, month) send: a new row, or a failed one under the attempt limit, or a `sending` one whose
 * claimer has been silent for 10 minutes (it crashed). False when another instance holds it or it is done.
 */
export async function claimSavingsSend(
  db: Database,
  args: { scheduleId: string; month: string; maxAttempts: number; now: Date },
): Promise<boolean> {
  const stale = new Date(args.now.getTime() - 600_000).toISOString();
  const rows = rowsOf<{ month: string }>(
    await db.execute(sql`insert into savings_report_sends (schedule_id, month, status, attempts, updated_at)
      values (${args.scheduleId}, ${args.month}, 'sending', 1, ${args.now.toISOString()}::timestamptz)
      on conflict (schedule_id, month) do update set status = 'sending', attempts = savings_report_sends.attempts + 1,
        updated_at = excluded.updated_at
      where savings_report_sends.attempts < ${args.maxAttempts} and (savings_report_sends.status = 'failed'
        or (savings_report_sends.status = 'sending' and savings_report_sends.updated_at < ${stale}::timestamptz))
      returning month`),
  );
  return rows.length === 1;
}

export async function finishSavingsSend(
  db: Database,
  args: { scheduleId: string; month: string; status: 'sent' | 'empty' | 'failed'; detail: string; now: Date },
): Promise<void> {
  await db
    .update(savingsReportSends)
    .set({ status: args.status, detail: args.detail.slice(0, 500), updatedAt: args.now })
    .where(and(eq(savingsReportSends.scheduleId, args.scheduleId), eq(savingsReportSends.month, args.month)));
}
