import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GatewayConfigError, parseGatewayConfig } from '@/gateway/config';
import { createLogger } from '@/gateway/log';
import { createMetrics } from '@/gateway/metrics';
import { Reporter } from '@/gateway/reporter';
import { Spool } from '@/gateway/spool';
import { gatewayEnv, PROVIDER_KEYS } from '@/gateway/test-support/env';
import { createUpstreamClient } from '@/gateway/upstream';
import { tempDir, waitFor } from './support/gateway';

const quiet = (lines: string[] = []) => createLogger({ level: 'debug', secrets: [], write: (l) => lines.push(l) });
const event = (i: number) => ({ event_id: `e-${i}`, pad: 'x'.repeat(40) });

describe('spool', () => {
  it('keeps unsent events across a restart, reads them in order from the cursor, and forgets them once acknowledged', async () => {
    const dir = tempDir();
    const a = Spool.open({ dir, maxBytes: 1 << 20, segmentBytes: 300, log: quiet() });
    for (let i = 0; i < 10; i++) expect(a.append(event(i))).toBe(i + 1);
    await a.flushed();
    const first = a.readBatch(4, 1 << 20)!;
    expect(first.lines).toBe(4);
    await a.ack(first);
    expect(a.depth).toBe(6);
    await a.close();
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.ndjson')).length).toBeGreaterThan(1);

    const b = Spool.open({ dir, maxBytes: 1 << 20, segmentBytes: 300, log: quiet() });
    expect(b.depth).toBe(6);
    const ids: string[] = [];
    for (let batch = b.readBatch(2, 1 << 20); batch; batch = b.readBatch(2, 1 << 20)) {
      ids.push(
        ...batch.body
          .toString()
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).event_id),
      );
      await b.ack(batch);
    }
    expect(ids).toEqual(['e-4', 'e-5', 'e-6', 'e-7', 'e-8', 'e-9']);
    expect(b.depth).toBe(0);
    expect(b.ackedSeq).toBe(6);
    await b.close();
    // Fully sent segments are deleted (the last one once the next acknowledgement moves the cursor file past it).
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.ndjson')).length).toBeLessThanOrEqual(2);
  });

  it('is bounded: past its size new events are dropped, counted, and the log says the spool is full', async () => {
    const lines: string[] = [];
    const spool = Spool.open({ dir: tempDir(), maxBytes: 500, log: quiet(lines) });
    let kept = 0;
    for (let i = 0; i < 20; i++) if (spool.append(event(i)) !== null) kept++;
    expect(kept).toBe(Math.floor(500 / (JSON.stringify(event(0)).length + 1)));
    expect(spool.dropped).toBe(20 - kept);
    expect(spool.bytes).toBeLessThanOrEqual(500);
    expect(lines.some((l) => l.includes('spool full'))).toBe(true);
    await spool.close();
  });

  it('cuts an incomplete last line left by a crash, so the next event starts a clean line', async () => {
    const dir = tempDir();
    const a = Spool.open({ dir, maxBytes: 1 << 20, log: quiet() });
    a.append(event(1));
    await a.close();
    const file = path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.ndjson'))!);
    fs.appendFileSync(file, '{"event_id":"half');
    const b = Spool.open({ dir, maxBytes: 1 << 20, log: quiet() });
    await new Promise<void>((resolve) => b.append(event(2), resolve));
    const batch = b.readBatch(10, 1 << 20)!;
    expect(
      batch.body
        .toString()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).event_id),
    ).toEqual(['e-1', 'e-2']);
    await b.close();
  });
});

describe('configuration', () => {
  const base = gatewayEnv({
    switchyardUrl: 'http://127.0.0.1:1',
    switchyardKey: `sy_${'a'.repeat(8)}_${'b'.repeat(40)}`,
    upstreamUrl: 'http://127.0.0.1:2',
    dir: '/tmp/x',
  });

  it('names every bad variable and its rule, never a value', () => {
    const env = { ...base, GATEWAY_CLIENT_KEY_HASHES: 'not-a-hash', GATEWAY_PROVIDER_OPENAI_API_KEY: '', GATEWAY_PORT: 'eighty' };
    let message = '';
    try {
      parseGatewayConfig(env);
    } catch (err) {
      expect(err).toBeInstanceOf(GatewayConfigError);
      message = (err as Error).message;
    }
    expect(message).toContain('GATEWAY_CLIENT_KEY_HASHES');
    expect(message).toContain('GATEWAY_PORT');
    expect(message).not.toContain('eighty');
    const noKey = { ...base, GATEWAY_PROVIDER_OPENAI_API_KEY: '' };
    expect(() => parseGatewayConfig(noKey)).toThrow(/GATEWAY_PROVIDER_OPENAI_API_KEY: is required/);
    expect(() => parseGatewayConfig(noKey)).not.toThrow(new RegExp(PROVIDER_KEYS.anthropic));
  });

  it('refuses loopback and private upstreams unless the operator allows them', () => {
    expect(() => parseGatewayConfig({ ...base, GATEWAY_ALLOW_PRIVATE_ADDRESSES: 'false' })).toThrow(/GATEWAY_ALLOW_PRIVATE_ADDRESSES=true/);
    const c = parseGatewayConfig(base);
    expect([...c.providers.keys()]).toEqual(['openai', 'anthropic', 'google']);
    expect(c.providers.get('anthropic')!.apis.has('messages')).toBe(true);
    expect(c.providers.get('openai')!.apis.has('messages')).toBe(false);
  });

  it('takes any OpenAI-compatible server by name (vLLM, Ollama without a key)', () => {
    const c = parseGatewayConfig({
      ...base,
      GATEWAY_PROVIDERS: 'openai,ollama',
      GATEWAY_PROVIDER_OLLAMA_BASE_URL: 'http://127.0.0.1:11434/v1',
      GATEWAY_PROVIDER_OLLAMA_AUTH: 'none',
      GATEWAY_PROVIDER_OLLAMA_APIS: 'chat,messages',
    });
    expect(c.providers.get('ollama')).toMatchObject({ apiKey: null, baseUrl: new URL('http://127.0.0.1:11434/v1') });
    expect(() => parseGatewayConfig({ ...base, GATEWAY_PROVIDERS: 'vllm' })).toThrow(/GATEWAY_PROVIDER_VLLM_BASE_URL: is required/);
  });
});

describe('reporter', () => {
  it('sends an event whose spool write had not finished when the send came due (a lone event is not stranded)', async () => {
    const bodies: string[] = [];
    const server = http.createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => {
        bodies.push(Buffer.concat(parts).toString());
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":1,"duplicates":0,"rejected":[]}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const spool = Spool.open({ dir: tempDir(), maxBytes: 1 << 20, log: quiet() });
    // The first read finds nothing in the file yet, as when the asynchronous write is slower than the interval.
    const read = spool.readBatch.bind(spool);
    let reads = 0;
    spool.readBatch = (lines, bytes) => (reads++ === 0 ? null : read(lines, bytes));
    const reporter = new Reporter({
      url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/events`),
      key: 'sy_test',
      gatewayId: 'gw-test',
      batchSize: 500,
      intervalMs: 20,
      timeoutMs: 2_000,
      client: createUpstreamClient({ allowPrivate: true }),
      spool,
      log: quiet(),
      metrics: createMetrics(),
    });
    try {
      spool.append(event(1));
      reporter.kick(); // what the proxy does after each append; no other event follows
      await waitFor(() => spool.depth === 0, 'the lone event to be sent', 3_000);
      expect(reads).toBeGreaterThanOrEqual(2);
      expect(bodies.map((b) => JSON.parse(b.trim()).event_id)).toEqual(['e-1']);
    } finally {
      reporter.stop();
      await spool.close();
      await new Promise((r) => server.close(r));
    }
  });
});
