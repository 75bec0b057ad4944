import 'server-only';
/**
 * The monthly savings e-mail (a periodic task of the scheduler: register `{ name: 'savings-monthly-reports',
 * everyMs: 3_600_000, run: sendMonthlyReports }`). For each schedule, the last whole local month is sent once to the
 * recipients of its email alert channel (h/channels), through the channels' SMTP settings: a claimed row per
 * schedule and month (savings_report_sends) makes it once however many instances run; a failed send is retried on
 * the next run (at most MAX_ATTEMPTS); a month without usage is recorded as `empty` and nothing is sent.
 */
import nodemailer from 'nodemailer';
import { getAlertChannelById } from '@/db/queries/channels';
import { claimSavingsSend, finishSavingsSend, listSavingsSchedules } from '@/db/queries/savings-schedules';
import { getOrgTimeZone } from '@/db/queries/org-settings';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { reportCsv, reportTables } from '@/lib/savings/figures';
import { dueMonth, monthlyMessage } from '@/lib/savings/monthly';
import { parseBaselineParam, savingsSearch } from '@/lib/savings/report-input';
import { allowPrivateWebhooks, publicBaseUrl, smtpSettings } from '@/lib/env';
import type { DeliveryEnvironment } from '../channels/attempt-delivery';
import type { ServiceContext } from '../context';
import { changeLabel, reportHeading } from '@/lib/savings/report-heading';
import { getSavingsReport } from './get-savings-report';

export const MAX_ATTEMPTS = 5;
const SEND_TIMEOUT_MS = 20_000;

export interface MonthlyReportsResult {
  month: string;
  sent: number;
  empty: number;
  failed: number;
  skipped: number;
}

export async function sendMonthlyReports(ctx: ServiceContext, options: { env?: DeliveryEnvironment } = {}): Promise<MonthlyReportsResult> {
  assertCan(ctx.actor, 'channels:manage');
  const env = options.env ?? { allowPrivate: allowPrivateWebhooks(), smtp: smtpSettings(), baseUrl: publicBaseUrl() };
  const baseUrl = env.baseUrl.replace(/\/$/, '');
  const timeZone = await getOrgTimeZone(ctx.db);
  const { month, from, to } = dueMonth(ctx.now, timeZone);
  const result: MonthlyReportsResult = { month, sent: 0, empty: 0, failed: 0, skipped: 0 };
  for (const schedule of await listSavingsSchedules(ctx.db)) {
    // Claimed before the send: another instance running the task at once finds the row taken and skips it.
    const claimed = await claimSavingsSend(ctx.db, { scheduleId: schedule.id, month, maxAttempts: MAX_ATTEMPTS, now: ctx.now });
    if (!claimed) {
      result.skipped++;
      continue;
    }
    const input = { from, to, baseline: parseBaselineParam(schedule.baseline), projects: schedule.projects };
    let outcome: { status: 'sent' | 'empty' | 'failed'; detail: string };
    try {
      const channel = await getAlertChannelById(ctx.db, { id: schedule.channelId });
      const to = channel && channel.kind === 'email' && 'to' in channel.config ? channel.config.to : [];
      if (to.length === 0) throw new AppError('bad_request:savings', 'The schedule’s channel is not an email channel with recipients.');
      if (!env.smtp)
        throw new AppError('unavailable:configuration', 'Email is not configured (set SWITCHYARD_SMTP_URL and SWITCHYARD_SMTP_FROM).');
      const view = await getSavingsReport(ctx, input);
      const tables = reportTables(view.report, changeLabel(view));
      const heading = reportHeading(view);
      const message = monthlyMessage({
        month,
        label: view.report.baseline.label,
        heading,
        tables,
        csv: reportCsv(heading, tables),
        url: `${baseUrl}/reports?${savingsSearch(view.input)}`,
      });
      const transport = nodemailer.createTransport({
        url: env.smtp.url,
        connectionTimeout: SEND_TIMEOUT_MS,
        greetingTimeout: SEND_TIMEOUT_MS,
        socketTimeout: SEND_TIMEOUT_MS,
      } as Parameters<typeof nodemailer.createTransport>[0]);
      try {
        const info = await transport.sendMail({ from: env.smtp.from, to, ...message });
        outcome = { status: 'sent', detail: String(info.response ?? '') };
      } finally {
        transport.close();
      }
    } catch (err) {
      const e = err as { code?: string; message?: string };
      outcome =
        e.code === 'not_found:savings'
          ? { status: 'empty', detail: e.message ?? '' }
          : { status: 'failed', detail: e.message ?? String(err) };
    }
    await finishSavingsSend(ctx.db, { scheduleId: schedule.id, month, ...outcome, now: ctx.now });
    result[outcome.status === 'sent' ? 'sent' : outcome.status === 'empty' ? 'empty' : 'failed']++;
  }
  return result;
}
