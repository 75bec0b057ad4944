/**
 * The monthly savings e-mail: which month is due (the last whole local month), and the message — the baseline
 * named in the subject, the month's totals, every table of the report as text and HTML (lib/savings/figures.ts),
 * the CSV attached, and the report's shareable link. Pure.
 */
import { z } from 'zod';
import { escapeHtml as escapeHtmlText } from '@/lib/alerts/email';
import type { FigureTable } from './figures';
import { addMonths, daysInMonth, formatCalendarDate, localDate } from '@/lib/time/zoned';
import { baselineChoiceSchema } from '@/lib/simulation/options';

export const savingsScheduleSchema = z.strictObject({
  /** An email alert channel (its recipients get the report). */
  channelId: z.uuid(),
  baseline: baselineChoiceSchema,
  projects: z.array(z.string().min(1).max(100)).max(100).default([]),
});
export type SavingsScheduleInput = z.infer<typeof savingsScheduleSchema>;

/** The last whole local month before `now`: `YYYY-MM` and its first and last day. */
export function dueMonth(now: Date, timeZone: string): { month: string; from: string; to: string } {
  const first = addMonths({ ...localDate(now, timeZone), day: 1 }, -1);
  const to = { ...first, day: daysInMonth(first.year, first.month) };
  return { month: formatCalendarDate(first).slice(0, 7), from: formatCalendarDate(first), to: formatCalendarDate(to) };
}

export interface MonthlyMessage {
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; content: string; contentType: string }[];
}

export function monthlyMessage(input: {
  month: string;
  label: string;
  heading: readonly string[];
  tables: readonly FigureTable[];
  csv: string;
  url: string;
}): MonthlyMessage {
  const totals = input.tables.find((t) => t.id === 'totals');
  const row = totals?.rows[0] ?? [];
  const figure = (name: string) => row[totals?.columns.indexOf(name) ?? -1] ?? '—';
  const subject = `[Switchyard] Savings ${input.month}: ${figure('Total savings')} against ${input.label}`.replace(/[\r\n]+/g, ' ');
  const text = [
    ...input.heading,
    '',
    ...input.tables.flatMap((t) => [t.title, t.columns.join(' | '), ...t.rows.map((r) => r.join(' | ')), '']),
    `Open the report: ${input.url}`,
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111">',
    ...input.heading.map((h, i) =>
      i === 0 ? `<p style="font-size:16px"><strong>${escapeHtmlText(h)}</strong></p>` : `<p>${escapeHtmlText(h)}</p>`,
    ),
    ...input.tables.flatMap((t) => [
      `<h3>${escapeHtmlText(t.title)}</h3>`,
      '<table cellpadding="4" style="border-collapse:collapse">',
      `<tr>${t.columns.map((c) => `<th align="left">${escapeHtmlText(c)}</th>`).join('')}</tr>`,
      ...t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtmlText(c)}</td>`).join('')}</tr>`),
      '</table>',
    ]),
    `<p><a href="${escapeHtmlText(input.url)}">Open the report</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html, attachments: [{ filename: `savings-${input.month}.csv`, content: input.csv, contentType: 'text/csv' }] };
}
