import { expect, test } from '@playwright/test';
import { NAV_ITEMS } from '@/lib/navigation';
import { authFile, collectPageErrors } from './support';

test.use({ storageState: authFile('admin') });

test('an admin reaches every area from the navigation, with no console errors', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link')).toHaveText(NAV_ITEMS.map((i) => (i.built ? i.label : `${i.label}not built yet`)));
  for (const item of NAV_ITEMS)
    await expect(nav.getByRole('link', { name: item.label, exact: true })).toHaveAttribute('data-built', String(item.built));
  for (const item of NAV_ITEMS) {
    await nav.getByRole('link', { name: item.label, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: item.label, exact: true })).toBeVisible();
    await expect(nav.getByRole('link', { name: item.label, exact: true })).toHaveAttribute('aria-current', 'page');
  }
  expect(errors).toEqual([]);
});

test('every area is built: no page says it is not available, no navigation item is marked not built', async ({ page }) => {
  for (const path of ['/budgets', '/alerts', '/routing', '/simulate', '/reports']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText(/is not available yet/)).toHaveCount(0);
    await expect(page.locator('nav [data-built="false"]')).toHaveCount(0);
  }
});

test('spend over time: the same total whichever dimension it is stacked by, and the table adds up to it', async ({ page }) => {
  const errors = collectPageErrors(page);
  const totals: number[] = [];
  for (const by of ['mode', 'tier', 'model']) {
    await page.goto(by === 'mode' ? '/' : `/?by=${by}`);
    // The spend chart (the page has others).
    await expect(page.getByRole('img', { name: /^Spend per .*stacked/ }).locator('.recharts-wrapper')).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Stack by' }).getByRole('link', { name: `by ${by}`, exact: true })).toHaveAttribute(
      'aria-current',
      'true',
    );
    const total = Number(await page.getByTestId('spend-chart-total').getAttribute('data-micros'));
    const parts = await page
      .getByTestId('spend-table')
      .locator('td[data-micros]')
      .evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-micros'))));
    expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
    totals.push(total);
  }
  expect(totals[0]).toBeGreaterThan(0);
  expect(new Set(totals).size).toBe(1);
  expect(errors).toEqual([]);
});
