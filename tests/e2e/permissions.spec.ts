import { expect, test } from '@playwright/test';
import { SETTINGS_TABS } from '@/lib/navigation';
import { authFile } from './support';

const ADMIN_PAGES = ['/settings', ...SETTINGS_TABS.map((t) => t.href)];

for (const role of ['viewer', 'member'] as const) {
  test.describe(`${role}`, () => {
    test.use({ storageState: authFile(role) });

    test(`sees the dashboards but no Settings in the navigation`, async ({ page }) => {
      await page.goto('/');
      await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
      const nav = page.getByRole('navigation', { name: 'Main' });
      await expect(nav.getByRole('link', { name: 'Usage' })).toBeVisible();
      await expect(nav.getByRole('link', { name: 'Settings' })).toHaveCount(0);
    });

    test(`cannot reach any admin page by its address`, async ({ page }) => {
      for (const path of ADMIN_PAGES) {
        await page.goto(path);
        await expect(page.getByTestId('forbidden')).toBeVisible();
        await expect(page.getByRole('button', { name: /Add user|Create project|Create key|Revoke|Deactivate/ })).toHaveCount(0);
      }
    });
  });
}
