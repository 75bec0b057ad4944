import { expect, test } from '@playwright/test';
import { authFile, collectPageErrors } from './support';

test.use({ storageState: authFile('viewer') });

test('a viewer pages through requests and opens one: its cost by class adds up to the stored cost', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto('/requests');
  const rows = page.getByTestId('request-row');
  await expect(rows).toHaveCount(50);
  const firstPage = await rows.locator('td:first-child').allTextContents();

  await page.getByRole('link', { name: 'Older →' }).click();
  await expect(page).toHaveURL(/before=/);
  await expect(rows).toHaveCount(50);
  const secondPage = await rows.locator('td:first-child').allTextContents();
  expect(secondPage).not.toEqual(firstPage);

  // Filters live in the URL, so the link reproduces the view.
  await page.getByLabel('Mode', { exact: true }).selectOption('ask');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/mode=ask/);
  await expect(rows.locator('td:nth-child(2)').first()).toHaveText('ask');
  await page.reload();
  await expect(page.getByLabel('Mode', { exact: true })).toHaveValue('ask');

  await rows.first().getByRole('link').click();
  const detail = page.getByTestId('request-detail');
  await expect(detail).toBeVisible();
  await expect(page.getByTestId('breakdown-total')).toHaveText((await page.getByTestId('stored-cost').textContent())!);
  await expect(detail).toContainText('Price source');
  expect(errors).toEqual([]);
});
