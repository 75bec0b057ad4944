/** Alert rows and HTTP receivers for delivery tests: an alert inserted directly (as budgets would), a real server. */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DatabaseHandle } from '@/db/client';
import { alerts } from '@/db/schema';
import { testAlertPayload } from '@/lib/alerts/test-payload';

/** An alert to the given channels, with a well-formed payload whose alert_id is the row's id. */
export async function insertAlert(
  handle: DatabaseHandle,
  { channelIds, createdAt = new Date() }: { channelIds: string[]; createdAt?: Date },
) {
  const id = randomUUID();
  const payload = testAlertPayload({ deliveryId: id, now: createdAt, baseUrl: 'http://switchyard.test' });
  const [row] = await handle.db
    .insert(alerts)
    .values({
      id,
      budgetId: randomUUID(),
      periodKey: '2026-12',
      trigger: 'threshold:80',
      type: 'budget.threshold_reached',
      spendMicros: 80_000_000,
      payload,
      channelIds,
      createdAt,
    })
    .returning();
  return row!;
}

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export type Behaviour = 'ok' | 'fail' | 'hang' | 'gone';

/** A receiver on 127.0.0.1: `/ok` answers 204, `/fail` 500, `/hang` never answers, `/gone` 410; `set` changes a path. */
export async function startReceiver() {
  const received: Received[] = [];
  const behaviour = new Map<string, Behaviour>();
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const b = behaviour.get(path) ?? (path.slice(1).split('/')[0] as Behaviour);
      if (b === 'hang') return void hanging.add(res);
      res.statusCode = b === 'fail' ? 500 : b === 'gone' ? 410 : 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    to: (path: string) => received.filter((r) => r.path === path),
    set: (path: string, b: Behaviour) => behaviour.set(path, b),
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A local port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
