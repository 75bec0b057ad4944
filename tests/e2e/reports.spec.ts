import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { authFile, collectPageErrors } from './support';

const csvLine = (cells: string[]) => cells.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');

test.describe('savings reports', () => {
  test.use({ storageState: authFile('admin') });

  test('open the report, change the baseline, export CSV and PDF, open the shared link', async ({ page, browser }) => {
    const errors = collectPageErrors(page);
    await page.goto('/reports');
    await expect(page.getByTestId('savings-report')).toBeVisible();
    await expect(page.getByTestId('savings-report')).toContainText('Savings against the model each caller requested');
    // The demo publishes routing version 2 on a known day: the average cost per request before and after it, computed.
    const change = page.getByTestId('savings-table-change');
    await expect(change).toContainText('before and after routing version 2');
    await expect(change.locator('tbody tr')).toHaveCount(2);
    for (const text of await change.locator('tbody tr td:nth-child(3)').allTextContents()) expect(text).toMatch(/^\$\d/);

    await page.getByTestId('savings-baseline').selectOption('tier:economy');
    await page.getByTestId('savings-submit').click();
    await expect(page).toHaveURL(/baseline=tier%3Aeconomy/);
    const totals = page.getByTestId('savings-table-totals');
    await expect(totals).toContainText('Totals against all traffic on the economy tier');
    const cells = await totals.locator('tbody tr').first().locator('td').allTextContents();
    expect(cells).toHaveLength(8);
    expect(cells[1]).toMatch(/^\$[\d,]+\.\d\d$/);

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('savings-csv').click()]);
    const csv = fs.readFileSync((await csvDownload.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^Savings against all traffic on the economy tier/);
    expect(csv).toContain('Totals against all traffic on the economy tier');
    // The CSV holds exactly the page's figures: the totals row, cell for cell.
    expect(csv.split('\r\n')).toContain(csvLine(cells));
    const monthRows = await page
      .getByTestId('savings-table-months')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    for (const row of monthRows) expect(csv.split('\r\n')).toContain(csvLine(row));

    const [pdfDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('savings-pdf').click()]);
    const pdf = fs.readFileSync((await pdfDownload.path())!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(2000);

    const shared = await page.getByTestId('savings-share').getAttribute('href');
    const other = await browser.newContext({ storageState: authFile('viewer'), baseURL: page.url().replace(/\/reports.*$/, '') });
    const second = await other.newPage();
    await second.goto(shared!);
    await expect(second.getByTestId('savings-table-totals').locator('tbody tr').first().locator('td')).toHaveText(cells);
    await other.close();
    expect(errors).toEqual([]);
  });

  test('a period beyond the recorded usage says so, offers the range held, with a stable code', async ({ page }) => {
    await page.goto('/reports?from=2001-01-01&to=2001-01-31');
    await expect(page.getByTestId('savings-problem')).toContainText('2001-01-01 – 2001-01-31 is outside the recorded usage');
    await expect(page.getByTestId('savings-problem')).toContainText(/the savings rollup holds \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}/);
    await expect(page.getByTestId('savings-problem').locator('[data-code]')).toHaveAttribute('data-code', 'not_found:savings');
  });
});
