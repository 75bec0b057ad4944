import { expect, test, type Page } from '@playwright/test';
import { authFile, collectPageErrors } from './support';

/**
 * "Never fall back silently": each bad input of a dashboard URL says what is wrong next to its control and
 * shows no figures it was not asked for.
 */
test.use({ storageState: authFile('viewer') });

async function expectNoFigures(page: Page) {
  await expect(page.getByTestId('explorer-problems')).toBeVisible();
  await expect(page.getByTestId('explorer-rows')).toHaveCount(0);
  await expect(page.locator('.recharts-wrapper')).toHaveCount(0);
}

test('a reversed or malformed custom range is said next to the period, and nothing is shown', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto('/usage?range=custom&from=2026-11-20&to=2026-11-10');
  await expect(page.getByTestId('period-problem')).toHaveText('The first day (2026-11-20) is after the last day (2026-11-10).');
  await expect(page.getByLabel('Period')).toHaveValue('custom');
  await expectNoFigures(page);
  await expect(page.getByTestId('period-label')).toContainText('No period shown');

  await page.goto('/usage?range=custom&from=2026-13-45&to=2026-11-10');
  await expect(page.getByTestId('period-problem')).toContainText('“2026-13-45” is not a calendar date');
  await expectNoFigures(page);

  // The Overview says the same and shows no widget.
  await page.goto('/?range=custom&from=2026-11-20&to=2026-11-10');
  await expect(page.getByTestId('period-problem')).toContainText('after the last day');
  await expect(page.getByTestId('total-spend')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('choosing Custom dates keeps the period on screen', async ({ page }) => {
  await page.goto('/usage?group=mode&gran=day&range=7d');
  const label = await page.getByTestId('period-label').textContent();
  const total = await page.getByRole('heading', { name: /^Spend by mode/ }).textContent();
  await page.getByLabel('Period').selectOption('custom');
  await expect(page).toHaveURL(/range=custom&from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d/);
  await expect(page.getByLabel('From')).not.toHaveValue('');
  await expect(page.getByRole('heading', { name: /^Spend by mode/ })).toHaveText(total!);
  expect(label).toContain('Last 7 days');
  await expect(page.getByTestId('period-label')).toContainText(' → ');
  await expect(page.getByTestId('period-problem')).toHaveCount(0);
});

test('a filter value over 200 characters is refused with its reason, not dropped', async ({ page }) => {
  await page.goto(`/usage?group=mode&range=7d&user=${'x'.repeat(201)}`);
  await expect(page.getByTestId('filter-problem')).toHaveText('The user filter value is 201 characters long; at most 200 are kept.');
  await expectNoFigures(page);
  // The CSV of such a URL is refused too, never the unfiltered table.
  const csv = await page.request.get(`/usage/export?group=mode&range=7d&user=${'x'.repeat(201)}`);
  expect(csv.status()).toBe(400);
  expect((await csv.json()).error.code).toBe('bad_request:api');
});

test('an unknown range, sort, grouping or granularity is named, not replaced by a default', async ({ page }) => {
  await page.goto('/usage?range=fortnight');
  await expect(page.getByTestId('period-problem')).toHaveText('Unknown period “fortnight”: choose one from the list.');
  await expect(page.getByLabel('Period')).toHaveValue('fortnight');
  await expectNoFigures(page);

  await page.goto('/usage?group=colour&range=7d');
  await expect(page.getByTestId('group-problem')).toContainText('Unknown grouping “colour”');
  await expect(page.getByLabel('Group by')).toHaveValue('colour');
  await expectNoFigures(page);

  await page.goto('/usage?gran=fortnightly&range=7d');
  await expect(page.getByTestId('gran-problem')).toContainText('Unknown granularity “fortnightly”');
  await expectNoFigures(page);

  await page.goto('/usage?sort=colour&range=7d');
  await expect(page.getByTestId('explorer-problems')).toContainText('Unknown sort column “colour”');
  await expectNoFigures(page);
  // The way out: the same view without what was wrong.
  await page.getByRole('link', { name: 'Show the view without these' }).click();
  await expect(page.getByTestId('explorer-rows').locator('tr').first()).toBeVisible();
});

test('an unknown project on Requests and on Sessions shows no other project', async ({ page }) => {
  await page.goto('/requests?project=no-such-project');
  await expect(page.getByTestId('project-problem')).toContainText('No project “no-such-project”');
  await expect(page.getByTestId('request-problems')).toBeVisible();
  await expect(page.getByTestId('request-row')).toHaveCount(0);

  await page.goto('/usage?project=no-such-project&range=7d');
  await expect(page.getByTestId('project-problem')).toContainText('No project “no-such-project”');
  await expectNoFigures(page);

  await page.goto('/sessions?project=00000000-0000-4000-8000-000000000000&period=all');
  await expect(page.getByTestId('session-problems')).toContainText('No project');
  await expect(page.getByTestId('session-row')).toHaveCount(0);
  await page.goto('/sessions?period=forever');
  await expect(page.getByTestId('session-problems')).toContainText('Unknown period “forever”');
  await expect(page.getByTestId('session-row')).toHaveCount(0);
});

test('an unknown request id and an unknown session say what was looked for', async ({ page }) => {
  await page.goto('/requests?detail=checkout-agent/no-such-request');
  await expect(page.getByTestId('detail-problem')).toContainText('Checkout agent has no request with the event id “no-such-request”');
  await expect(page.getByText('Select a request')).toHaveCount(0);
  await page.goto('/requests?detail=garbage');
  await expect(page.getByTestId('detail-problem')).toContainText('“garbage” does not name a request');
  await expect(page.getByTestId('request-row').first()).toBeVisible(); // the list itself was asked for

  const res = await page.goto('/sessions/00000000-0000-4000-8000-000000000000/nope');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'No session “nope” in this project' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Look for this id in every project →' })).toHaveAttribute('href', '/requests?q=nope');
});

test('a 40 kB URL gets a readable page; a longer one a readable 431, and JSON under /api', async ({ page }) => {
  const long = 'x'.repeat(40_000);
  const res = await page.goto(`/usage?group=mode&range=7d&task=${long}`);
  expect(res?.status()).toBe(200);
  await expect(page.getByTestId('filter-problem')).toContainText('40000 characters long');
  await expectNoFigures(page);

  const huge = await page.request.get(`/usage?task=${'x'.repeat(70_000)}`);
  expect(huge.status()).toBe(431);
  expect(huge.headers()['content-type']).toContain('text/html');
  expect(await huge.text()).toContain('This link is too long for Switchyard');
  const api = await page.request.get(`/api/v1/key?x=${'x'.repeat(70_000)}`);
  expect(api.status()).toBe(431);
  expect((await api.json()).error.code).toBe('bad_request:api');
});
