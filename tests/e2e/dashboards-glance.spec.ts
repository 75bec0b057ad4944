/**
 * Issue 11 items 4–7 in the browser: figures read at a glance (money and tokens with their exact values in a
 * tooltip, today against the same hours of yesterday, headline cards that open the explorer, no table names),
 * the new widgets with data, layout defects (Settings → Users at 1280 px, the sidebar's height, the audit
 * log's details, Models' labels), navigation marks, and the first minutes (curl + test event → its request).
 */
import { expect, test } from '@playwright/test';
import { formatInteger } from '@/lib/format';
import { NAV_ITEMS } from '@/lib/navigation';
import { authFile, collectPageErrors, tableFitProblems } from './support';

test.use({ storageState: authFile('admin'), viewport: { width: 1280, height: 800 } });

test('money and tokens: one rule, the exact value in the tooltip', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto('/?range=30d');
  const spend = page.getByTestId('total-spend').locator('[data-figure="money"]');
  await expect(spend).toHaveText(/^\$[\d,]+\.\d\d$/);
  const micros = Number(await spend.getAttribute('data-micros'));
  const exact = (await spend.getAttribute('title'))!;
  expect(Math.round(Number(exact.replace(/[$,]/g, '')) * 1e6)).toBe(micros);

  const tokens = page.getByTestId('total-tokens');
  await expect(tokens).toHaveText(/^\d+(\.\d+)? [kMBT]$/);
  const count = Number(await tokens.getAttribute('data-tokens'));
  await expect(tokens).toHaveAttribute('title', `${formatInteger(count)} tokens`);

  // Below $1: 4 significant digits, e.g. the cost per request table's per-request figures.
  const perRequest = page.getByTestId('cost-per-request-table').locator('tbody tr td:nth-child(4) [data-figure="money"]').first();
  await expect(perRequest).toHaveText(/^\$0\.0*[1-9]\d{3}$|^\$[\d,]+\.\d\d$/);
  await expect(page.locator('main')).not.toContainText(/usage_hourly|usage_daily|rollup/);
  expect(errors).toEqual([]);
});

test('"Today" is compared with the same hours of yesterday', async ({ page }) => {
  await page.goto('/?range=today');
  await expect(page.getByTestId('spend-comparison')).toContainText(/same hours of yesterday \(00:00–\d\d:00\)/);
});

test('headline cards open the explorer on the same period', async ({ page }) => {
  await page.goto('/?range=7d');
  await page.getByTestId('total-spend-card').click();
  await expect(page).toHaveURL(/\/usage\?.*range=7d/);
  await expect(page.getByTestId('explorer-rows').locator('tr').first()).toBeVisible();
});

test('the new widgets render with data, each on its own', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto('/?range=30d');
  const latency = page.getByTestId('latency-widget');
  await expect(latency).toBeVisible();
  expect(Number(await latency.getAttribute('data-requests'))).toBeGreaterThan(0);
  await expect(page.getByTestId('latency-p50')).toHaveText(/^\d[\d.]* (ms|s)$/);
  await expect(page.getByTestId('latency-p95')).toHaveText(/^\d[\d.]* (ms|s)$/);
  await expect(page.getByTestId('error-rate')).toHaveText(/^\d+\.\d+ %$/);
  expect(await page.getByTestId('latency-table').locator('tbody tr').count()).toBeGreaterThan(1);
  await expect(latency.locator('svg.recharts-surface').first()).toBeVisible();

  await page.getByRole('navigation', { name: 'Latency by' }).getByRole('link', { name: 'by provider' }).click();
  await expect(page).toHaveURL(/latency=provider/);
  await expect(page.getByTestId('latency-table').locator('thead')).toContainText('provider');

  await expect(page.getByTestId('cache-hit-rate')).toHaveText(/^\d+\.\d %$/);
  await expect(page.getByTestId('cache-hit-widget').locator('svg.recharts-surface')).toBeVisible();
  await expect(page.getByTestId('cost-per-session')).toHaveText(/^\$/);
  expect(Number(await page.getByTestId('cost-per-session-widget').getAttribute('data-sessions'))).toBeGreaterThan(0);
  expect(await page.getByTestId('cost-per-request-table').locator('tbody tr').count()).toBeGreaterThan(2);
  // Round y-axis ticks: every tick label of the spend chart is a whole or round dollar amount.
  const spendChart = page.getByRole('img', { name: /^Spend per .*stacked/ });
  // recharts lays its ticks out once the container is measured: wait for them.
  // The y-axis ticks are the chart's dollar tick labels (the x-axis ones are dates).
  const yTicks = spendChart.locator('.recharts-cartesian-axis-tick-value', { hasText: /^\$/ });
  await expect(yTicks.first()).toBeVisible();
  const ticks = (await yTicks.allTextContents()).filter(Boolean);
  expect(ticks.length).toBeGreaterThanOrEqual(2);
  for (const tick of ticks) expect(tick).toMatch(/^\$[\d,]+(\.\d+)?$/); // short dollar ticks; round steps: tests/unit
  expect(errors).toEqual([]);
});

test('Settings → Users at 1280 px: nothing is clipped, every control inside its cell', async ({ page }) => {
  await page.goto('/settings/users');
  const table = page.getByRole('table', { name: 'Users' });
  await expect(table).toBeVisible();
  const problems = await tableFitProblems(page, 'Users');
  expect(problems).toEqual([]);
  await expect(page.getByRole('button', { name: /^Deactivate / }).first()).toBeInViewport();
});

test('layout: the sidebar runs the full height of a long page; areas not built yet are marked', async ({ page }) => {
  await page.goto('/?range=30d');
  await expect(page.getByTestId('latency-widget')).toBeVisible();
  const [sidebar, documentHeight] = await page.evaluate(() => [
    document.querySelector('[data-testid="sidebar"]')!.getBoundingClientRect().height,
    document.documentElement.scrollHeight,
  ]);
  expect(documentHeight).toBeGreaterThan(800);
  expect(sidebar).toBeGreaterThanOrEqual(documentHeight - 1);
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const item of NAV_ITEMS) {
    const link = nav.getByRole('link', { name: item.label, exact: true });
    if (item.built) await expect(link).not.toContainText('not built yet');
    else await expect(link).toContainText('not built yet');
  }
});

test('the audit log expands long details; Models names its period and shows cache prices', async ({ page }) => {
  await page.goto('/settings/api-keys');
  await page.getByLabel('Project').selectOption({ index: 1 });
  await page.getByLabel('Key name').fill('audit detail key with a long name to make the details long');
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByTestId('new-api-key')).toBeVisible();
  await page.goto('/settings/audit');
  const details = page.getByTestId('audit-details').first();
  await expect(details).toBeVisible();
  await details.locator('summary').click();
  await expect(details.locator('pre')).toContainText('"scopes"');
  await expect(details.locator('pre')).toBeVisible();

  await page.goto('/settings/models');
  await expect(page.getByRole('table', { name: 'Models in use' })).toContainText('Requests, all time');
  await expect(page.getByTestId('cache-prices').first()).toHaveText(/\$\d/);
});

test('first minutes: a new key comes with a ready curl and a test event that lands on its request', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto('/settings/api-keys');
  const scopes = page.getByTestId('api-key-scopes');
  const boxes = await scopes.locator('label').evaluateAll((ls) => ls.map((l) => l.getBoundingClientRect().top));
  expect(new Set(boxes.map(Math.round)).size).toBe(1); // side by side on one row at 1280 px
  await page.getByLabel('Project').selectOption({ label: 'Checkout agent' });
  await page.getByLabel('Key name').fill('first minutes');
  await page.getByRole('button', { name: 'Create key' }).click();
  const secret = (await page.getByTestId('new-api-key-secret').textContent())!.trim();
  const curl = page.getByTestId('first-event-curl');
  await expect(curl).toContainText(`Authorization: Bearer ${secret}`);
  await expect(curl).toContainText(`${new URL(page.url()).origin}/api/v1/events`);

  await page.getByTestId('send-test-event').click();
  const link = page.getByTestId('test-event-link');
  await expect(link).toBeVisible();
  const eventId = /test-event-[\w-]+/.exec((await link.textContent())!)![0];
  await link.click();
  await expect(page).toHaveURL(new RegExp(`detail=checkout-agent%2F${eventId}`));
  const detail = page.getByTestId('request-detail');
  await expect(detail).toBeVisible();
  await expect(detail).toContainText('source=settings-test-event'); // the test event's own tag
  expect(errors).toEqual([]);
});
