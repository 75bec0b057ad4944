import { expect, test } from '@playwright/test';
import { authFile, collectPageErrors } from './support';

test.use({ storageState: authFile('viewer') });

test('a viewer pages through requests and opens one: its cost by class adds up to the stored cost', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto('/requests');
  const rows = page.getByTestId('request-row');
  await expect(rows).toHaveCount(50);
  const firstPage = await rows.locator('td:first-child').allTextContents();
  // Every project by default: the project is a column.
  expect(new Set(await rows.locator('td:nth-child(2)').allTextContents()).size).toBeGreaterThan(1);

  await page.getByRole('link', { name: 'Older →' }).click();
  await expect(page).toHaveURL(/before=/);
  await expect(rows).toHaveCount(50);
  const secondPage = await rows.locator('td:first-child').allTextContents();
  expect(secondPage).not.toEqual(firstPage);

  // Filters live in the URL, so the link reproduces the view.
  await page.getByLabel('Mode', { exact: true }).fill('ask');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/mode=ask/);
  await expect(page).not.toHaveURL(/user=/); // empty fields stay out of the URL
  await expect(rows.locator('td:nth-child(3)').first()).toHaveText('ask');
  await page.reload();
  await expect(page.getByLabel('Mode', { exact: true })).toHaveValue('ask');

  await rows.first().getByRole('link').click();
  const detail = page.getByTestId('request-detail');
  await expect(detail).toBeVisible();
  await expect(page.getByTestId('breakdown-total')).toHaveText((await page.getByTestId('stored-cost').textContent())!);
  await expect(detail).toContainText('Price source');
  expect(errors).toEqual([]);
});

test('a search by event id finds the request in any project; its detail survives a reload and links its session', async ({ page }) => {
  const errors = collectPageErrors(page);
  // An event of the last project in the list, found from the all-projects view.
  await page.goto('/requests?project=support-assistant');
  const title = await page.getByTestId('request-row').first().getByRole('link').getAttribute('title');
  const eventId = title!.replace(/^Open request /, '');

  await page.goto('/requests');
  await page.getByLabel('Event id or session id').fill(eventId);
  await page.getByTestId('request-search').click();
  await expect(page).toHaveURL(new RegExp(`q=${eventId}`));
  await expect(page.getByTestId('search-result')).toContainText(`“${eventId}” is the event id of a request in Support assistant`);
  const rows = page.getByTestId('request-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().locator('td:nth-child(2)')).toHaveText('Support assistant');

  await rows.first().getByRole('link').click();
  await expect(page).toHaveURL(/detail=support-assistant%2F/);
  await expect(page.getByTestId('request-panel')).toContainText(`Request ${eventId}`);
  await page.reload();
  await expect(page.getByTestId('request-panel')).toContainText(`Request ${eventId}`);
  const session = page.getByTestId('request-session-link');
  const sessionId = (await session.textContent())!;
  await session.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Session ${sessionId}`);

  // A session id finds the session's requests, in any project.
  await page.goto(`/requests?q=${encodeURIComponent(sessionId)}`);
  await expect(page.getByTestId('search-result')).toContainText('a session in Support assistant');
  await expect(rows.first()).toBeVisible();
  await page.goto('/requests?q=no-such-id-anywhere');
  await expect(page.getByTestId('search-result')).toHaveText(
    '“no-such-id-anywhere” is not the id of any request or session in these projects.',
  );
  await expect(rows).toHaveCount(0);
  expect(errors).toEqual([]);
});

for (const width of [1280, 1440]) {
  test(`at ${width} px the detail opens in view after a click on the 40th row`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    await page.goto('/requests');
    const row = page.getByTestId('request-row').nth(39);
    await row.scrollIntoViewIfNeeded();
    const link = row.getByRole('link');
    const eventId = (await link.getAttribute('title'))!.replace(/^Open request /, '');
    await link.click();
    const panel = page.getByTestId('request-panel');
    await expect(panel).toContainText(`Request ${eventId}`);
    await expect(page.getByTestId('request-detail')).toBeInViewport({ ratio: 0.3 });
    await expect(row).toHaveAttribute('aria-selected', 'true');
  });
}

test('a filter typed in another case finds the rows', async ({ page }) => {
  await page.goto('/requests?user=ana');
  const exact = await page.getByTestId('request-row').locator('td:first-child').allTextContents();
  expect(exact.length).toBeGreaterThan(0);
  await page.goto('/requests');
  await page.getByLabel('User', { exact: true }).fill('ANA');
  await page.getByLabel('Mode', { exact: true }).fill('Code');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/user=ANA/);
  const users = page.getByTestId('request-row').locator('td:nth-child(5)');
  await expect(users.first()).toHaveText('ana');
  expect(new Set(await users.allTextContents())).toEqual(new Set(['ana']));
  expect(new Set(await page.getByTestId('request-row').locator('td:nth-child(3)').allTextContents())).toEqual(new Set(['code']));
});
