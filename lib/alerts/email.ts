/**
 * An alert as an email: a subject that says what happened in the inbox list, a plain-text body, and an HTML body
 * with the same content (every user-written string HTML-escaped). The sender (SMTP, nodemailer) adds From/To.
 * Pure.
 */
import { formatMicros } from '@/lib/format';
import { type AlertPayload, scopeSummary, unpricedNote } from './payload';

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

export const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

export function emailMessage(payload: AlertPayload): EmailMessage {
  const d = payload.data;
  const what =
    payload.type === 'budget.forecast_exceeds'
      ? `forecast to exceed ${formatMicros(d.budget.amount_micros)}${d.forecast?.exceeds_on ? ` on ${d.forecast.exceeds_on}` : ''}`
      : `${d.threshold?.percent ?? 100} % of ${formatMicros(d.budget.amount_micros)} reached`;
  // Subjects are one line: a name with a newline must not start a header of its own.
  const subject = `[Switchyard] ${d.budget.name}: ${what} (${d.period.label})`.replace(/[\r\n]+/g, ' ');
  const rows: Array<[string, string]> = [
    ['Spent', `${formatMicros(d.spend.micros)} (${d.spend.percent} %)`],
    ['Budget', `${formatMicros(d.budget.amount_micros)}, ${d.budget.period_text}`],
    ['Period', `${d.period.label}${d.period.ended ? ' (ended)' : ''}, ${d.period.time_zone}`],
    ['Scope', scopeSummary(d.budget.scope)],
  ];
  if (d.forecast && d.forecast.projected_micros !== null) {
    rows.push([
      'Forecast at period end',
      `${formatMicros(d.forecast.projected_micros)}${d.forecast.exceeds_on ? `, 100 % on ${d.forecast.exceeds_on}` : ''}`,
    ]);
  }
  const notes = [
    unpricedNote({ unpricedRequests: d.spend.unpriced_requests }),
    d.forecast ? `Forecast method: ${d.forecast.method}` : null,
  ].filter((n): n is string => n !== null);
  const text = [
    d.headline,
    '',
    ...rows.map(([k, v]) => `${k}: ${v}`),
    '',
    ...notes,
    ...(notes.length > 0 ? [''] : []),
    `Open the budget: ${d.url}`,
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111">',
    `<p style="font-size:16px"><strong>${escapeHtml(d.headline)}</strong></p>`,
    '<table cellpadding="4" style="border-collapse:collapse">',
    ...rows.map(([k, v]) => `<tr><th align="left" style="color:#555">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`),
    '</table>',
    ...notes.map((n) => `<p style="color:#555">${escapeHtml(n)}</p>`),
    `<p><a href="${escapeHtml(d.url)}">Open the budget</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
