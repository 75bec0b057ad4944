import { expect, test } from '@playwright/test';
import { expectSignedInAs, fillSignIn, signIn } from './support';

test.describe('signing in and out', () => {
  test('a signed-out visitor is sent to sign in, and back to where they were going', async ({ page }) => {
    await page.goto('/settings/projects');
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsettings%2Fprojects/);
    await fillSignIn(page, 'admin');
    await expect(page).toHaveURL(/\/settings\/projects$/);
    await expectSignedInAs(page, 'admin');
  });

  test('a wrong password is refused with a clear message; the right one signs in; sign out ends the session', async ({ page }) => {
    await signIn(page, 'member', 'not-the-password');
    await expect(page.locator('form').getByRole('alert')).toHaveText('Wrong email or password.');
    await expect(page).toHaveURL(/\/login/);

    await signIn(page, 'member');
    await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
    await expectSignedInAs(page, 'member');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto('/');
    await expect(page).toHaveURL(/\/login/);
  });

  test('an expired or forged session cookie leads to sign-in with a notice, never an error page', async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: 'next-auth.session-token', value: 'forged.token.value', url: baseURL! }]);
    await page.goto('/usage');
    await expect(page).toHaveURL(/\/login\?.*reason=expired/);
    await expect(page.getByRole('status')).toHaveText('Your session expired. Sign in again to continue.');
  });

  test('the setup page is closed once an admin exists', async ({ page }) => {
    await page.goto('/setup');
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });
});
