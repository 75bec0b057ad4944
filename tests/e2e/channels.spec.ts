import { expect, test } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import { authFile, startWebhookReceiver } from './support';

test.use({ storageState: authFile('admin') });

test('an admin adds a webhook channel, sends a test, the receiver verifies it, and the page shows it delivered', async ({ page }) => {
  const { url, received, close } = await startWebhookReceiver('/hooks/switchyard');
  try {
    await page.goto('/settings/channels');
    const form = page.getByRole('form', { name: 'Add a channel' });
    await form.getByLabel('Name').fill('E2E receiver');
    await form.getByLabel('URL').fill(url);
    await form.getByRole('button', { name: 'Add channel' }).click();
    const secret = (await page.getByTestId('new-channel-secret').locator('code').textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);

    const channel = page.getByTestId('channel-E2E receiver');
    await channel.getByRole('button', { name: 'Send test to E2E receiver' }).click();
    await expect(channel.getByTestId('test-result')).toHaveText(/^Delivered \(204\)/);
    expect(received).toHaveLength(1);
    const body = new Webhook(secret).verify(received[0]!.body, received[0]!.headers as Record<string, string>) as {
      data: { headline: string };
    };
    expect(body.data.headline).toMatch(/^Test message/);

    await page.reload();
    await expect(page.locator('body')).not.toContainText(secret);
    const row = page.getByTestId('channel-E2E receiver').getByTestId('delivery-row').first();
    await expect(row).toContainText('Test');
    await expect(row).toContainText('delivered');
    await expect(row).toContainText('204');
    await page.screenshot({ path: 'test-results/channels.png', fullPage: true });
  } finally {
    await close();
  }
});

test('the cloud metadata endpoint is refused at save time, even with private addresses allowed', async ({ page }) => {
  await page.goto('/settings/channels');
  const form = page.getByRole('form', { name: 'Add a channel' });
  await form.getByLabel('Name').fill('Metadata');
  await form.getByLabel('URL').fill('http://169.254.169.254/latest/meta-data');
  await form.getByRole('button', { name: 'Add channel' }).click();
  await expect(form.getByText('This URL points to the cloud metadata endpoint, which alerts may not call.')).toBeVisible();
});
