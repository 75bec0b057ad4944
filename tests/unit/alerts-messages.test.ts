import { describe, expect, it } from 'vitest';
import { emailMessage } from '@/lib/alerts/email';
import { type AlertInput, buildAlertPayload, budgetLink, scopeSummary } from '@/lib/alerts/payload';
import { escapeMrkdwn, slackMessage } from '@/lib/alerts/slack';
import { summariseCrossing } from '@/lib/budgets/alert-ledger';
import { forecastBudget } from '@/lib/budgets/forecast';
import { periodAt } from '@/lib/budgets/periods';
import { budgetOrThrow } from '@/lib/budgets/schema';
import { budgetStatus } from '@/lib/budgets/state';

const NY = 'America/New_York';
const USD = 1_000_000;
const now = new Date('2026-12-10T17:00:00Z');

function input(overrides: Partial<AlertInput> = {}, name = 'Platform <team> & co'): AlertInput {
  const def = budgetOrThrow(
    { name, period: { kind: 'month' }, amount: '250', scope: { mode: ['code'], tags: { team: ['<b>platform</b>'] } } },
    { knownTiers: ['frontier'] },
  );
  const period = periodAt(def.period, NY, now);
  // $10 a day from 24 November to 9 December, $15 so far on the 10th.
  const days = [...Array.from({ length: 7 }, (_, i) => `2026-11-${24 + i}`), ...Array.from({ length: 9 }, (_, i) => `2026-12-0${i + 1}`)];
  const dailySpend: Record<string, number> = { ...Object.fromEntries(days.map((d) => [d, 10 * USD])), '2026-12-10': 15 * USD };
  const status = budgetStatus({ spendMicros: 205 * USD, unpricedRequests: 3 }, def);
  return {
    alertId: '7b1c2d3e-0000-4000-8000-000000000001',
    type: 'budget.threshold_reached',
    budget: { id: 'b-1', ...def },
    period,
    timeZone: NY,
    crossing: summariseCrossing([50, 80]),
    status,
    forecast: forecastBudget({
      period,
      timeZone: NY,
      now,
      amountMicros: def.amountMicros,
      thresholds: def.thresholds,
      dailySpend,
      dataSince: { year: 2026, month: 11, day: 1 },
    }),
    occurredAt: now,
    baseUrl: 'https://switchyard.example.com/',
    ...overrides,
  };
}

describe('alert payload', () => {
  it('carries budget, scope, period, threshold, spend at the time, amount, state, forecast and a link back', () => {
    const p = buildAlertPayload(input());
    expect(p.type).toBe('budget.threshold_reached');
    expect(p.timestamp).toBe('2026-12-10T17:00:00.000Z');
    expect(p.data).toMatchObject({
      alert_id: '7b1c2d3e-0000-4000-8000-000000000001',
      budget: {
        id: 'b-1',
        amount_micros: 250 * USD,
        amount_usd: '250.00',
        period: { kind: 'month' },
        period_text: 'Monthly',
        thresholds: [50, 80, 100],
      },
      period: {
        key: 'month:2026-12',
        label: 'December 2026',
        start: '2026-12-01T05:00:00.000Z',
        end: '2027-01-01T05:00:00.000Z',
        time_zone: NY,
        ended: false,
      },
      threshold: { percent: 80, crossed: [50, 80] },
      state: 'warning',
      spend: { micros: 205 * USD, usd: '205.00', percent: '82.0', unpriced_requests: 3, remaining_micros: 45 * USD, over_micros: 0 },
      url: 'https://switchyard.example.com/budgets/b-1?period=month%3A2026-12',
    });
    expect(p.data.budget.scope.tags).toEqual({ team: ['<b>platform</b>'] });
    expect(p.data.headline).toBe('“Platform <team> & co” reached 80 % (and 50 %) of its $250.00 budget: $205.00 spent (December 2026)');
    expect(JSON.parse(JSON.stringify(p))).toEqual(p); // plain JSON, no Dates or BigInts
  });

  it('says when the period has ended (a late event or re-price crossed it)', () => {
    const p = buildAlertPayload(input({ occurredAt: new Date('2027-01-03T00:00:00Z') }));
    expect(p.data.period.ended).toBe(true);
    expect(p.data.headline).toContain('(December 2026, period ended)');
  });

  it('names the day in a forecast alert', () => {
    const i = input({ type: 'budget.forecast_exceeds', crossing: null });
    const p = buildAlertPayload({ ...i, status: budgetStatus({ spendMicros: 105 * USD, unpricedRequests: 0 }, i.budget) });
    expect(p.type).toBe('budget.forecast_exceeds');
    // $105 by noon on the 10th, $110 by its end at $10 a day, $250 at the end of the 24th; $320 by month end.
    expect(p.data.forecast).toMatchObject({ exceeds_on: '2026-12-24', daily_rate_micros: 10 * USD, projected_usd: '320.00' });
    expect(p.data.headline).toBe('“Platform <team> & co” is forecast to exceed its $250.00 budget on 24 Dec (December 2026)');
  });

  it('summarises scopes and builds links', () => {
    expect(scopeSummary(input().budget.scope)).toBe('mode: code · tag team: <b>platform</b>');
    expect(scopeSummary(budgetOrThrow({ name: 'x', period: { kind: 'day' }, amount: 1 }, { knownTiers: [] }).scope)).toBe('all usage');
    expect(budgetLink('http://localhost:3000', 'a b', 'rolling:24h:e2')).toBe(
      'http://localhost:3000/budgets/a%20b?period=rolling%3A24h%3Ae2',
    );
  });
});

describe('Slack message', () => {
  it('is Block Kit with a text fallback, the figures and a button back to the budget', () => {
    const m = slackMessage(buildAlertPayload(input()));
    expect(m.text).toContain('https://switchyard.example.com/budgets/b-1?period=month%3A2026-12');
    const types = (m.blocks as Array<{ type: string }>).map((b) => b.type);
    expect(types).toEqual(['header', 'section', 'section', 'context', 'actions']);
    const actions = m.blocks[4] as { elements: Array<{ url: string; text: { text: string } }> };
    expect(actions.elements[0]).toMatchObject({
      url: 'https://switchyard.example.com/budgets/b-1?period=month%3A2026-12',
      text: { text: 'Open budget' },
    });
    const json = JSON.stringify(m.blocks);
    expect(json).toContain('$205.00 (82.0 %)');
    expect(json).toContain('Plus 3 requests to models with no known price, not in this figure.');
  });

  it('escapes user-written text so a name cannot inject links or mentions', () => {
    const m = slackMessage(buildAlertPayload(input({}, 'Ops <!channel> <https://evil.example|click>')));
    const section = m.blocks[1] as { text: { text: string } };
    expect(section.text.text).not.toContain('<!channel>');
    expect(section.text.text).toContain('&lt;!channel&gt;');
    expect(escapeMrkdwn('a & <b>')).toBe('a &amp; &lt;b&gt;');
    const header = m.blocks[0] as { text: { type: string; text: string } };
    expect(header.text.type).toBe('plain_text'); // plain text is never interpreted
    expect(header.text.text.length).toBeLessThanOrEqual(150);
  });
});

describe('email', () => {
  it('has a subject, a text body and an HTML body with the same facts and the link', () => {
    const m = emailMessage(buildAlertPayload(input()));
    expect(m.subject).toBe('[Switchyard] Platform <team> & co: 80 % of $250.00 reached (December 2026)');
    expect(m.text).toContain('Spent: $205.00 (82.0 %)');
    expect(m.text).toContain('Scope: mode: code · tag team: <b>platform</b>');
    expect(m.text).toContain('Open the budget: https://switchyard.example.com/budgets/b-1?period=month%3A2026-12');
    expect(m.html).toContain('<a href="https://switchyard.example.com/budgets/b-1?period=month%3A2026-12">Open the budget</a>');
  });

  it('escapes HTML and keeps the subject on one line', () => {
    const m = emailMessage(buildAlertPayload(input({}, 'Evil\r\nBcc: x@y.z <script>')));
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;script&gt;');
    expect(m.html).not.toContain('<b>platform</b>');
  });
});
