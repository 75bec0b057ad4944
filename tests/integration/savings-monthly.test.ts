/**
 * The monthly savings e-mail (sendMonthlyReports, a periodic task): the last whole month's report, sent once per
 * schedule and month to an email channel's recipients through SMTP, its figures those of the report; a month
 * without usage sends nothing; a failed send is retried on the next run; schedules are for admins only.
 */
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '@/lib/auth/actor';
import { generateDemoEvents } from '@/lib/demo/generator';
import { formatMicros } from '@/lib/format';
import { createAlertChannel } from '@/services/channels/create-alert-channel';
import { ingestItems } from '@/services/ingest/ingest-items';
import { createSavingsSchedule } from '@/services/savings/create-savings-schedule';
import { deleteSavingsSchedule } from '@/services/savings/delete-savings-schedule';
import { getSavingsReport } from '@/services/savings/get-savings-report';
import { listSavingsSchedulesWithSends } from '@/services/savings/list-savings-schedules';
import { sendMonthlyReports } from '@/services/savings/send-monthly-reports';
import { systemContext } from '@/services/context';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { as, makeProject, makeUser } from '../helpers/fixtures';

const NOW = new Date('2026-11-05T09:00:00Z');
let t: TestDatabase;
let admin: UserActor;
let member: UserActor;
let busy: string;
let idle: string;
const mails: { to: string[]; data: string }[] = [];
let smtp: SMTPServer;
let smtpUrl = '';

beforeAll(async () => {
  t = await openTestDatabase();
  admin = await makeUser(t, 'admin');
  member = await makeUser(t, 'member');
  const project = await makeProject(t);
  busy = project.slug;
  idle = (await makeProject(t)).slug;
  const events = [...generateDemoEvents({ seed: 3, days: 6, end: new Date('2026-11-01T00:00:00Z') })]
    .filter((_, i) => i % 4 === 0)
    .map(({ event }, i) => ({
      ok: true as const,
      value: { ...event, requested_model: i % 2 ? 'anthropic/claude-opus-4-5' : event.model },
    }));
  for (let i = 0; i < events.length; i += 500)
    await ingestItems(systemContext(t, 'test'), {
      projectId: project.id,
      items: events.slice(i, i + 500),
      window: { now: NOW, lateArrivalDays: null },
    });
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as { port: number }).port}`;
}, 300_000);
afterAll(async () => {
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  await t?.destroy();
});

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code,
  );
const env = () => ({
  allowPrivate: true,
  baseUrl: 'https://sy.example',
  smtp: { url: smtpUrl, from: 'Switchyard <reports@switchyard.test>' },
});

describe('monthly savings e-mails', () => {
  it('are scheduled by admins only, to email channels', async () => {
    const { channel } = await createAlertChannel(as(t, admin), { kind: 'email', name: 'Finance', to: ['cfo@example.com'] });
    const input = { channelId: channel.id, baseline: { kind: 'pinned', model: 'anthropic/claude-sonnet-4-5' }, projects: [busy] };
    expect(await codeOf(createSavingsSchedule(as(t, member), input))).toMatch(/^forbidden:/);
    expect(await codeOf(listSavingsSchedulesWithSends(as(t, member)))).toMatch(/^forbidden:/);
    const hook = await createAlertChannel(as(t, admin), { kind: 'webhook', name: 'Hook', url: 'https://example.com/h' });
    expect(await codeOf(createSavingsSchedule(as(t, admin), { ...input, channelId: hook.channel.id }))).toBe('bad_request:savings');
    expect(await codeOf(createSavingsSchedule(as(t, admin), { ...input, projects: ['nope'] }))).toBe('bad_request:savings');
    expect(await codeOf(createSavingsSchedule(as(t, admin), { ...input, baseline: { kind: 'x' } }))).toBe('bad_request:savings');
    await createSavingsSchedule(as(t, admin), input);
    await createSavingsSchedule(as(t, admin), { ...input, projects: [idle] });
    expect((await listSavingsSchedulesWithSends(as(t, admin))).schedules).toHaveLength(2);
  });

  it('retries a failed send next run, sends the last month once with the report’s figures, nothing for an empty month', async () => {
    const failed = await sendMonthlyReports(systemContext(t, 'scheduler', NOW), { env: { ...env(), smtp: null } });
    expect(failed).toMatchObject({ month: '2026-10', sent: 0, failed: 2, empty: 0 });
    expect(mails).toHaveLength(0);

    const first = await sendMonthlyReports(systemContext(t, 'scheduler', NOW), { env: env() });
    expect(first).toMatchObject({ month: '2026-10', sent: 1, empty: 1, failed: 0, skipped: 0 });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['cfo@example.com']);
    const report = await getSavingsReport(as(t, admin, NOW), {
      from: '2026-10-01',
      to: '2026-10-31',
      baseline: { kind: 'pinned', model: 'anthropic/claude-sonnet-4-5' },
      projects: [busy],
    });
    const body = mails[0]!.data.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    expect(body).toContain('Subject: [Switchyard] Savings 2026-10:');
    expect(body).toContain(formatMicros(report.report.totals.totalMicros));
    expect(body).toContain('savings-2026-10.csv');
    expect(body).toContain('https://sy.example/reports?from=2026-10-01');

    const again = await sendMonthlyReports(systemContext(t, 'scheduler', NOW), { env: env() });
    expect(again).toMatchObject({ sent: 0, skipped: 2 });
    expect(mails).toHaveLength(1);
    const { schedules } = await listSavingsSchedulesWithSends(as(t, admin));
    expect(schedules.map((s) => s.lastSend?.status).sort()).toEqual(['empty', 'sent']);
  });

  it('stops when deleted', async () => {
    const { schedules } = await listSavingsSchedulesWithSends(as(t, admin));
    for (const s of schedules) await deleteSavingsSchedule(as(t, admin), { id: s.id });
    expect(await codeOf(deleteSavingsSchedule(as(t, admin), { id: schedules[0]!.id }))).toBe('not_found:savings');
    expect(await sendMonthlyReports(systemContext(t, 'scheduler', new Date('2026-12-05T00:00:00Z')), { env: env() })).toMatchObject({
      sent: 0,
      skipped: 0,
    });
  });
});
