import { expect, test } from '@playwright/test';
import { can } from '@/lib/auth/permissions';
import { SETTINGS_TABS } from '@/lib/navigation';
import { authFile } from './support';

for (const role of ['viewer', 'member'] as const) {
  const allowed = SETTINGS_TABS.filter((t) => can(role, t.permission));
  const refused = SETTINGS_TABS.filter((t) => !can(role, t.permission));

  test.describe(`${role}`, () => {
    test.use({ storageState: authFile(role) });

    test('sees the dashboards, and in Settings only what the role may use (their access tokens)', async ({ page }) => {
      await page.goto('/');
      await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
      const nav = page.getByRole('navigation', { name: 'Main' });
      await expect(nav.getByRole('link', { name: 'Usage' })).toBeVisible();
      await nav.getByRole('link', { name: 'Settings' }).click();
      await expect(page).toHaveURL(new RegExp(`${allowed[0]!.href}$`));
      const tabs = page.getByRole('navigation', { name: 'Settings' }).getByRole('link');
      await expect(tabs).toHaveText(allowed.map((t) => t.label));
    });

    test('cannot reach any admin page by its address', async ({ page }) => {
      expect(refused.length).toBeGreaterThan(0);
      for (const tab of refused) {
        await page.goto(tab.href);
        await expect(page.getByTestId('forbidden')).toBeVisible();
        await expect(page.getByRole('button', { name: /Add user|Create project|Create key|Revoke|Deactivate/ })).toHaveCount(0);
      }
    });
  });
}
