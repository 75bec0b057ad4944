import { type APIResponse, expect, test } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import { authFile, collectPageErrors, startWebhookReceiver } from './support';

test.use({ storageState: authFile('admin') });

interface Delivery {
  type: string;
  data: { budget: { name: string }; threshold: { percent: number; crossed: number[] } | null };
}

/**
 * A budget on a project made here (so no other spec's traffic crosses it) with a webhook channel to a receiver on
 * 127.0.0.1; events sent through POST /api/v1/events until 80 % is crossed; the alert on the Alerts page and
 * exactly one 80 % delivery at the receiver, its signature verified with the standardwebhooks library.
 */
test('a budget crossed at 80 % by events sent through the API alerts once: Alerts page and webhook receiver', async ({ page, request }) => {
  test.setTimeout(180_000);
  const errors = collectPageErrors(page);
  const run = Date.now().toString(36);
  const { url, received, close } = await startWebhookReceiver('/hooks/budget');
  try {
    // A project of its own, and a key that ingests into it and reads its budget state.
    const projectName = `Budget probe ${run}`;
    await page.goto('/settings/projects');
    const projectForm = page.locator('form').filter({ has: page.getByRole('button', { name: 'Create project' }) });
    await projectForm.getByLabel('Name').fill(projectName);
    await projectForm.getByRole('button', { name: 'Create project' }).click();
    await expect(projectForm.getByText(/^Created project /)).toBeVisible();
    await page.goto('/settings/api-keys');
    await page.getByLabel('Project').selectOption({ label: projectName });
    await page.getByLabel('Key name').fill('budget e2e');
    await page.getByTestId('api-key-scopes').locator('input[value="routing:read"]').check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByTestId('new-api-key-secret').textContent())!.trim();

    // The webhook channel.
    const channelName = `Budget receiver ${run}`;
    await page.goto('/settings/channels');
    const channelForm = page.getByRole('form', { name: 'Add a channel' });
    await channelForm.getByLabel('Name').fill(channelName);
    await channelForm.getByLabel('URL').fill(url);
    await channelForm.getByRole('button', { name: 'Add channel' }).click();
    const secret = (await page.getByTestId('new-channel-secret').locator('code').textContent())!.trim();

    // The budget, on the Budgets page: $1.00 a month on that project, thresholds 50/80/100, alerts to the receiver.
    const budgetName = `E2E budget ${run}`;
    await page.goto('/budgets');
    const form = page.getByTestId('budget-form');
    await form.getByLabel('Name').fill(budgetName);
    await form.getByLabel('Amount (USD)').fill('1');
    await form.getByLabel('Projects').selectOption({ label: projectName });
    await form.getByLabel(channelName).check();
    await form.getByRole('button', { name: 'Create budget' }).click();
    await expect(page).toHaveURL(/\/budgets\/[0-9a-f-]{36}$/);
    const budgetId = page.url().split('/').pop()!;
    await expect(page.getByRole('heading', { name: budgetName })).toBeVisible();

    // Events of $0.30 each (1.2 M input tokens of gpt-5-mini), one at a time, each awaited on the gateway state.
    const auth = { authorization: `Bearer ${key}` };
    let spend = 0;
    let percent = 0;
    let etag: string | null = null;
    for (let i = 0; percent < 80; i++) {
      expect(i, 'events sent before 80 % was crossed').toBeLessThan(10);
      const sent = await request.post('/api/v1/events', {
        headers: auth,
        data: {
          events: [
            {
              event_id: `budget-e2e-${run}-${i}`,
              timestamp: new Date().toISOString(),
              provider: 'openai',
              model: 'gpt-5-mini',
              mode: 'code',
              usage: { input_tokens: 1_200_000, output_tokens: 0 },
            },
          ],
        },
      });
      expect(await sent.json()).toMatchObject({ accepted: 1 });
      const before = spend;
      const deadline = Date.now() + 15_000;
      while (spend <= before) {
        expect(Date.now(), 'the state counts the event within 15 s').toBeLessThan(deadline);
        const res: APIResponse = await request.get('/api/v1/budgets/state?wait=5', {
          headers: { ...auth, ...(etag ? { 'if-none-match': etag } : {}) },
        });
        etag = res.headers().etag ?? etag;
        if (res.status() !== 200) continue;
        const mine = ((await res.json()) as { budgets: Array<{ id: string; spendMicros: number; percentTenths?: number }> }).budgets.find(
          (b) => b.id === budgetId,
        );
        spend = mine?.spendMicros ?? 0;
      }
      percent = spend / 10_000; // of $1.00
    }
    expect(percent).toBeLessThan(100); // the last event crossed 80 and stopped short of 100

    // The alert on the Alerts page.
    await expect(async () => {
      await page.goto('/alerts');
      const row = page.getByRole('row').filter({ hasText: budgetName }).filter({ hasText: '80 %' });
      await expect(row).toHaveCount(1);
      await expect(row).toContainText(channelName);
    }).toPass({ timeout: 30_000 });

    // The receiver: one 80 % delivery (the worker runs every 10 s), verified; none more after two more rounds.
    const mineAt = (percentOf: number) =>
      received
        .map((r) => new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as Delivery)
        .filter((d) => d.data.budget.name === budgetName && d.data.threshold?.percent === percentOf);
    await expect.poll(() => mineAt(80).length, { timeout: 45_000 }).toBe(1);
    await page.waitForTimeout(35_000); // a full evaluation (every 30 s) and more delivery rounds
    expect(mineAt(80)).toHaveLength(1);
    expect(mineAt(100)).toHaveLength(0);
    expect(mineAt(80)[0]!.type).toBe('budget.threshold_reached');

    await page.goto('/alerts');
    const row = page.getByRole('row').filter({ hasText: budgetName }).filter({ hasText: '80 %' });
    await expect(row).toContainText('delivered');
    await page.screenshot({ path: 'test-results/budgets-alerts.png', fullPage: true });
    expect(errors).toEqual([]);
  } finally {
    await close();
  }
});
