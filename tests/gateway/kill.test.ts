/**
 * kill -9 of the gateway process under load: every response a client received whole has its event stored, exactly
 * once, after the gateway restarts on the same spool; what can be lost is the calls in flight at the kill (their
 * usage is not known yet). The figures printed here are the ones docs/gateway.md quotes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { gatewayEnv, TEST_CLIENT_KEY, TEST_DOCUMENT } from '@/gateway/test-support/env';
import { type MockUpstream, startMockUpstream } from '@/gateway/test-support/mock-upstream';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { tempDir, waitFor } from './support/gateway';
import { startSwitchyard, type SwitchyardFixture } from './support/switchyard';

const current = vi.hoisted(() => ({ handle: null as DatabaseHandle | null }));
vi.mock('@/server/context', async () => (await import('../helpers/app-context')).appContextOn(() => current.handle!));

let t: TestDatabase;
let sy: SwitchyardFixture;
let upstream: MockUpstream;
const children: ChildProcess[] = [];

beforeAll(async () => {
  t = await openTestDatabase();
  current.handle = t;
  sy = await startSwitchyard(t);
  await sy.publish(TEST_DOCUMENT);
  upstream = await startMockUpstream({ latencyMs: 5, record: false });
  upstream.chunkDelayMs = 3;
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await upstream?.close();
  await sy?.close();
  await t?.destroy();
});

/** Starts `npm run gateway`'s launcher (one process, so SIGKILL reaches the gateway itself); resolves with its URL. */
function spawnGateway(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const env = { ...process.env, ...gatewayEnv({ switchyardUrl: sy.url, switchyardKey: sy.secret, upstreamUrl: upstream.url, dir }) };
  env.GATEWAY_LOG_LEVEL = 'info';
  const child = spawn(process.execPath, ['gateway/start.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"msg":"gateway: listening","url":"(http:\/\/[^"]+)"/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('exit', (code) => reject(new Error(`gateway exited (${code}) before listening:\n${out}`)));
    setTimeout(() => reject(new Error(`gateway did not start:\n${out}`)), 20_000).unref();
  });
}

describe('kill -9 under load', () => {
  it('loses no event of a response the client received whole, and stores none twice', async () => {
    const dir = tempDir();
    const first = await spawnGateway(dir);
    const completed: string[] = [];
    let inFlightAtKill = 0;
    let killed = false;
    const worker = async (w: number) => {
      for (let i = 0; !killed; i++) {
        const stream = (w + i) % 2 === 0;
        try {
          const res = await fetch(`${first.url}/v1/chat/completions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TEST_CLIENT_KEY}`, 'content-type': 'application/json', 'x-switchyard-mode': 'code' },
            body: JSON.stringify({ model: 'auto', stream, messages: [{ role: 'user', content: `request ${w}.${i}` }] }),
          });
          const id = res.headers.get('x-switchyard-event-id')!;
          await res.text(); // throws when the gateway dies mid-response
          if (res.status === 200) completed.push(id);
        } catch {
          inFlightAtKill++;
          return;
        }
      }
    };
    const workers = Array.from({ length: 8 }, (_, w) => worker(w));
    await waitFor(() => completed.length >= 100, '100 completed requests', 20_000);
    killed = true;
    first.child.kill('SIGKILL');
    await Promise.all(workers);
    const completedBeforeKill = completed.length;

    const second = await spawnGateway(dir);
    await waitFor(
      async () => {
        const m = await (await fetch(`${second.url}/metrics`)).text();
        return /switchyard_gateway_spool_depth 0\b/.test(m);
      },
      'the restarted gateway to drain its spool',
      20_000,
    );
    second.child.kill('SIGTERM');

    const stored = await sy.events();
    const ids = new Set(stored.map((e) => e.event_id));
    expect(ids.size).toBe(stored.length);
    const lost = completed.filter((id) => !ids.has(id));
    // The figures docs/gateway.md reports.
    console.log(
      `kill -9: ${completedBeforeKill} responses completed, ${lost.length} of their events lost, ` +
        `${inFlightAtKill} requests in flight at the kill, ` +
        `${stored.length - completedBeforeKill} events stored beyond the completed responses`,
    );
    expect(lost).toEqual([]);
    expect(stored.length).toBeLessThanOrEqual(completedBeforeKill + inFlightAtKill);
  });
});
