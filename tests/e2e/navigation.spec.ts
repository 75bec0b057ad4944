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

test('the overview shows the demo traffic actually recorded, and no money figures before pricing exists', async ({ page }) => {
  await page.goto('/');
  const summary = page.getByTestId('usage-summary');
  await expect(summary).toContainText('Requests recorded');
  const requests = await summary.locator('p', { hasText: /^[\d,]+$/ }).first().textContent();
  expect(Number(requests?.replace(/,/g, ''))).toBeGreaterThan(1000);
  await expect(page.locator('main')).not.toContainText('$');
});

test('areas not built yet say so honestly', async ({ page }) => {
  for (const path of ['/usage', '/budgets', '/routing', '/simulate', '/reports']) {
    await page.goto(path);
    await expect(page.getByText(/is not available yet/)).toBeVisible();
    await expect(page.locator('main')).not.toContainText('$');
  }
});
