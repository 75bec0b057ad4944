/**
 * Takes the README's screenshots from a running Switchyard (e.g. `npm run demo`) in Debian's Chromium.
 *   BASE_URL=http://localhost:3000 EMAIL=… PASSWORD=… npx tsx scripts/screenshots.ts
 */
import { chromium } from '@playwright/test';

async function main() {
  const baseURL = process.env.BASE_URL ?? 'http://localhost:3000';
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const page = await browser.newPage({ baseURL, viewport: { width: 1280, height: 760 } });
  await page.goto('/login');
  await page.getByLabel('Email').fill(process.env.EMAIL ?? 'admin@switchyard.local');
  await page.getByLabel('Password').fill(process.env.PASSWORD ?? '');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  await page.getByTestId('top-drivers').waitFor();
  await page.screenshot({ path: 'docs/screenshots/overview.png', fullPage: true });
  // The service-quality and efficiency widgets, each on its own.
  await page.getByTestId('latency-widget').waitFor();
  await page.locator('#latency').screenshot({ path: 'docs/screenshots/widget-latency.png' });
  await page
    .getByTestId('cache-hit-widget')
    .locator('xpath=ancestor::section[1]/..')
    .screenshot({ path: 'docs/screenshots/widget-cache-session.png' });
  await page
    .getByTestId('cost-per-request-widget')
    .locator('xpath=ancestor::section[1]')
    .screenshot({ path: 'docs/screenshots/widget-cost-per-request.png' });
  await page.goto('/usage?group=task&gran=day&range=30d&mode=code&mode=debug');
  await page.getByTestId('explorer-rows').waitFor();
  await page.screenshot({ path: 'docs/screenshots/usage.png', fullPage: true });
  await page.goto('/settings/api-keys');
  await page.getByLabel('Project').selectOption({ index: 1 });
  await page.getByLabel('Key name').fill('prod gateway');
  await page.getByRole('button', { name: 'Create key' }).click();
  await page.getByTestId('new-api-key').waitFor();
  await page.getByTestId('send-test-event').click();
  await page.getByTestId('test-event-link').waitFor();
  await page.screenshot({ path: 'docs/screenshots/api-keys.png', fullPage: true });
  // Routing: the published table and versions, then the demo's draft in progress with a request tried on it.
  await page.goto('/routing');
  await page.getByRole('heading', { name: /^Published table · v\d+/ }).waitFor();
  await page.screenshot({ path: 'docs/screenshots/routing.png', fullPage: true });
  const draft = page.locator('a[href^="/routing/drafts/"]').first();
  if ((await draft.count()) > 0) {
    await draft.click();
    const tryIt = page.getByTestId('try-request');
    await tryIt.getByLabel('Mode', { exact: true }).fill('code');
    await page.getByTestId('decision-rule').waitFor();
    await page.screenshot({ path: 'docs/screenshots/routing-draft.png', fullPage: true });
  }
  await browser.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
