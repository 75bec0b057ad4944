/** Starts an in-process gateway on the test Switchyard and mock upstream, with its log lines captured. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { parseGatewayConfig } from '@/gateway/config';
import { createLogger } from '@/gateway/log';
import { type Gateway, startGateway } from '@/gateway/server';
import { gatewayEnv, PROVIDER_KEYS } from '@/gateway/test-support/env';

export interface GatewayFixture {
  gateway: Gateway;
  dir: string;
  logs: string[];
}

const made: string[] = [];
// Registered on the importing test file's root suite: its folders go when the file is done (a worker process is
// ended by the pool, so an exit handler would not run).
afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder (spool, state), removed after the test file. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sy-gateway-'));
  made.push(dir);
  return dir;
}

export async function startTestGateway(o: {
  switchyardUrl: string;
  switchyardKey: string;
  upstreamUrl: string;
  dir?: string;
  logs?: string[];
  extra?: Record<string, string>;
}): Promise<GatewayFixture> {
  const dir = o.dir ?? tempDir();
  const logs = o.logs ?? [];
  const config = parseGatewayConfig(gatewayEnv({ ...o, dir }));
  const log = createLogger({
    level: 'debug',
    secrets: [o.switchyardKey, ...Object.values(PROVIDER_KEYS)],
    write: (line) => logs.push(line),
  });
  return { gateway: await startGateway(config, { log }), dir, logs };
}

export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 5_000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `action=rule;rule=code;…` → { action: 'rule', rule: 'code', … } */
export function parseRoute(header: string | null): Record<string, string> {
  return Object.fromEntries((header ?? '').split(';').map((p) => p.split('=') as [string, string]));
}
