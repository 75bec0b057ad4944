/**
 * Pull API figures (`npm run bench:routing -- --sections pull,longpoll [--driver postgres|pglite]`):
 *   pull     — p50/p99 of GET /api/v1/routing answering 200 and 304, at a steady 200 requests/s (open loop: each
 *              request is sent on schedule, whatever the previous ones are doing), through the real route handler
 *              (project-key auth, ETag, gateway record) on node:http with keep-alive.
 *   longpoll — publish → long-poll answer latency with 20 waiting gateways: on Postgres half wait on a second app
 *              instance (its own pool and LISTEN connection) and are woken by NOTIFY; on the embedded database all wait
 *              on the one process. The time is from the publish call to each 200.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { DEMO_ROUTING_V1, DEMO_ROUTING_V2 } from '@/lib/routing/examples';
import { arg, type BenchDriver, freshDatabase, percentile } from './common';

const RATE = Number(arg('rate', '200'));
const SECONDS = Number(arg('seconds', '8'));
const WAITERS = 20;
const ROUNDS = 15;

type Handler = (req: Request) => Promise<Response>;

function serve(handler: Handler): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const response = await handler(new Request(`http://127.0.0.1${req.url}`, { headers, signal: abort.signal }));
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      }),
    ),
  );
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function get(url: string, headers: Record<string, string>): Promise<{ status: number; etag: string | null; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: (res.headers.etag as string) ?? null, ms: performance.now() - t0 }));
    });
    req.on('error', reject);
  });
}

async function steady(url: string, headers: Record<string, string>, expected: number) {
  const results: Promise<{ status: number; ms: number }>[] = [];
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const total = RATE * SECONDS;
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    results.push(get(url, headers));
  }
  const done = await Promise.all(results);
  const cpu = process.cpuUsage(cpu0);
  const cpuMsEach = (cpu.user + cpu.system) / 1000 / total;
  const wrong = done.filter((d) => d.status !== expected).length;
  const ms = done.map((d) => d.ms).sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(2).padStart(6);
  console.log(
    `  ${String(expected)}  ${total} requests at ${RATE}/s: p50 ${f(percentile(ms, 50))} ms  p99 ${f(percentile(ms, 99))} ms` +
      `  max ${f(ms.at(-1)!)} ms  app CPU ${cpuMsEach.toFixed(2)} ms/request${wrong > 0 ? `  (${wrong} answered otherwise!)` : ''}`,
  );
}

export async function pullSections(sections: readonly string[], driver: BenchDriver, serverUrl: string): Promise<void> {
  const fresh = await freshDatabase(driver, serverUrl);
  Object.assign(process.env, fresh.env);
  const { appHandle } = await import('@/server/context');
  const { GET } = await import('@/app/api/v1/routing/route');
  const { openMigratedDatabase, targetFromEnv } = await import('@/db/client');
  const { systemContext, serviceContext } = await import('@/services/context');
  const { createProject } = await import('@/services/projects/create-project');
  const { createApiKey } = await import('@/services/api-keys/create-api-key');
  const { createRoutingDraft } = await import('@/services/routing/create-routing-draft');
  const { publishRoutingDraft } = await import('@/services/routing/publish-routing-draft');
  const { pullRouting } = await import('@/services/routing/pull-routing');
  const { authenticateApiKey } = await import('@/services/auth/authenticate-api-key');
  const { errorResponse } = await import('@/lib/errors');

  const handle = await appHandle();
  const sys = systemContext(handle, 'bench');
  const project = await createProject(sys, { name: 'Bench', slug: 'bench' });
  const { secret } = await createApiKey(sys, { projectId: project.id, name: 'gw', scopes: ['routing:read'] });
  let flip = false;
  const publish = async () => {
    flip = !flip;
    const d = await createRoutingDraft(sys, { document: flip ? DEMO_ROUTING_V1 : DEMO_ROUTING_V2 });
    return publishRoutingDraft(sys, { id: d.id, note: 'bench' });
  };
  await publish();
  const a = await serve(GET);
  // A second app instance (Postgres only): its own pool and LISTEN connection, the same pull service.
  const other = driver === 'postgres' ? await openMigratedDatabase(targetFromEnv()) : null;
  const b = other
    ? await serve(async (req) => {
        try {
          const base = serviceContext(other, null);
          const actor = await authenticateApiKey(base, { secret: req.headers.get('authorization')!.slice(7), scope: 'routing:read' });
          const url = new URL(req.url);
          const answer = await pullRouting(
            { ...base, actor },
            {
              ifNoneMatch: req.headers.get('if-none-match'),
              wait: url.searchParams.get('wait'),
              gatewayId: req.headers.get('x-switchyard-gateway'),
            },
            req.signal,
          );
          return answer.status === 304
            ? new Response(null, { status: 304, headers: { etag: answer.etag } })
            : new Response(answer.body, { headers: { etag: answer.etag } });
        } catch (err) {
          return errorResponse(err);
        }
      })
    : null;
  const auth = { authorization: `Bearer ${secret}` };
  try {
    if (sections.includes('pull')) {
      console.log(`pull: GET /api/v1/routing on ${driver}, node ${process.version}`);
      const first = await get(`${a.url}/api/v1/routing`, auth);
      const seq: number[] = [];
      for (let i = 0; i < 200; i++) seq.push((await get(`${a.url}/api/v1/routing`, auth)).ms); // warm up
      seq.sort((x, y) => x - y);
      console.log(`  one at a time (warm-up, 200): p50 ${percentile(seq, 50).toFixed(2)} ms  p99 ${percentile(seq, 99).toFixed(2)} ms`);
      await steady(`${a.url}/api/v1/routing`, { ...auth, 'x-switchyard-gateway': 'bench-200' }, 200);
      await steady(`${a.url}/api/v1/routing`, { ...auth, 'if-none-match': first.etag!, 'x-switchyard-gateway': 'bench-304' }, 304);
    }
    if (sections.includes('longpoll')) {
      const where = b ? ' (half on a second app instance, woken by NOTIFY)' : ' (one process)';
      console.log(`longpoll: ${WAITERS} waiting gateways${where}, ${ROUNDS} publishes`);
      const lat: number[] = [];
      const across: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const etag = (await get(`${a.url}/api/v1/routing`, auth)).etag!;
        let t0 = 0;
        const waiters = Array.from({ length: WAITERS }, (_, i) => {
          const onB = b !== null && i % 2 === 1;
          return get(`${(onB ? b : a).url}/api/v1/routing?wait=30`, {
            ...auth,
            'if-none-match': etag,
            'x-switchyard-gateway': `gw-${i}`,
          }).then((r) => {
            if (r.status !== 200) throw new Error(`waiter answered ${r.status}`);
            const ms = performance.now() - t0;
            (onB ? across : lat).push(ms);
          });
        });
        await new Promise((r) => setTimeout(r, 300));
        t0 = performance.now();
        await publish();
        await Promise.all(waiters);
      }
      const all = [...lat, ...across].sort((x, y) => x - y);
      const f = (xs: number[], p: number) =>
        percentile(
          [...xs].sort((x, y) => x - y),
          p,
        ).toFixed(1);
      console.log(
        `  all ${all.length} answers: p50 ${f(all, 50)} ms  p99 ${f(all, 99)} ms  max ${all.at(-1)!.toFixed(1)} ms (from the publish call)`,
      );
      if (across.length > 0) console.log(`  on the second instance: p50 ${f(across, 50)} ms  p99 ${f(across, 99)} ms`);
    }
  } finally {
    await a.close();
    await b?.close();
    agent.destroy();
    await other?.close();
    await handle.close();
    await fresh.drop();
  }
}
