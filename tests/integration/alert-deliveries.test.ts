/**
 * Alert channels and deliveries (issue 12 item 5): channel CRUD with its permission and audit; deliveries signed
 * per Standard Webhooks and checked by the `standardwebhooks` library at a real receiver; email to a real SMTP
 * server; retries after a 500 and a refused connection on the backoff schedule, every attempt logged, failed
 * after the last; private addresses refused at save and at connect time unless allowed; a hanging channel does not
 * delay another; exactly one delivery per (alert, channel) with two workers on one database.
 */
import dns from 'node:dns/promises';
import os from 'node:os';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openMigratedDatabase } from '@/db/client';
import { listAuditEntries } from '@/db/queries/audit';
import { listAttemptsOfDelivery } from '@/db/queries/channels';
import { alertChannels, alertDeliveries } from '@/db/schema';
import { generateWebhookSecret } from '@/lib/alerts/signing';
import { jitterFor, MAX_ATTEMPTS, nextAttemptAt } from '@/lib/alerts/retry';
import type { UserActor } from '@/lib/auth/actor';
import { DEMO_CHANNEL } from '@/lib/demo/channels';
import { resetEnvCache } from '@/lib/env';
import type { AppError } from '@/lib/errors';
import { createAlertChannel } from '@/services/channels/create-alert-channel';
import { deleteAlertChannel } from '@/services/channels/delete-alert-channel';
import { deliverPendingAlerts } from '@/services/channels/deliver-pending-alerts';
import { listAlertChannels } from '@/services/channels/list-alert-channels';
import { listChannelsWithDeliveries } from '@/services/channels/list-channels-with-deliveries';
import { listDeliveriesByAlertIds } from '@/services/channels/list-deliveries-by-alert-ids';
import { sendTestToChannel } from '@/services/channels/send-test-to-channel';
import { updateAlertChannel } from '@/services/channels/update-alert-channel';
import { systemContext } from '@/services/context';
import { closedPort, insertAlert, startReceiver } from '../helpers/alerts';
import { openTestDatabase, type TestDatabase, testDriver } from '../helpers/database';
import { as, makeUser } from '../helpers/fixtures';

let t: TestDatabase;
let admin: UserActor;
let member: UserActor;
let viewer: UserActor;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

const setEnv = (vars: Record<string, string | undefined>) => {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
};

beforeAll(async () => {
  t = await openTestDatabase();
  admin = await makeUser(t, 'admin');
  member = await makeUser(t, 'member');
  viewer = await makeUser(t, 'viewer');
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await t?.destroy();
  setEnv({ SWITCHYARD_ALLOW_PRIVATE_WEBHOOKS: undefined, SWITCHYARD_SMTP_URL: undefined, SWITCHYARD_SMTP_FROM: undefined });
});
beforeEach(async () => {
  setEnv({ SWITCHYARD_ALLOW_PRIVATE_WEBHOOKS: 'true', SWITCHYARD_SMTP_URL: undefined, SWITCHYARD_SMTP_FROM: undefined });
  // Each test starts with no channels (their deliveries go with them).
  await t.db.delete(alertChannels);
});

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: AppError) => e.code,
  );

async function webhook(path: string, name = path) {
  return createAlertChannel(as(t, admin), { kind: 'webhook', name, url: receiver.url(path) });
}

const deliveryOf = async (alertId: string, channelId: string) =>
  (await t.db.select().from(alertDeliveries).where(eq(alertDeliveries.alertId, alertId))).find((d) => d.channelId === channelId)!;

const worker = (now: Date, handle: DatabaseHandle = t) => systemContext(handle, 'deliveries', now);

describe('channels', () => {
  it('are created by admins only, with a webhook secret shown once, listed without secrets, edited and deleted, all audited', async () => {
    expect(await codeOf(createAlertChannel(as(t, member), { kind: 'webhook', name: 'x', url: 'https://example.com/h' }))).toBe(
      'forbidden:auth',
    );
    const { channel, secret } = await createAlertChannel(as(t, admin), { kind: 'webhook', name: 'Ops', url: 'https://example.com/h' });
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify(channel)).not.toContain(secret!);
    const mail = await createAlertChannel(as(t, admin), {
      kind: 'email',
      name: 'Finance',
      to: 'a@example.com, B@example.com\nc@example.com',
    });
    expect(mail.secret).toBeNull();
    expect(mail.channel.config).toEqual({ to: ['a@example.com', 'b@example.com', 'c@example.com'] });
    for (const who of [member, viewer]) {
      const listed = await listAlertChannels(as(t, who));
      expect(listed.map((c) => c.name)).toEqual(['Finance', 'Ops']);
      expect(JSON.stringify(listed)).not.toContain('whsec_');
    }
    expect(await codeOf(listChannelsWithDeliveries(as(t, member)))).toBe('forbidden:auth');

    await updateAlertChannel(as(t, admin), { id: channel.id, name: 'Ops 2', url: 'https://example.org/new', kind: 'email' });
    const [row] = await t.db.select().from(alertChannels).where(eq(alertChannels.id, channel.id));
    expect(row).toMatchObject({ kind: 'webhook', name: 'Ops 2', config: { url: 'https://example.org/new' }, secret });
    expect(await codeOf(updateAlertChannel(as(t, admin), { id: channel.id, name: '', url: 'ftp://x' }))).toBe('bad_request:channel');
    expect(await codeOf(updateAlertChannel(as(t, member), { id: channel.id, name: 'n', url: 'https://example.org/' }))).toBe(
      'forbidden:auth',
    );
    await deleteAlertChannel(as(t, admin), { id: mail.channel.id });
    expect(await codeOf(deleteAlertChannel(as(t, admin), { id: mail.channel.id }))).toBe('not_found:channel');
    const audit = (await listAuditEntries(t.db, { limit: 4 })).map((e) => e.action);
    expect(audit).toEqual(['alert_channel.delete', 'alert_channel.update', 'alert_channel.create', 'alert_channel.create']);
    expect(JSON.stringify(await listAuditEntries(t.db, { limit: 10 }))).not.toContain(secret!);
  });

  it('refuse private, loopback and link-local URLs at save time unless the operator allows them', async () => {
    setEnv({ SWITCHYARD_ALLOW_PRIVATE_WEBHOOKS: undefined });
    for (const url of [
      'http://127.0.0.1:9/x',
      'http://10.1.2.3/x',
      'http://169.254.169.254/latest',
      'http://localhost/x',
      'http://[::1]/',
    ]) {
      const err = await createAlertChannel(as(t, admin), { kind: 'webhook', name: 'p', url }).catch((e: AppError) => e);
      expect({ url, code: (err as AppError).code, field: Boolean((err as AppError).fields?.url) }).toEqual({
        url,
        code: 'bad_request:channel',
        field: true,
      });
    }
    setEnv({ SWITCHYARD_ALLOW_PRIVATE_WEBHOOKS: 'true' });
    expect((await webhook('/ok')).channel.kind).toBe('webhook');
    // The metadata endpoint stays refused whatever the switch says.
    expect(await codeOf(createAlertChannel(as(t, admin), { kind: 'webhook', name: 'm', url: 'http://169.254.169.254/' }))).toBe(
      'bad_request:channel',
    );
  });
});

describe('deliveries', () => {
  it('POST the payload signed per Standard Webhooks (verified with the library), once per alert and channel', async () => {
    const { channel, secret } = await webhook('/ok/signed');
    const alert = await insertAlert(t, { channelIds: [channel.id] });
    const run = await deliverPendingAlerts(worker(new Date()));
    expect(run).toMatchObject({ created: 1, attempted: 1, delivered: 1 });
    const [got] = receiver.to('/ok/signed');
    expect(got!.headers['webhook-id']).toBe(`msg_${alert.id}`);
    expect(got!.headers['content-type']).toBe('application/json');
    const verified = new Webhook(secret!).verify(got!.body, got!.headers as Record<string, string>);
    expect(verified).toEqual(alert.payload);
    expect(() => new Webhook(generateWebhookSecret()).verify(got!.body, got!.headers as Record<string, string>)).toThrow();
    const again = await deliverPendingAlerts(worker(new Date(Date.now() + 3_600_000)));
    expect(again).toMatchObject({ created: 0, attempted: 0 });
    expect(receiver.to('/ok/signed')).toHaveLength(1);
    const d = await deliveryOf(alert.id, channel.id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 1, nextAttemptAt: null, lastError: null });
    const statuses = await listDeliveriesByAlertIds(as(t, viewer), { alertIds: [alert.id] });
    expect(statuses.get(alert.id)).toMatchObject([{ channelId: channel.id, status: 'delivered', attempts: 1, lastStatusCode: 204 }]);
  });

  it('retry after a 500 on the backoff schedule with the same webhook-id, every attempt logged, until delivered', async () => {
    const { channel } = await webhook('/flaky');
    receiver.set('/flaky', 'fail');
    const alert = await insertAlert(t, { channelIds: [channel.id] });
    const t0 = new Date('2026-12-01T10:00:00Z');
    await deliverPendingAlerts(worker(t0));
    let d = await deliveryOf(alert.id, channel.id);
    expect(d).toMatchObject({ status: 'retrying', attempts: 1 });
    expect(d.lastError).toContain('HTTP 500');
    expect(d.nextAttemptAt!.getTime()).toBe(nextAttemptAt(1, d.firstAttemptAt!, jitterFor(d.id, 1))!.getTime());
    // Not due yet: nothing is sent.
    expect((await deliverPendingAlerts(worker(new Date(d.nextAttemptAt!.getTime() - 1000)))).attempted).toBe(0);
    await deliverPendingAlerts(worker(d.nextAttemptAt!));
    d = await deliveryOf(alert.id, channel.id);
    expect(d).toMatchObject({ status: 'retrying', attempts: 2 });
    expect(d.nextAttemptAt!.getTime()).toBe(nextAttemptAt(2, d.firstAttemptAt!, jitterFor(d.id, 2))!.getTime());
    expect(d.nextAttemptAt!.getTime() - d.firstAttemptAt!.getTime()).toBeGreaterThan(5 * 60_000);
    receiver.set('/flaky', 'ok');
    await deliverPendingAlerts(worker(d.nextAttemptAt!));
    d = await deliveryOf(alert.id, channel.id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 3, nextAttemptAt: null });
    const attempts = await listAttemptsOfDelivery(t.db, { deliveryId: d.id });
    expect(attempts.map((a) => [a.attempt, a.statusCode, a.outcome])).toEqual([
      [1, 500, 'retry'],
      [2, 500, 'retry'],
      [3, 204, 'delivered'],
    ]);
    expect(new Set(receiver.to('/flaky').map((r) => r.headers['webhook-id']))).toEqual(new Set([`msg_${alert.id}`]));
  });

  it('retry after a refused connection, and give up as failed after the last attempt, more than 24 hours on', async () => {
    const port = await closedPort();
    const { channel } = await createAlertChannel(as(t, admin), { kind: 'webhook', name: 'dead', url: `http://127.0.0.1:${port}/x` });
    const alert = await insertAlert(t, { channelIds: [channel.id] });
    let now = new Date('2026-12-01T10:00:00Z');
    await deliverPendingAlerts(worker(now));
    let d = await deliveryOf(alert.id, channel.id);
    expect(d).toMatchObject({ status: 'retrying', attempts: 1 });
    expect(d.lastError).toContain('ECONNREFUSED');
    while (d.status === 'retrying') {
      now = d.nextAttemptAt!;
      await deliverPendingAlerts(worker(now));
      d = await deliveryOf(alert.id, channel.id);
    }
    expect(d).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, nextAttemptAt: null });
    expect(d.lastError).toContain('gave up');
    const attempts = await listAttemptsOfDelivery(t.db, { deliveryId: d.id });
    expect(attempts).toHaveLength(MAX_ATTEMPTS);
    expect(attempts.every((a) => a.statusCode === null && a.error?.includes('ECONNREFUSED'))).toBe(true);
    expect(attempts.at(-1)!.startedAt.getTime() - attempts[0]!.startedAt.getTime()).toBeGreaterThan(24 * 3_600_000);
  });

  it('refuse a private destination at connect time when the operator no longer allows it (literal and resolved name)', async () => {
    const { channel } = await webhook('/ok/private');
    const local = await dns.lookup(os.hostname()).catch(() => null);
    const named =
      local?.address.startsWith('127.') === true
        ? (
            await createAlertChannel(as(t, admin), {
              kind: 'webhook',
              name: 'named',
              url: receiver.url('/ok/named').replace('127.0.0.1', os.hostname()),
            })
          ).channel
        : null;
    const alert = await insertAlert(t, { channelIds: [channel.id, ...(named ? [named.id] : [])] });
    setEnv({ SWITCHYARD_ALLOW_PRIVATE_WEBHOOKS: 'false' });
    await deliverPendingAlerts(worker(new Date()));
    const d = await deliveryOf(alert.id, channel.id);
    expect(d).toMatchObject({ status: 'failed', attempts: 1 });
    expect(d.lastError).toContain('loopback');
    if (named) {
      const n = await deliveryOf(alert.id, named.id);
      expect(n).toMatchObject({ status: 'failed', attempts: 1 });
      expect(n.lastError).toContain(`resolves to ${local!.address}`);
    }
    expect(receiver.to('/ok/private')).toHaveLength(0);
    expect(receiver.to('/ok/named')).toHaveLength(0);
  });

  it('a hanging channel does not delay another channel’s delivery; it times out and is retried', async () => {
    const slow = (await webhook('/hang/1', 'slow')).channel;
    const fast = (await webhook('/ok/fast', 'fast')).channel;
    const alert = await insertAlert(t, { channelIds: [slow.id, fast.id] });
    const started = Date.now();
    const run = await deliverPendingAlerts(worker(new Date()), { timeoutMs: 2000 });
    expect(receiver.to('/ok/fast')[0]!.at - started).toBeLessThan(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(run).toMatchObject({ delivered: 1, retrying: 1 });
    expect((await deliveryOf(alert.id, slow.id)).lastError).toContain('no answer within');
    expect((await deliveryOf(alert.id, fast.id)).status).toBe('delivered');
  });

  it('an unreachable host (the demo channel) is retried with its DNS error in the log', async () => {
    setEnv({ SWITCHYARD_ALLOW_PRIVATE_WEBHOOKS: undefined });
    const { channel } = await createAlertChannel(as(t, admin), { ...DEMO_CHANNEL });
    const alert = await insertAlert(t, { channelIds: [channel.id] });
    await deliverPendingAlerts(worker(new Date()));
    const d = await deliveryOf(alert.id, channel.id);
    expect(d).toMatchObject({ status: 'retrying', attempts: 1 });
    expect(d.lastError).toMatch(/ENOTFOUND|EAI_AGAIN/);
  });

  it('a 410 is a failure at once (the receiver refuses this request itself)', async () => {
    const { channel } = await webhook('/gone');
    const alert = await insertAlert(t, { channelIds: [channel.id] });
    await deliverPendingAlerts(worker(new Date()));
    expect(await deliveryOf(alert.id, channel.id)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('exactly one delivery per (alert, channel) with two workers on one database', async () => {
    const a = (await webhook('/ok/w1', 'w1')).channel;
    const b = (await webhook('/ok/w2', 'w2')).channel;
    const ids: string[] = [];
    for (let i = 0; i < 15; i++) ids.push((await insertAlert(t, { channelIds: [a.id, b.id] })).id);
    const second = testDriver() === 'postgres' ? await openMigratedDatabase(t.target) : t;
    try {
      const now = new Date();
      const runs = await Promise.all([
        deliverPendingAlerts(worker(now), { limit: 4, perChannel: 2, maxBatches: 50 }),
        deliverPendingAlerts(worker(now, second), { limit: 4, perChannel: 2, maxBatches: 50 }),
        deliverPendingAlerts(worker(now, second), { limit: 4, perChannel: 2, maxBatches: 50 }),
      ]);
      expect(runs.reduce((s, r) => s + r.delivered, 0)).toBe(30);
      if (testDriver() === 'postgres') expect(runs.filter((r) => r.delivered > 0).length).toBeGreaterThan(1);
    } finally {
      if (second !== t) await second.close();
    }
    for (const path of ['/ok/w1', '/ok/w2']) {
      const got = receiver.to(path).map((r) => r.headers['webhook-id']);
      expect(got.sort()).toEqual(ids.map((id) => `msg_${id}`).sort());
    }
    const rows = await t.db.select().from(alertDeliveries);
    expect(rows).toHaveLength(30);
    expect(rows.every((r) => r.attempts === 1 && r.status === 'delivered')).toBe(true);
  });

  it('list a channel the worker has not reached yet as pending, and ignore ids that name no channel', async () => {
    const { channel } = await webhook('/ok/later');
    const alert = await insertAlert(t, { channelIds: [channel.id, '00000000-0000-4000-8000-00000000dead'] });
    const statuses = await listDeliveriesByAlertIds(as(t, member), { alertIds: [alert.id] });
    expect(statuses.get(alert.id)).toMatchObject([{ deliveryId: null, channelId: channel.id, status: 'pending', attempts: 0 }]);
    expect(await codeOf(listDeliveriesByAlertIds(as(t, null), { alertIds: [alert.id] }))).toBe('unauthorized:auth');
  });
});

describe('email', () => {
  it('is delivered to a real SMTP server; with SMTP unset each attempt says unavailable:smtp', async () => {
    const mails: { from: string; to: string[]; data: string }[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            data,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as { port: number }).port;
    try {
      const { channel } = await createAlertChannel(as(t, admin), {
        kind: 'email',
        name: 'Finance',
        to: ['cfo@example.com', 'ops@example.com'],
      });
      const unconfigured = await insertAlert(t, { channelIds: [channel.id] });
      await deliverPendingAlerts(worker(new Date()));
      const d = await deliveryOf(unconfigured.id, channel.id);
      expect(d).toMatchObject({ status: 'retrying', attempts: 1 });
      expect(d.lastError).toContain('unavailable:smtp');

      setEnv({ SWITCHYARD_SMTP_URL: `smtp://127.0.0.1:${port}`, SWITCHYARD_SMTP_FROM: 'Switchyard <alerts@switchyard.test>' });
      const alert = await insertAlert(t, { channelIds: [channel.id] });
      await deliverPendingAlerts(worker(new Date()));
      expect(await deliveryOf(alert.id, channel.id)).toMatchObject({ status: 'delivered', attempts: 1 });
      expect(mails).toHaveLength(1);
      expect(mails[0]!.from).toBe('alerts@switchyard.test');
      expect(mails[0]!.to.sort()).toEqual(['cfo@example.com', 'ops@example.com']);
      expect(mails[0]!.data).toContain('Subject: [Switchyard] Test message from Switchyard');
      // The earlier delivery goes out at its retry time now that mail is configured.
      await deliverPendingAlerts(worker(d.nextAttemptAt!));
      expect(await deliveryOf(unconfigured.id, channel.id)).toMatchObject({ status: 'delivered', attempts: 2 });
      expect(mails).toHaveLength(2);
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });
});

describe('send test', () => {
  it('delivers a signed test payload now, once, shows the result and lists it among the channel’s deliveries', async () => {
    const { channel, secret } = await webhook('/ok/test');
    expect(await codeOf(sendTestToChannel(as(t, member), { id: channel.id }))).toBe('forbidden:auth');
    const result = await sendTestToChannel(as(t, admin), { id: channel.id });
    expect(result).toMatchObject({ status: 'delivered', statusCode: 204, error: null });
    const [got] = receiver.to('/ok/test');
    expect(got!.headers['webhook-id']).toBe(`msg_test_${result.deliveryId}`);
    const body = new Webhook(secret!).verify(got!.body, got!.headers as Record<string, string>) as { data: { headline: string } };
    expect(body.data.headline).toMatch(/^Test message/);

    receiver.set('/ok/test', 'fail');
    const failed = await sendTestToChannel(as(t, admin), { id: channel.id });
    expect(failed).toMatchObject({ status: 'failed', statusCode: 500 });
    expect(failed.error).toContain('HTTP 500');
    const [listed] = await listChannelsWithDeliveries(as(t, admin));
    expect(listed!.deliveries.map((d) => [d.isTest, d.status, d.lastStatusCode])).toEqual([
      [true, 'failed', 500],
      [true, 'delivered', 204],
    ]);
    expect((await listAuditEntries(t.db, { limit: 1 }))[0]).toMatchObject({ action: 'alert_channel.test', targetId: channel.id });
    // Test sends are never picked up by the worker for retries.
    expect((await deliverPendingAlerts(worker(new Date(Date.now() + 86_400_000)))).attempted).toBe(0);
  });
});
