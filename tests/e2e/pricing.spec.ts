import { expect, test } from '@playwright/test';
import { authFile } from './support';

test.use({ storageState: authFile('admin') });

test('an unknown model is imported as unpriced, flagged, then priced by an alias that re-prices its history', async ({ page }) => {
  await page.goto('/settings/import');
  const csv = [
    'event_id,timestamp,mode,provider,model,input_tokens,output_tokens',
    'e2e-unpriced-1,2025-02-03T10:00:00Z,code,acme,acme-coder-x,10000,1000',
    'e2e-unpriced-2,2025-02-03T11:00:00Z,code,acme,acme-coder-x,lots,1000',
  ].join('\n');
  await page.getByLabel('Project').selectOption({ label: 'Checkout agent' });
  await page.getByLabel('File (≤ 50 MB)').setInputFiles({ name: 'history.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('status')).toHaveText('Importing 2 rows…');
  const job = page.getByRole('list', { name: 'Jobs' }).getByRole('listitem').first();
  await expect(job).toContainText('Import history.csv');
  await expect(job).toContainText('done');
  await expect(job).toContainText('1 refused');
  await job.getByText('1 problem').click();
  await expect(job).toContainText('row 3: invalid_event');

  await page.goto('/');
  await expect(page.locator('main').getByRole('alert')).toContainText('1 request uses models with no known price');
  await page.getByRole('link', { name: 'Price them in Settings → Models' }).click();
  await expect(page.getByTestId('unpriced-warning')).toContainText('acme/acme-coder-x');
  await expect(page.getByTestId('model-row-acme/acme-coder-x')).toContainText('no price');

  const alias = page.locator('form').filter({ has: page.getByRole('button', { name: 'Map and re-price' }) });
  await alias.getByLabel('Provider', { exact: true }).fill('acme');
  await alias.getByLabel('Model name sent').fill('acme-coder-x');
  await alias.getByLabel('Priced as provider').fill('anthropic');
  await alias.getByLabel('Priced as model').fill('claude-sonnet-4-5');
  await alias.getByRole('button', { name: 'Map and re-price' }).click();
  await expect(page.getByRole('list', { name: 'Jobs' }).getByRole('listitem').first()).toContainText('Re-price acme/acme-coder-x');
  await expect(page.getByRole('list', { name: 'Jobs' }).getByRole('listitem').first()).toContainText('done');
  await page.reload();
  await expect(page.getByTestId('unpriced-warning')).toHaveCount(0);
  // 10,000×3 + 1,000×15 = 45,000 µ$ at Sonnet 4.5 prices.
  await expect(page.getByTestId('model-row-acme/acme-coder-x')).toContainText('$0.0450');
});

test('a negotiated price is added from a date and history from then on is re-priced', async ({ page }) => {
  await page.goto('/settings/models');
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Add price and re-price history' }) });
  await form.getByLabel('Provider').fill('anthropic');
  await form.getByLabel('Model').fill('claude-haiku-4-5');
  await form.getByLabel('Effective from (UTC)').fill('2020-01-01');
  await form.getByLabel('Input $/MTok').fill('0.5');
  await form.getByLabel('Output $/MTok').fill('2.5');
  await form.getByRole('button', { name: 'Add price and re-price history' }).click();
  await expect(page.getByText('Price added.')).toBeVisible();
  const job = page.getByRole('list', { name: 'Jobs' }).getByRole('listitem').first();
  await expect(job).toContainText('Re-price anthropic/claude-haiku-4-5 from 2020-01-01');
  await expect(job).toContainText('done', { timeout: 30_000 });
  await page.reload();
  await expect(page.getByTestId('model-row-anthropic/claude-haiku-4-5')).toContainText('$0.50 / $2.50 admin price');

  // Bad input keeps the form and names the field.
  await form.getByLabel('Provider').fill('anthropic');
  await form.getByLabel('Model').fill('claude-haiku-4-5');
  await form.getByLabel('Effective from (UTC)').fill('2021-01-01');
  await form.getByLabel('Input $/MTok').fill('abc');
  await form.getByLabel('Output $/MTok').fill('1');
  await form.getByRole('button', { name: 'Add price and re-price history' }).click();
  await expect(form.getByText('Use a number like 3 or 0.075')).toBeVisible();
  await expect(form.getByLabel('Model')).toHaveValue('claude-haiku-4-5');
});
