import { expect, test, type Page } from '@playwright/test';
import { authFile, collectPageErrors } from './support';

/** Reads the explorer table (once it has streamed in): one entry per row (label, requests, tokens, cost in µ$). */
async function explorerRows(page: Page) {
  await expect(page.getByTestId('explorer-rows').locator('tr').first()).toBeVisible();
  return page
    .getByTestId('explorer-rows')
    .locator('tr')
    .evaluateAll((trs) =>
      trs.map((tr) => {
        const cells = [...tr.querySelectorAll('td')];
        // Tokens are abbreviated (926 M): the exact count is the figure's data-tokens (and its tooltip).
        const n = (i: number) =>
          Number(cells[i]!.querySelector('[data-tokens]')?.getAttribute('data-tokens') ?? cells[i]!.textContent!.replace(/,/g, ''));
        return {
          label: cells[0]!.textContent!,
          requests: n(1),
          input: n(2),
          output: n(3),
          micros: Number(cells[4]!.getAttribute('data-micros')),
        };
      }),
    );
}

test.describe('as an admin', () => {
  test.use({ storageState: authFile('admin') });

  test('the overview renders every widget with data and no console errors', async ({ page }) => {
    const errors = collectPageErrors(page);
    await page.goto('/?range=30d');
    await expect(page.getByTestId('total-spend')).toHaveText(/^\$[\d,]+\.\d\d$/);
    await expect(page.getByTestId('projected-spend')).toHaveText(/^\$[\d,]+\.\d\d$/);
    await expect(page.getByTestId('frontier-share')).toHaveText(/^\d+\.\d %$/);
    await expect(page.getByTestId('top-drivers').locator('tr')).toHaveCount(10);
    await expect(page.getByTestId('routing-table').locator('tr').first()).toBeVisible(); // the demo routes two projects
    // The spend chart (the page has others).
    await expect(page.getByRole('img', { name: /^Spend per .*stacked/ }).locator('.recharts-wrapper')).toBeVisible();
    await expect(page.getByTestId('total-spend').locator('..')).toContainText('vs previous 30 days');
    expect(errors).toEqual([]);
  });

  test('the overview total equals the sum of the explorer rows for the same period', async ({ page }) => {
    for (const range of ['7d', '30d']) {
      await page.goto(`/?range=${range}`);
      const total = Number(await page.getByTestId('total-spend').getAttribute('data-micros'));
      expect(total).toBeGreaterThan(0);
      for (const group of ['model', 'user', 'tag:team']) {
        await page.goto(`/usage?group=${encodeURIComponent(group)}&gran=day&range=${range}`);
        const rows = await explorerRows(page);
        expect(rows.length).toBeGreaterThan(1);
        expect(rows.reduce((a, r) => a + r.micros, 0)).toBe(total);
      }
    }
  });

  test('the CSV export is exactly the table', async ({ page }) => {
    const errors = collectPageErrors(page);
    await page.goto('/usage?group=task&gran=week&range=30d&sort=requests');
    const rows = await explorerRows(page);
    const href = await page.getByTestId('csv-link').getAttribute('href');
    const response = await page.request.get(href!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('text/csv');
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toBe('Task,requests,input_tokens,output_tokens,cost_usd,share_of_cost,unpriced_requests');
    const csv = lines.slice(1).map((l) => {
      const [label, requests, input, output, cost] = l.split(',');
      return {
        label,
        requests: Number(requests),
        input: Number(input),
        output: Number(output),
        micros: Math.round(Number(cost) * 1_000_000),
      };
    });
    expect(csv).toEqual(rows);
    expect(rows.map((r) => r.requests)).toEqual([...rows.map((r) => r.requests)].sort((a, b) => b - a));
    expect(errors).toEqual([]);
  });

  test('a view built with the controls is reproduced by its URL', async ({ page, browser }) => {
    const errors = collectPageErrors(page);
    await page.goto('/usage');
    await page.getByLabel('Group by').selectOption('tier');
    await expect(page).toHaveURL(/group=tier/);
    await page.getByLabel('Granularity').selectOption('week');
    await expect(page).toHaveURL(/gran=week/);
    await page.getByLabel('Period').selectOption('7d');
    await expect(page).toHaveURL(/range=7d/);
    await page.getByLabel('Filter dimension').selectOption('mode');
    await page.getByLabel('Filter value').fill('code');
    await page.getByRole('button', { name: 'Add filter' }).click();
    await expect(page.getByTestId('filter-chips')).toContainText('Mode: code');
    await page.getByTestId('sort-requests').click();
    await expect(page).toHaveURL(/sort=requests/);
    await expect(page.getByTestId('sort-requests')).toHaveAttribute('aria-sort', 'descending');
    const shown = await explorerRows(page);
    expect(shown.length).toBeGreaterThan(0);
    const title = await page.getByRole('heading', { name: /^Spend by tier/ }).textContent();

    const other = await browser.newContext({ storageState: authFile('viewer') });
    const second = await other.newPage();
    await second.goto(page.url());
    expect(await explorerRows(second)).toEqual(shown);
    await expect(second.getByRole('heading', { name: /^Spend by tier/ })).toHaveText(title!);
    await expect(second.getByTestId('filter-chips')).toContainText('Mode: code');
    await other.close();
    expect(errors).toEqual([]);
  });

  test('Requests opens under the explorer filters, keyset-paginated', async ({ page }) => {
    const errors = collectPageErrors(page);
    await page.goto('/usage?group=task&gran=day&range=30d&project=checkout-agent&user=ana&tag=env:prod');
    const explored = (await explorerRows(page)).reduce((a, r) => a + r.requests, 0);
    expect(explored).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Requests under these filters' }).click();
    await expect(page.getByTestId('request-filter-chips')).toContainText('User: ana');
    await expect(page.getByTestId('request-filter-chips')).toContainText('Period: Last 30 days');
    let seen = 0;
    for (;;) {
      const users = await page.getByTestId('request-row').locator('td:nth-child(5)').allTextContents();
      expect(users.every((u) => u === 'ana')).toBe(true);
      seen += users.length;
      const older = page.getByRole('link', { name: 'Older →' });
      if ((await older.count()) === 0) break;
      const target = await older.getAttribute('href');
      await older.click();
      await page.waitForURL((url) => `${url.pathname}${url.search}` === target);
    }
    expect(seen).toBe(explored);
    expect(errors).toEqual([]);
  });

  test('Requests under the filters of an all-projects view lands on exactly those requests', async ({ page }) => {
    const errors = collectPageErrors(page);
    await page.goto('/usage?group=project&gran=day&range=7d&status=error');
    const byProject = await explorerRows(page);
    expect(byProject.length).toBeGreaterThan(1);
    const explored = byProject.reduce((a, r) => a + r.requests, 0);
    await page.getByRole('link', { name: 'Requests under these filters' }).click();
    await expect(page.getByTestId('request-filter-chips')).toContainText('Status: error');
    await expect(page.getByTestId('project-picker')).toHaveText(/All projects/);
    const projects = new Set<string>();
    let seen = 0;
    for (;;) {
      const rows = page.getByTestId('request-row');
      await expect(rows.first()).toBeVisible();
      for (const p of await rows.locator('td:nth-child(2)').allTextContents()) projects.add(p);
      seen += await rows.count();
      const older = page.getByRole('link', { name: 'Older →' });
      if ((await older.count()) === 0) break;
      const target = await older.getAttribute('href');
      await older.click();
      await page.waitForURL((url) => `${url.pathname}${url.search}` === target);
    }
    expect(seen).toBe(explored);
    expect(projects.size).toBe(byProject.length);
    expect(errors).toEqual([]);
  });

  test('a filter typed in another case finds the rows, and the input offers the known values', async ({ page }) => {
    const errors = collectPageErrors(page);
    await page.goto('/usage?group=task&gran=day&range=30d&mode=code');
    const exact = await explorerRows(page);
    await page.goto('/usage?group=task&gran=day&range=30d&mode=Code');
    expect(await explorerRows(page)).toEqual(exact);
    // A user is matched through the rollups' stored spellings.
    await page.goto('/usage?group=mode&gran=day&range=30d&user=ana');
    const ana = await explorerRows(page);
    expect(ana.length).toBeGreaterThan(0);
    await page.goto('/usage?group=mode&gran=day&range=30d&user=ANA');
    expect(await explorerRows(page)).toEqual(ana);

    // Typed in the controls: the value input offers the dimension's values and takes any case.
    await page.goto('/usage?group=task&gran=day&range=30d');
    await page.getByLabel('Filter dimension').selectOption('model');
    await page.getByLabel('Filter value').focus();
    await expect(page.getByTestId('values-model').locator('option[value="claude-sonnet-4-5"]')).toHaveCount(1);
    await page.getByLabel('Filter dimension').selectOption('mode');
    await page.getByLabel('Filter value').focus();
    await expect(page.getByTestId('values-mode').locator('option[value="code"]')).toHaveCount(1);
    await page.getByLabel('Filter value').fill('Code');
    await page.getByRole('button', { name: 'Add filter' }).click();
    await expect(page.getByTestId('filter-chips')).toContainText('Mode: code');
    expect(await explorerRows(page)).toEqual(exact);
    expect(errors).toEqual([]);
  });

  test('the organisation time zone moves every bucket and is shown on the dashboards', async ({ page }) => {
    test.setTimeout(150_000);
    await page.goto('/settings/organisation');
    await page.getByLabel('Organisation time zone').selectOption('America/New_York');
    await page.getByRole('button', { name: 'Save time zone' }).click();
    await expect(page.getByText('Dashboards now use America/New_York.')).toBeVisible();
    // The change is a job (rollups re-bucketed in steps); the dashboards switch when it is done.
    const zoneShown = async (zone: string) =>
      expect(async () => {
        await page.goto('/?range=7d');
        await expect(page.getByTestId('period-label')).toContainText(zone, { timeout: 2_000 });
      }).toPass({ timeout: 60_000 });
    await zoneShown('America/New_York');
    const total = Number(await page.getByTestId('total-spend').getAttribute('data-micros'));
    await page.goto('/usage?group=mode&gran=day&range=7d');
    expect((await explorerRows(page)).reduce((a, r) => a + r.micros, 0)).toBe(total);
    await page.goto('/settings/organisation');
    await page.getByLabel('Organisation time zone').selectOption('UTC');
    await page.getByRole('button', { name: 'Save time zone' }).click();
    await expect(page.getByText('Dashboards now use UTC.')).toBeVisible();
    await zoneShown('UTC'); // later specs read dates in UTC
  });
});

test.describe('as a viewer', () => {
  test.use({ storageState: authFile('viewer') });

  test('sees every dashboard with data, but no admin action', async ({ page }) => {
    const errors = collectPageErrors(page);
    for (const path of ['/', '/usage', '/usage?group=user', '/requests', '/sessions']) {
      await page.goto(path);
      await expect(page.locator('main')).toContainText('$');
      await expect(page.locator('main a[href^="/settings"]')).toHaveCount(0);
      await expect(page.getByRole('button', { name: /Save|Create|Revoke|Deactivate|Re-price/ })).toHaveCount(0);
    }
    const csv = await page.request.get('/usage/export?group=mode&range=7d');
    expect(csv.status()).toBe(200);
    expect(errors).toEqual([]);
  });

  test('cannot change the time zone', async ({ page }) => {
    await page.goto('/settings/organisation');
    await expect(page.getByTestId('forbidden')).toBeVisible();
  });
});

test('the CSV export refuses anonymous callers with a stable error', async ({ request }) => {
  const response = await request.get('/usage/export?group=mode', { maxRedirects: 0 });
  expect([401, 307]).toContain(response.status());
  if (response.status() === 401) expect((await response.json()).code).toBe('unauthorized:auth');
});
