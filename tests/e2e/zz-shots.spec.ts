import { test } from '@playwright/test';
import { authFile } from './support';
test.use({ storageState: authFile('viewer') });
test('shots', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/requests');
  const row = page.getByTestId('request-row').nth(39);
  await row.scrollIntoViewIfNeeded();
  await row.getByRole('link').click();
  await page.getByTestId('request-detail').waitFor();
  await page.screenshot({ path: '/tmp/shot-requests-1280.png' });
  await page.goto('/usage?range=custom&from=2026-11-20&to=2026-11-10&group=colour&user=' + 'x'.repeat(250));
  await page.getByTestId('explorer-problems').waitFor();
  await page.screenshot({ path: '/tmp/shot-usage-problems.png', fullPage: true });
  await page.goto('/sessions/00000000-0000-4000-8000-000000000000/nope');
  await page.screenshot({ path: '/tmp/shot-session-404.png' });
  await page.goto('/requests?q=nope&project=nope2');
  await page.screenshot({ path: '/tmp/shot-requests-problems.png', fullPage: true });
});
