import { type Browser, expect, type Page, test } from '@playwright/test';
import { authFile, USERS, type E2ERole } from './support';

const UNKNOWN_JOB = '/api/v1/jobs/00000000-0000-4000-8000-000000000000';
const IMPORT = '/api/v1/imports?format=csv&project=checkout-agent';

/** Creates a token on the Settings page and returns its secret, read from the one place it is shown. */
async function createToken(page: Page, name: string): Promise<string> {
  await page.goto('/settings/access-tokens');
  await page.getByLabel('Token name').fill(name);
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = (await page.getByTestId('new-access-token-secret').textContent())!.trim();
  expect(secret).toMatch(/^syt_[a-z0-9]{8}_[a-z0-9]{40}$/);
  return secret;
}

/** A client with no cookies at all: the token alone is the caller. */
async function tokenClient(browser: Browser, page: Page) {
  const ctx = await browser.newContext({ baseURL: new URL(page.url()).origin, storageState: { cookies: [], origins: [] } });
  return { api: ctx.request, close: () => ctx.close() };
}

const asRole = (role: E2ERole) => ({ storageState: authFile(role) });

test.describe('a viewer', () => {
  test.use(asRole('viewer'));

  test('creates an access token, shown once, that acts as the viewer and no more', async ({ page, browser }) => {
    const secret = await createToken(page, 'e2e viewer CI');
    const { api, close } = await tokenClient(browser, page);
    const refused = await api.post(IMPORT, { headers: { authorization: `Bearer ${secret}` }, data: 'x' });
    expect([refused.status(), (await refused.json()).error.code]).toEqual([403, 'forbidden:auth']);
    await close();
    await page.reload();
    await expect(page.locator('body')).not.toContainText(secret);
    await expect(page.getByTestId(`access-token-row-${secret.slice(0, 12)}`)).toContainText('active');
  });
});

test.describe('an admin', () => {
  test.use(asRole('admin'));

  test('a token works on the management API, records its use, and stops when revoked', async ({ page, browser }) => {
    page.on('dialog', (d) => void d.accept());
    const secret = await createToken(page, 'e2e admin CI');
    const { api, close } = await tokenClient(browser, page);
    const auth = { authorization: `Bearer ${secret}` };
    const found = await api.get(UNKNOWN_JOB, { headers: auth });
    expect([found.status(), (await found.json()).error.code]).toEqual([404, 'not_found:job']); // let in; no such job

    await page.reload();
    const row = page.getByTestId(`access-token-row-${secret.slice(0, 12)}`);
    await expect(row.locator('td').nth(4)).not.toHaveText('never'); // last used, recorded by the call above
    await row.getByRole('button', { name: /^Revoke/ }).click();
    await expect(row).toContainText('revoked');
    const after = await api.get(UNKNOWN_JOB, { headers: auth });
    expect([after.status(), (await after.json()).error.code]).toEqual([401, 'unauthorized:access_token']);
    await close();
  });

  test('sees everyone’s tokens, and each create and revoke is in the audit log', async ({ page }) => {
    await page.goto('/settings/access-tokens');
    await expect(page.getByRole('table', { name: 'Everyone’s access tokens' })).toContainText(USERS.viewer.email);
    await page.goto('/settings/audit');
    await expect(page.locator('tbody')).toContainText('access_token.revoke');
    await expect(page.locator('tbody')).toContainText('access_token.create');
  });

  test('a cross-site request cannot ride the session cookie to change anything', async ({ page }) => {
    await page.goto('/');
    const res = await page.request.post(IMPORT, {
      headers: { origin: 'https://evil.example' },
      data: 'event_id,timestamp,provider,model,input_tokens,output_tokens\n',
    });
    expect([res.status(), (await res.json()).error.code]).toEqual([403, 'forbidden:csrf']);
  });
});
