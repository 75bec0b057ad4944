import { expect, test as setup } from '@playwright/test';
import { authFile, collectPageErrors, expectSignedInAs, signIn, USERS } from './support';

setup('first run: the setup page creates the first admin, who then adds a member and a viewer', async ({ page, browser }) => {
  const errors = collectPageErrors(page);
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: 'Welcome to Switchyard' })).toBeVisible();

  // Bad input first: a short password and a mismatch are refused field by field.
  await page.getByLabel('Your name').fill(USERS.admin.name);
  await page.getByLabel('Email').fill(USERS.admin.email);
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByLabel('Confirm password').fill('different');
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page.getByText('Use at least 10 characters.')).toBeVisible();
  await expect(page.getByText('The passwords do not match.')).toBeVisible();

  await page.getByLabel('Password', { exact: true }).fill(USERS.admin.password);
  await page.getByLabel('Confirm password').fill(USERS.admin.password);
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await expectSignedInAs(page, 'admin');
  await page.context().storageState({ path: authFile('admin') });

  // Setup is closed once a user exists.
  await page.goto('/setup');
  await expect(page).toHaveURL(/\/$|\/login/);

  await page.goto('/settings/users');
  for (const role of ['member', 'viewer'] as const) {
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Add user' }) });
    await form.getByLabel('Name').fill(USERS[role].name);
    await form.getByLabel('Email').fill(USERS[role].email);
    await form.getByLabel('Role').selectOption(role);
    await form.getByLabel('Initial password').fill(USERS[role].password);
    await form.getByRole('button', { name: 'Add user' }).click();
    await expect(page.getByTestId(`user-row-${USERS[role].email}`)).toContainText(role);
  }
  expect(errors).toEqual([]);

  for (const role of ['member', 'viewer'] as const) {
    const context = await browser.newContext();
    const other = await context.newPage();
    await signIn(other, role);
    await expectSignedInAs(other, role);
    await context.storageState({ path: authFile(role) });
    await context.close();
  }
});
