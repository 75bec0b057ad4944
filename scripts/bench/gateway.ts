/**
 * npm run bench:gateway — what the reference gateway adds to a request, against the peer it has to beat.
 *
 * One run, three targets, the same open-loop load (default 500 requests/s, half of them streaming, ~2 KB bodies):
 * the mock provider directly, through the gateway, and through @portkey-ai/gateway. The mock provider (a child
 * process, with the fake Switchyard the gateway pulls from and reports to) answers at a fixed latency; each target
 * gets a warm-up, then a measured phase; the phases are repeated in rounds (direct, gateway, Portkey, …) so a spell
 * of load on the shared machine hits all of them. Overhead = a target's latency percentile − the direct one's.
 * CPU seconds and peak RSS of the gateway and Portkey processes come from /proc. The load generator is this
 * process (node:http keep-alive agents; its CPU is printed too, to show it does not dominate the cores).
 *
 *   --rate 500 --seconds 15 --rounds 2 --warmup 3 --latency 20 --stream-share 0.5 --no-portkey
 *   --body-kb 100    pads the conversation to ~100 KB (an agent re-sending its context; default ~2 KB)
 *   --priority -10   renices every process of the run (root only): on a machine others load, what is measured is then
 *                    the software rather than its share of the cores (say so beside the figures).
 * Ports 3330–3333 (BENCH_GATEWAY_PORT_BASE to move them).
 */
import { execSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const BASE = Number(process.env.BENCH_GATEWAY_PORT_BASE ?? 3330);
const PORTS = { upstream: BASE, switchyard: BASE + 1, gateway: BASE + 2, portkey: BASE + 3, floor: BASE + 4 };
const SWITCHYARD_KEY = `sy_benchkey_${'a'.repeat(40)}`;

if (args[0] === '--role=backend') void backend();
else if (args[0] === '--role=floor') floorProxy();
else void main();

/**
 * The floor: a bare node:http pass-through (no parsing, no routing, no events) on the same agents. What it adds is
 * what Node's HTTP stack costs on this machine; the gateway cannot do better than that in Node.
 */
function floorProxy(): void {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  http
    .createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const payload = Buffer.concat(chunks);
        const up = http.request(
          {
            host: '127.0.0.1',
            port: PORTS.upstream,
            path: '/openai/v1/chat/completions',
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'content-length': payload.length },
          },
          (ur) => {
            res.writeHead(ur.statusCode ?? 502, { 'content-type': String(ur.headers['content-type']) });
            ur.on('data', (c: Buffer) => res.write(c));
            ur.on('end', () => res.end());
          },
        );
        up.end(payload);
      });
    })
    .listen(PORTS.floor, '127.0.0.1');
}

/** The child process: the mock provider and the fake Switchyard. */
async function backend(): Promise<void> {
  const { startMockUpstream } = await import('@/gateway/test-support/mock-upstream');
  const { acceptingEventsHandler, startFakeSwitchyard } = await import('@/gateway/test-support/fake-switchyard');
  const { TEST_DOCUMENT } = await import('@/gateway/test-support/env');
  const upstream = await startMockUpstream({ port: PORTS.upstream, latencyMs: arg('latency', 20), record: false });
  upstream.chunks = ['Hel', 'lo', ', ', 'wor', 'ld', '!'];
  const counter = { events: 0 };
  const sy = await startFakeSwitchyard({
    port: PORTS.switchyard,
    keys: { [SWITCHYARD_KEY]: ['routing:read', 'ingest'] },
    routes: {
      '/api/v1/events': acceptingEventsHandler(counter),
      '/api/v1/key': (_req, res) => {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ project: { id: '0', slug: 'bench', name: 'Bench' }, keyId: 'k', scopes: ['routing:read', 'ingest'] }));
      },
    },
  });
  sy.publish(TEST_DOCUMENT);
  // A budget the requests do not match, so every request pays for the budget check.
  sy.setBudgets([
    {
      id: 'b-plan',
      name: 'Plan mode',
      state: 'ok',
      action: { kind: 'block' },
      scope: { mode: ['plan'], task: [], user: [], tier: [], model: [], provider: [], tags: {} },
      period: { key: 'day:x', start: new Date(Date.now() - 3_600_000).toISOString(), end: new Date(Date.now() + 86_400_000).toISOString() },
      spendMicros: 0,
      amountMicros: 1_000_000_000,
      unpricedRequests: 0,
      percentTenths: 0,
    },
  ]);
  process.on('message', (m) => {
    if (m === 'events') process.send!({ events: counter.events });
  });
  process.send!('ready');
}

interface Sample {
  ms: number;
  ttft: number | null;
  overheadHeader: number | null;
  ok: boolean;
}

type Target = { name: string; url: string; headers: Record<string, string>; model: string };

async function main(): Promise<void> {
  const rate = arg('rate', 500);
  const seconds = arg('seconds', 15);
  const rounds = arg('rounds', 2);
  const warmup = arg('warmup', 3);
  const streamShare = arg('stream-share', 0.5);
  const withPortkey = !args.includes('--no-portkey');
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  const loadAtStart = load();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sy-bench-gateway-'));

  const backendProc = spawn(process.execPath, ['--import', 'tsx', __filename, '--role=backend', '--latency', String(arg('latency', 20))], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: process.env,
  });
  await new Promise<void>((resolve) => backendProc.once('message', () => resolve()));

  const { gatewayEnv, TEST_CLIENT_KEY } = await import('@/gateway/test-support/env');
  const env = {
    ...process.env,
    ...gatewayEnv({
      switchyardUrl: `http://127.0.0.1:${PORTS.switchyard}`,
      switchyardKey: SWITCHYARD_KEY,
      upstreamUrl: `http://127.0.0.1:${PORTS.upstream}`,
      dir,
    }),
    GATEWAY_PORT: String(PORTS.gateway),
    GATEWAY_REPORT_INTERVAL_MS: '200',
    GATEWAY_LOG_LEVEL: 'warn',
  };
  // BENCH_GATEWAY_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the gateway.
  const flags = (process.env.BENCH_GATEWAY_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const gateway = spawn(process.execPath, [...flags, 'gateway/start.mjs'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const portkey = withPortkey
    ? spawn(process.execPath, ['node_modules/@portkey-ai/gateway/build/start-server.js', `--port=${PORTS.portkey}`, '--headless'], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: process.env,
      })
    : null;
  const floor = spawn(process.execPath, ['--import', 'tsx', __filename, '--role=floor'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: process.env,
  });
  const cleanup = () => {
    for (const p of [gateway, portkey, backendProc, floor]) if (p && p.exitCode === null) p.kill('SIGTERM');
  };
  process.on('exit', cleanup);
  const priority = args.includes('--priority') ? arg('priority', 0) : null;
  if (priority !== null) {
    for (const p of [process, backendProc, gateway, portkey, floor]) if (p?.pid) os.setPriority(p.pid, priority);
  }
  await waitHttp(`http://127.0.0.1:${PORTS.gateway}/readyz`);
  if (portkey) await waitHttp(`http://127.0.0.1:${PORTS.portkey}/`);
  await waitHttp(`http://127.0.0.1:${PORTS.floor}/`);

  const direct: Target = {
    name: 'direct',
    url: `http://127.0.0.1:${PORTS.upstream}/openai/v1/chat/completions`,
    headers: {},
    model: 'gpt-5-mini',
  };
  const viaGateway: Target = {
    name: 'gateway',
    url: `http://127.0.0.1:${PORTS.gateway}/v1/chat/completions`,
    headers: {
      authorization: `Bearer ${TEST_CLIENT_KEY}`,
      'x-switchyard-mode': 'code',
      'x-switchyard-user': 'bench',
      'x-switchyard-session': 's1',
    },
    model: 'auto',
  };
  const viaPortkey: Target = {
    name: 'portkey',
    url: `http://127.0.0.1:${PORTS.portkey}/v1/chat/completions`,
    headers: {
      authorization: 'Bearer sk-bench',
      'x-portkey-provider': 'openai',
      'x-portkey-custom-host': `http://127.0.0.1:${PORTS.upstream}/openai/v1`,
    },
    model: 'gpt-5-mini',
  };
  const viaFloor: Target = {
    name: 'node:http floor',
    url: `http://127.0.0.1:${PORTS.floor}/v1/chat/completions`,
    headers: {},
    model: 'gpt-5-mini',
  };
  const targets = [direct, viaFloor, viaGateway, ...(portkey ? [viaPortkey] : [])];
  const pids: Record<string, number | undefined> = { gateway: gateway.pid, portkey: portkey?.pid, 'node:http floor': floor.pid };

  const results = new Map<string, { samples: Sample[]; cpu: number; sys: number; wall: number; rss: number; genCpu: number }>();
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) {
      await runLoad(target, rate, warmup, streamShare);
      const pid = pids[target.name];
      const cpu0 = pid ? cpuTimes(pid) : { user: 0, sys: 0 };
      const gen0 = process.cpuUsage();
      let rss = 0;
      const sampler = setInterval(() => {
        if (pid) rss = Math.max(rss, rssMb(pid));
      }, 250);
      const t0 = performance.now();
      const samples = await runLoad(target, rate, seconds, streamShare);
      const wall = (performance.now() - t0) / 1000;
      clearInterval(sampler);
      const gen = process.cpuUsage(gen0);
      const r = results.get(target.name) ?? { samples: [], cpu: 0, sys: 0, wall: 0, rss: 0, genCpu: 0 };
      r.samples.push(...samples);
      const cpu1 = pid ? cpuTimes(pid) : { user: 0, sys: 0 };
      r.cpu += cpu1.user + cpu1.sys - cpu0.user - cpu0.sys;
      r.sys += cpu1.sys - cpu0.sys;
      r.wall += wall;
      r.rss = Math.max(r.rss, rss);
      r.genCpu += (gen.user + gen.system) / 1e6;
      results.set(target.name, r);
      process.stderr.write(`round ${round + 1} ${target.name}: ${samples.length} requests, load ${load()}\n`);
    }
  }

  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
  };
  const d = results.get('direct')!;
  const split = (r: typeof d, streaming: boolean) => r.samples.filter((s) => (s.ttft !== null) === streaming && s.ok);
  const rows: string[] = [];
  rows.push(
    '| target | requests (errors) | kind | p50 ms | p99 ms | overhead p50 | overhead p99 | TTFT p50 / p99 ms | ' +
      'CPU of one core (system) | peak RSS | load-gen CPU |',
  );
  rows.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [name, r] of results) {
    for (const streaming of [false, true]) {
      const ok = split(r, streaming).map((s) => s.ms);
      const base = split(d, streaming).map((s) => s.ms);
      const ttft = split(r, streaming).flatMap((s) => (s.ttft === null ? [] : [s.ttft]));
      const over = (p: number) => (name === 'direct' ? '—' : `${(pct(ok, p) - pct(base, p)).toFixed(2)} ms`);
      rows.push(
        `| ${name} | ${ok.length} (${r.samples.filter((s) => !s.ok).length}) | ${streaming ? 'stream' : 'json'} | ` +
          `${pct(ok, 50).toFixed(2)} | ${pct(ok, 99).toFixed(2)} | ${over(50)} | ${over(99)} | ` +
          `${streaming ? `${pct(ttft, 50).toFixed(2)} / ${pct(ttft, 99).toFixed(2)}` : '—'} | ` +
          `${name === 'direct' ? '—' : `${((r.cpu / r.wall) * 100).toFixed(1)} % (${((r.sys / r.wall) * 100).toFixed(1)} %)`} | ` +
          `${name === 'direct' ? '—' : `${r.rss.toFixed(0)} MB`} | ` +
          `${((r.genCpu / r.wall) * 100).toFixed(1)} % |`,
      );
    }
  }
  const gw = results.get('gateway')!;
  const headerOverhead = gw.samples.flatMap((s) => (s.overheadHeader === null ? [] : [s.overheadHeader]));
  backendProc.send('events');
  const reported = await new Promise<number>((resolve) => backendProc.once('message', (m: { events: number }) => resolve(m.events)));
  console.log(
    `\nnpm run bench:gateway — ${rate} requests/s, ${Math.round(streamShare * 100)} % streaming, ` +
      `${(Buffer.byteLength(body('auto', false)) / 1024).toFixed(1)} KB bodies, mock latency ${arg('latency', 20)} ms, ` +
      `${rounds} × ${seconds} s per target; Node ${process.version}, ${os.cpus().length} cores; ` +
      `load ${loadAtStart} at start, ${load()} at end${priority !== null ? `; every process at nice ${priority}` : ''}\n`,
  );
  console.log(rows.join('\n'));
  console.log(
    `\nx-switchyard-overhead-ms (the gateway's own reading): p50 ${pct(headerOverhead, 50).toFixed(3)} ms, ` +
      `p99 ${pct(headerOverhead, 99).toFixed(3)} ms; usage events reported to the fake Switchyard: ${reported} of ` +
      `${gw.samples.length + Math.round(rate * warmup * rounds)} gateway requests`,
  );
  cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

const bodyKb = arg('body-kb', 0);
const body = (model: string, stream: boolean) =>
  JSON.stringify({
    model,
    stream,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
    max_tokens: 256,
    messages: [
      { role: 'system', content: 'You are a careful senior engineer. Answer briefly. '.repeat(12) },
      { role: 'user', content: 'Refactor this function to remove the duplicated branch and keep its behaviour. '.repeat(14) },
      // An agent's context: earlier turns with code (quotes and escapes included), re-sent every turn.
      ...Array.from({ length: Math.ceil((bodyKb * 1024) / 1100) }, (_, i) => ({
        role: i % 2 === 0 ? 'assistant' : 'user',
        content: `Step ${i}: ${'const x = obj["key"] ?? "default"; // \\ path\n'.repeat(22)}`,
      })),
    ],
  });

/** Open loop: `rate` requests per second for `seconds`, whatever the answers take. */
function runLoad(target: Target, rate: number, seconds: number, streamShare: number): Promise<Sample[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const url = new URL(target.url);
  const bodies = [body(target.model, false), body(target.model, true)];
  const samples: Sample[] = [];
  const total = Math.round(rate * seconds);
  let sent = 0;
  let done = 0;
  const start = performance.now();
  return new Promise((resolve) => {
    const fire = () => {
      const stream = (sent * streamShare) % 1 >= 1 - streamShare;
      const payload = bodies[stream ? 1 : 0]!;
      sent++;
      const t0 = performance.now();
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...target.headers },
        },
        (res) => {
          let ttft: number | null = null;
          const overhead = res.headers['x-switchyard-overhead-ms'];
          res.on('data', () => {
            if (stream && ttft === null) ttft = performance.now() - t0;
          });
          res.on('end', () => {
            samples.push({
              ms: performance.now() - t0,
              ttft,
              overheadHeader: typeof overhead === 'string' ? Number(overhead) : null,
              ok: res.statusCode === 200,
            });
            if (++done === total) finish();
          });
        },
      );
      req.on('error', () => {
        samples.push({ ms: performance.now() - t0, ttft: null, overheadHeader: null, ok: false });
        if (++done === total) finish();
      });
      req.end(payload);
    };
    const finish = () => {
      agent.destroy();
      resolve(samples);
    };
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      while (sent < due) fire();
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
}

async function waitHttp(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

const CLK_TCK = Number(execSync('getconf CLK_TCK').toString().trim()) || 100;
/** User + system CPU seconds of a process (/proc/<pid>/stat utime, stime). */
function cpuTimes(pid: number): { user: number; sys: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / CLK_TCK, sys: Number(fields[12]) / CLK_TCK };
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}
