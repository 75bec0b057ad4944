import { expect, test } from '@playwright/test';
import { NAV_ITEMS } from '@/lib/navigation';
import { authFile, collectPageErrors } from './support';

test.use({ storageState: authFile('admin') });

test('an admin reaches every area from the navigation, with no console errors', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link')).toHaveText(NAV_ITEMS.map((i) => i.label));
  for (const item of NAV_ITEMS) {
    await nav.getByRole('link', { name: item.label, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: item.label, exact: true })).toBeVisible();
    await expect(nav.getByRole('link', { name: item.label, exact: true })).toHaveAttribute('aria-current', 'page');
  }
  expect(errors).toEqual([]);
});

test('the overview shows the priced demo traffic, and its request count equals the sum over models', async ({ page }) => {
  await page.goto('/');
  const requests = Number((await page.getByTestId('total-requests').textContent())!.replace(/,/g, ''));
  expect(requests).toBeGreaterThan(1000);
  await expect(page.getByTestId('total-spend')).toHaveText(/^\$[\d,]+\.\d\d$/);
  await page.goto('/settings/models');
  const cells = await page.locator('table[aria-label], table').first().locator('tbody tr td:nth-child(2)').allTextContents();
  expect(cells.reduce((n, c) => n + Number(c.replace(/,/g, '')), 0)).toBe(requests);
});

test('areas not built yet say so honestly', async ({ page }) => {
  for (const path of ['/usage', '/budgets', '/routing', '/simulate', '/reports']) {
    await page.goto(path);
    await expect(page.getByText(/is not available yet/)).toBeVisible();
    await expect(page.locator('main')).not.toContainText('$');
  }
});
