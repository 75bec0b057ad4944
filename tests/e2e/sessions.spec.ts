import { expect, test } from '@playwright/test';
import { authFile, collectPageErrors } from './support';

test.use({ storageState: authFile('viewer') });

test('a viewer ranks sessions by cost and opens one to see its context grow turn by turn', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto('/sessions?period=all');
  const rows = page.getByTestId('session-row');
  await expect(rows.first()).toBeVisible();
  const costs = await rows.locator('td:nth-child(8)').allTextContents();
  const values = costs.map((c) => Number(/\$([\d,]+\.\d+)/.exec(c)![1]!.replace(/,/g, '')));
  expect(values.length).toBeGreaterThan(10);
  expect(values).toEqual([...values].sort((a, b) => b - a));

  const firstCost = /\$[\d,]+\.\d+/.exec(costs[0]!)![0];
  await rows.first().getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Session');
  await expect(page.getByTestId('session-cost')).toHaveText(firstCost);
  const turns = page.getByTestId('turn-row');
  expect(await turns.count()).toBeGreaterThan(1);
  // The cumulative cost of the last turn is the session's cost.
  await expect(turns.last().locator('td').last()).toHaveText(firstCost);
  expect(errors).toEqual([]);
});

test('an unknown session answers not found', async ({ page }) => {
  const res = await page.goto('/sessions/00000000-0000-4000-8000-000000000000/nope');
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId('session-not-found')).toBeVisible();
});
