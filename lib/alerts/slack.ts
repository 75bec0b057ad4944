/**
 * An alert as a Slack incoming-webhook message: Block Kit blocks (header, the headline, the figures as fields,
 * scope and caveats as context, a button back to the budget) and a plain `text` fallback that notifications and
 * old clients show. User-written text (budget names, tag values) is escaped for mrkdwn (& < >), so a name cannot
 * inject a link or a mention. Pure.
 */
import { formatMicros } from '@/lib/format';
import { type AlertPayload, scopeSummary, unpricedNote } from './payload';

export interface SlackMessage {
  text: string;
  blocks: unknown[];
}

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export const escapeMrkdwn = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const plain = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const STATE_WORDS = { ok: 'OK', warning: 'Warning', exceeded: 'Exceeded' } as const;

export function slackMessage(payload: AlertPayload): SlackMessage {
  const d = payload.data;
  const title = payload.type === 'budget.forecast_exceeds' ? 'Budget forecast to exceed' : `Budget at ${d.threshold?.percent ?? 100} %`;
  const fields = [
    `*Spent*\n${formatMicros(d.spend.micros)} (${d.spend.percent} %)`,
    `*Budget*\n${formatMicros(d.budget.amount_micros)} · ${escapeMrkdwn(d.budget.period_text)}`,
    `*Period*\n${escapeMrkdwn(d.period.label)}${d.period.ended ? ' (ended)' : ''}`,
    `*State*\n${STATE_WORDS[d.state]}`,
  ];
  if (d.forecast && d.forecast.projected_micros !== null) {
    fields.push(
      `*Forecast at period end*\n${formatMicros(d.forecast.projected_micros)}` +
        (d.forecast.exceeds_on ? `, 100 % on ${d.forecast.exceeds_on}` : ''),
    );
  }
  const context = [`Scope: ${escapeMrkdwn(scopeSummary(d.budget.scope))}`];
  const unpriced = unpricedNote({ unpricedRequests: d.spend.unpriced_requests });
  if (unpriced) context.push(unpriced);
  if (d.forecast) context.push(`Forecast: ${escapeMrkdwn(d.forecast.method)}`);
  return {
    text: `${d.headline} ${d.url}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: plain(`${title}: ${d.budget.name}`, 150), emoji: false } },
      { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(d.headline) } },
      { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) },
      { type: 'context', elements: context.map((text) => ({ type: 'mrkdwn', text: plain(text, 3000) })) },
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open budget' }, url: d.url, action_id: 'open_budget' }],
      },
    ],
  };
}
