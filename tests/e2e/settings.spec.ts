import { expect, test } from '@playwright/test';
import { authFile, USERS } from './support';

test.use({ storageState: authFile('admin') });

test('projects: create (slug derived from the name), refuse a duplicate, rename, archive and unarchive', async ({ page }) => {
  await page.goto('/settings/projects');
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Create project' }) });
  await form.getByLabel('Name').fill('Billing Bot');
  await form.getByRole('button', { name: 'Create project' }).click();
  const row = page.getByTestId('project-row-billing-bot');
  await expect(row).toContainText('Billing Bot');

  await form.getByLabel('Name').fill('Billing bot again');
  await form.getByLabel('Slug (optional)').fill('billing-bot');
  await form.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByText('Already in use.')).toBeVisible();

  await row.getByLabel('New name for Billing Bot').fill('Billing assistant');
  await row.getByRole('button', { name: 'Rename' }).click();
  await expect(row.locator('td').first()).toHaveText('Billing assistant');
  await row.getByRole('button', { name: 'Archive Billing assistant' }).click();
  await expect(row).toContainText('archived');
  await row.getByRole('button', { name: 'Unarchive Billing assistant' }).click();
  await expect(row).toContainText('active');
});

test('API keys: the secret is shown once, works, is stored only as a hash, and stops working when revoked', async ({ page, request }) => {
  page.on('dialog', (d) => void d.accept());
  await page.goto('/settings/api-keys');
  await page.getByLabel('Project').selectOption({ label: 'Checkout agent' });
  await page.getByLabel('Key name').fill('e2e gateway');
  await page.getByRole('button', { name: 'Create key' }).click();
  const secret = (await page.getByTestId('new-api-key-secret').textContent())!.trim();
  expect(secret).toMatch(/^sy_[a-z0-9]{8}_[a-z0-9]{40}$/);

  const ok = await request.get('/api/v1/key', { headers: { authorization: `Bearer ${secret}` } });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({ project: { slug: 'checkout-agent' }, scopes: ['ingest'] });

  await page.reload();
  await expect(page.locator('body')).not.toContainText(secret);
  const prefix = secret.slice(0, 11);
  const row = page.getByTestId(`api-key-row-${prefix}`);
  await expect(row).toContainText('active');
  await expect(row).not.toContainText('never'); // last used time recorded by the call above

  await row.getByRole('button', { name: /^Revoke/ }).click();
  await expect(row).toContainText('revoked');
  const refused = await request.get('/api/v1/key', { headers: { authorization: `Bearer ${secret}` } });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe('unauthorized:api_key');

  await page.goto('/settings/audit');
  await expect(page.locator('tbody tr').first()).toContainText('api_key.revoke');
  await expect(page.locator('tbody tr').first()).toContainText(USERS.admin.email);
});

test('users: the last admin cannot demote themself, and a role change takes effect at once', async ({ page, browser }) => {
  await page.goto('/settings/users');
  const me = page.getByTestId(`user-row-${USERS.admin.email}`);
  await me.getByLabel(`Role of ${USERS.admin.email}`).selectOption('viewer');
  await me.getByRole('button', { name: 'Save role' }).click();
  await expect(me.getByRole('alert')).toContainText('last active admin');

  // Promote the member to admin, check their very next request sees it, then demote again.
  const member = page.getByTestId(`user-row-${USERS.member.email}`);
  await member.getByLabel(`Role of ${USERS.member.email}`).selectOption('admin');
  await member.getByRole('button', { name: 'Save role' }).click();
  await expect(member.getByRole('cell').nth(2)).toHaveText('admin');
  const context = await browser.newContext({ storageState: authFile('member') });
  const memberPage = await context.newPage();
  await memberPage.goto('/settings/users');
  await expect(memberPage.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await member.getByLabel(`Role of ${USERS.member.email}`).selectOption('member');
  await member.getByRole('button', { name: 'Save role' }).click();
  await expect(member.getByRole('cell').nth(2)).toHaveText('member');
  await memberPage.goto('/settings/users');
  await expect(memberPage.getByTestId('forbidden')).toBeVisible();
  await context.close();
});
