import { expect, type Page, test } from '@playwright/test';
import { documentText } from '@/lib/routing/editing';
import { DEMO_ROUTING_V2 } from '@/lib/routing/examples';
import { authFile, collectPageErrors, tableFitProblems } from './support';

/** ROUTING_SCREENSHOTS=1 also writes the README's routing screenshots (1280 px wide). */
const shoot = async (page: Page, name: string) => {
  if (process.env.ROUTING_SCREENSHOTS) await page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage: true });
};

async function publishedVersion(page: Page): Promise<number> {
  const title = await page.getByRole('heading', { name: /^Published table/ }).textContent();
  return Number(/v(\d+)/.exec(title ?? '')?.[1] ?? 0);
}

/** Replaces the whole document in the JSON editor. */
async function typeJson(page: Page, text: string) {
  await page.getByRole('tab', { name: 'JSON' }).click();
  const content = page.getByTestId('json-editor').locator('.cm-content');
  await content.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
}

/** The demo publishes a table; without one (a bare database), publish the demo's mode table first. */
async function ensurePublished(page: Page): Promise<number> {
  await page.goto('/routing');
  const version = await publishedVersion(page);
  if (version > 0) return version;
  await page.getByRole('button', { name: 'New draft from published' }).click();
  await expect(page).toHaveURL(/\/routing\/drafts\//);
  await typeJson(page, documentText(DEMO_ROUTING_V2));
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByTestId('draft-state')).toHaveText(/Saved · revision 2/);
  await page.getByLabel('Change note').fill('The mode table');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page).toHaveURL(/\/routing\?/);
  return publishedVersion(page);
}

test.describe('the Routing page at laptop widths', () => {
  test.use({ storageState: authFile('admin') });

  test('versions and gateways fit their cards at 1280 and 1024 px, rollback form open; the demo gateways are listed', async ({ page }) => {
    for (const width of [1280, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto('/routing');
      await expect(page.getByTestId('version-1')).toBeVisible();
      expect(await tableFitProblems(page, 'Published versions'), `versions at ${width} px`).toEqual([]);
      const row = page.getByTestId('version-1');
      await row.getByRole('button', { name: 'Roll back to v1' }).click();
      await expect(row.getByLabel('Change note for the rollback to v1')).toBeVisible();
      expect(await tableFitProblems(page, 'Published versions'), `versions, rollback open, at ${width} px`).toEqual([]);
      expect(await tableFitProblems(page, 'Gateways'), `gateways at ${width} px`).toEqual([]);
    }
    // The seed's two gateways pulled through the real route handler (scripts/lib/demo-routing.ts): one followed the
    // publishes, one stayed on version 1 and is flagged.
    const published = await publishedVersion(page);
    await expect(page.getByTestId('gateway-demo-gateway-legacy-v1')).toContainText('v1');
    await expect(page.getByTestId('gateway-demo-gateway-legacy-v1')).toContainText(`old version (published: v${published})`);
    await expect(page.getByTestId('gateway-demo-gateway-current')).toContainText('v2');
    if (published === 2) await expect(page.getByTestId('gateway-demo-gateway-current')).toContainText('current');
  });
});

test.describe('as an admin', () => {
  test.use({ storageState: authFile('admin'), viewport: { width: 1280, height: 900 } });

  test('builds a draft in the form, previews it, publishes with a note, sees the diff, and rolls back', async ({ page }) => {
    const errors = collectPageErrors(page);
    const before = await ensurePublished(page);
    expect(before).toBeGreaterThan(0);
    await shoot(page, 'routing');

    await page.getByRole('button', { name: 'New draft from published' }).click();
    await expect(page).toHaveURL(/\/routing\/drafts\/[0-9a-f-]{36}$/);

    // A new rule lands just before the default and is selected; make it send long coding prompts to frontier.
    await page.getByRole('button', { name: 'Add rule' }).click();
    const form = page.getByTestId('rule-form-rule');
    await form.getByLabel('Rule id', { exact: true }).fill('long-code');
    const rule = page.getByTestId('rule-form-long-code');
    await expect(rule.getByLabel('Mode', { exact: true })).toHaveValue('code');
    await rule.getByLabel('Input tokens at least', { exact: true }).fill('100000');
    await rule.getByLabel('Tier', { exact: true }).selectOption('frontier');

    // Saved where it is, the rule "code" above it takes every request it would: an error, at its place.
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByTestId('draft-state')).toHaveText(/Saved · revision 2/);
    await expect(page.getByTestId('routing-issues').locator('[data-code="preempted_rule"]')).toBeVisible();

    // Reorder: once with the button, once with the keyboard (Alt+↑ on the rule).
    await page.getByRole('button', { name: 'Move rule long-code up' }).click();
    await page
      .getByTestId('rule-row-long-code')
      .getByRole('button', { name: /^long-code/ })
      .press('Alt+ArrowUp');
    const order = await page.getByTestId('rule-list').locator('li .font-mono.font-medium').allTextContents();
    expect(order.indexOf('long-code')).toBeLessThan(order.indexOf('code'));
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByTestId('draft-state')).toHaveText(/Saved · revision 3/);
    await expect(page.getByTestId('routing-valid')).toBeVisible();

    // Try a request: a long coding prompt goes to frontier through the new rule, a short one keeps its rule.
    const tryIt = page.getByTestId('try-request');
    await tryIt.getByLabel('Mode', { exact: true }).fill('code');
    await tryIt.getByLabel('Input tokens', { exact: true }).fill('200000');
    await expect(page.getByTestId('decision-rule')).toHaveText('long-code');
    await expect(page.getByTestId('routing-decision')).toContainText('input tokens');
    await tryIt.getByLabel('Input tokens', { exact: true }).fill('1000');
    await expect(page.getByTestId('decision-rule')).toHaveText('code');
    await shoot(page, 'routing-draft');

    // The JSON view shows the same document.
    await page.getByRole('tab', { name: 'JSON' }).click();
    await expect(page.getByTestId('json-editor')).toContainText('"long-code"');

    await page.getByLabel('Change note').fill('Long coding prompts go to frontier models');
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect(page).toHaveURL(new RegExp(`/routing\\?from=${before}&to=${before + 1}`));
    await expect(page.getByTestId('routing-diff').getByTestId('diff-rule-long-code')).toHaveAttribute('data-change', 'added');
    await expect(page.getByTestId(`version-${before + 1}`)).toContainText('Long coding prompts go to frontier models');
    await expect(page.getByTestId(`version-${before + 1}`)).toContainText('published');
    expect(await publishedVersion(page)).toBe(before + 1);
    await shoot(page, 'routing-diff');

    // Roll back: the earlier document is republished as a new version.
    const row = page.getByTestId(`version-${before}`);
    await row.getByRole('button', { name: `Roll back to v${before}` }).click();
    await row.getByLabel(`Change note for the rollback to v${before}`).fill('Back to the previous table');
    await row.getByRole('button', { name: `Republish v${before}` }).click();
    await expect(page).toHaveURL(new RegExp(`to=${before + 2}`));
    await expect(page.getByTestId(`version-${before + 2}`)).toContainText(`rollback to v${before}`);
    await expect(page.getByTestId('routing-diff').getByTestId('diff-rule-long-code')).toHaveAttribute('data-change', 'removed');
    expect(await publishedVersion(page)).toBe(before + 2);
    expect(errors).toEqual([]);
  });
});

test.describe('as a member', () => {
  test.use({ storageState: authFile('member') });

  test('saves drafts but cannot publish; a second save of the same draft gets a conflict and keeps its text', async ({ browser, page }) => {
    await page.goto('/routing');
    await expect(page.getByRole('button', { name: /^Roll back/ })).toHaveCount(0);
    await page.getByRole('button', { name: 'New draft from published' }).click();
    await expect(page).toHaveURL(/\/routing\/drafts\//);
    const url = page.url();
    await expect(page.getByRole('button', { name: 'Publish' })).toHaveCount(0);

    const other = await browser.newPage({ storageState: authFile('member') });
    await other.goto(url);

    await page.getByRole('button', { name: 'Delete rule ask' }).click();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByTestId('draft-state')).toHaveText(/revision 2/);

    await other.getByRole('button', { name: 'Add rule' }).click();
    await other.getByTestId('rule-form-rule').getByLabel('Rule id', { exact: true }).fill('mine');
    await other.getByRole('button', { name: 'Save draft' }).click();
    const alert = other.locator('[data-error-code="conflict:routing_draft"]');
    await expect(alert).toContainText('revision 2');
    await expect(alert).toContainText('Your text is still here');
    await expect(other.getByTestId('rule-row-mine')).toBeVisible();
    await expect(other.getByTestId('draft-state')).toHaveText('Unsaved changes');
    await other.close();

    // The JSON editor marks a schema error at its line; the refused save keeps the text.
    const broken = documentText(DEMO_ROUTING_V2).replace('"id": "deep-work",', '"id": "deep-work",\n      "colour": "red",');
    await typeJson(page, broken);
    await expect(page.getByTestId('json-editor').locator('.cm-lintRange-error')).toHaveText('"colour": "red"');
    await expect(page.getByTestId('routing-issues').locator('[data-code="unknown_field"]')).toContainText('/rules/0/colour');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.locator('[data-error-code="bad_request:routing"]')).toBeVisible();
    await expect(page.getByTestId('json-editor')).toContainText('"colour": "red"');
  });
});
