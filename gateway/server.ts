/**
 * The gateway process: its HTTP server (the two APIs, /v1/models, health, readiness, metrics), the pulls of the
 * routing document and budget state, the spool and its reporter. `startGateway(config)` is what `npm run gateway`
 * and the tests run.
 */
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { EMPTY_PRICING_CONFIG, createPricer } from '@/lib/pricing/pricer';
import type { CompiledRoutingDocument } from '@/lib/routing/evaluator';
import { isClientAuthorized } from './auth';
import { type BudgetStatePayload, BudgetBook, budgetStateSchema } from './budgets';
import { GatewayConfigError, type ApiKind, type GatewayConfig } from './config';
import { errorBody } from './errors';
import { createLogger, type Logger } from './log';
import { createMetrics } from './metrics';
import { handleCompletion, type ProxyDeps, send } from './proxy';
import { ProviderTable } from './providers';
import { Reporter, readText } from './reporter';
import { validateRoutingPayload } from './routing';
import { Spool } from './spool';
import { Puller } from './sync';
import { createUpstreamClient } from './upstream';

export interface Gateway {
  url: string;
  port: number;
  spool: Spool;
  metrics: ReturnType<typeof createMetrics>;
  routing(): CompiledRoutingDocument | null;
  budgets: BudgetBook;
  /** Stops taking requests, lets those in flight finish and the reporter send for up to `drainMs` each, closes the spool. */
  close(drainMs?: number): Promise<void>;
}

interface KeyInfo {
  project: { slug?: string };
  scopes: string[];
}

const REQUIRED_SCOPES = ['routing:read', 'ingest'];

export async function startGateway(config: GatewayConfig, options: { log?: Logger } = {}): Promise<Gateway> {
  const secrets = [config.switchyardKey, ...[...config.providers.values()].flatMap((p) => (p.apiKey ? [p.apiKey] : []))];
  const log = options.log ?? createLogger({ level: config.logLevel, secrets });
  const metrics = createMetrics();
  fs.mkdirSync(config.stateDir, { recursive: true });
  const spool = Spool.open({ dir: config.spoolDir, maxBytes: config.spoolMaxBytes, log });
  const budgets = new BudgetBook();
  const upstream = createUpstreamClient({ allowPrivate: config.allowPrivateAddresses });
  const switchyard = createUpstreamClient({ allowPrivate: config.allowPrivateAddresses });
  const api = (p: string) => new URL(p, config.switchyardUrl);

  const key = await checkKey(config, switchyard, log);
  let routing: CompiledRoutingDocument | null = null;
  const common = {
    key: config.switchyardKey,
    gatewayId: config.gatewayId,
    appliedVersion: () => routing?.version ?? null,
    waitSeconds: config.pollWaitSeconds,
    timeoutMs: config.timeouts.switchyardMs,
    stateDir: config.stateDir,
    client: switchyard,
    log,
    metrics,
  };
  const routingPuller = new Puller<CompiledRoutingDocument>({
    ...common,
    name: 'routing',
    url: api('/api/v1/routing'),
    validate: validateRoutingPayload,
    apply: (compiled, { fromCache }) => {
      const before = routing?.version;
      routing = compiled;
      if (before !== compiled.version) log.info('routing: applied', { version: compiled.version, fromCache });
    },
  });
  const budgetPuller = new Puller<BudgetStatePayload>({
    ...common,
    name: 'budgets',
    url: api('/api/v1/budgets/state'),
    validate: (body) => {
      const r = budgetStateSchema.safeParse(body);
      return r.success
        ? { ok: true, value: r.data }
        : { ok: false, problems: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
    },
    note: () => spool.ackedSeq,
    apply: (state, { noted }) => budgets.apply(state, noted),
    unchanged: ({ noted }) => budgets.confirm(noted),
    // Reservations acknowledged but not yet confirmed as counted: a 1 s long-poll, answered by the evaluation's
    // change or, unchanged, by a 304 that confirms them (Switchyard evaluates right after each ingestion).
    nextWait: () => (budgets.awaitingConfirmation(spool.ackedSeq) ? 1 : config.pollWaitSeconds),
  });
  routingPuller.loadCache();
  budgetPuller.loadCache();

  const reporter = new Reporter({
    url: api('/api/v1/events'),
    key: config.switchyardKey,
    gatewayId: config.gatewayId,
    batchSize: config.report.batchSize,
    intervalMs: config.report.intervalMs,
    timeoutMs: config.timeouts.switchyardMs,
    client: switchyard,
    spool,
    log,
    metrics,
  });

  metrics.gauge('switchyard_gateway_spool_depth', 'Usage events in the spool not yet taken by Switchyard.', () => spool.depth);
  metrics.gauge('switchyard_gateway_spool_bytes', 'Bytes of those events.', () => spool.bytes);
  metrics.gauge('switchyard_gateway_routing_version', 'Version of the routing document applied (-1: none).', () => routing?.version ?? -1);
  metrics.gauge('switchyard_gateway_budgets', 'Budgets in the applied budget state.', () => budgets.count);

  const deps: ProxyDeps = {
    config,
    log,
    metrics,
    providers: new ProviderTable(config.providers),
    upstream,
    routing: () => routing,
    budgets,
    spool,
    reporter,
    pricer: createPricer(EMPTY_PRICING_CONFIG),
    project: () => key.info?.project.slug,
    secrets,
  };

  const ready = () => {
    const missing: string[] = [];
    if (!routingPuller.loaded) missing.push('routing document');
    if (!budgetPuller.loaded) missing.push('budget state');
    return missing;
  };

  const server = http.createServer((req, res) => {
    const t0 = performance.now();
    handle(req, res, t0).catch((err: Error) => {
      log.error('request failed', { error: err.message });
      if (!res.headersSent) send(res, 500, errorBody('chat', 'bad_request', 'The gateway failed on this request.'));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 0;

  async function handle(req: IncomingMessage, res: ServerResponse, t0: number): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const p = q < 0 ? url : url.slice(0, q);
    const kind: ApiKind | null = p === '/v1/chat/completions' ? 'chat' : p === '/v1/messages' ? 'messages' : null;
    if (kind && req.method === 'POST') {
      if (!isClientAuthorized(req.headers, config.clientKeyHashes)) {
        metrics.requests.inc({ api: kind, outcome: 'unauthorized' });
        req.resume();
        return send(res, 401, errorBody(kind, 'unauthorized', 'Present a gateway client key: Authorization: Bearer <key> or x-api-key.'));
      }
      return handleCompletion(kind, req, res, deps, t0);
    }
    req.resume();
    if (req.method === 'GET' && p === '/healthz') return send(res, 200, JSON.stringify({ status: 'ok' }));
    if (req.method === 'GET' && p === '/readyz') {
      const missing = ready();
      return send(
        res,
        missing.length === 0 ? 200 : 503,
        JSON.stringify({ ready: missing.length === 0, missing, routingVersion: routing?.version ?? null }),
      );
    }
    if (req.method === 'GET' && p === '/metrics') {
      const text = metrics.render();
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4', 'content-length': Buffer.byteLength(text) });
      return void res.end(text);
    }
    if (req.method === 'GET' && p === '/v1/models') {
      if (!isClientAuthorized(req.headers, config.clientKeyHashes))
        return send(res, 401, errorBody('chat', 'unauthorized', 'Present a gateway client key.'));
      const ids = ['auto', ...[...(routing?.tiers.keys() ?? [])].map((t) => `switchyard/${t}`)];
      return send(res, 200, JSON.stringify({ object: 'list', data: ids.map((id) => ({ id, object: 'model', owned_by: 'switchyard' })) }));
    }
    return send(res, 404, errorBody('chat', 'not_found', `No route ${req.method} ${p} on the gateway.`));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  routingPuller.start();
  budgetPuller.start();
  reporter.start();
  if (!key.info) key.retry();
  log.info('gateway: listening', {
    url: `http://${config.host}:${port}`,
    id: config.gatewayId,
    providers: [...config.providers.keys()],
    routingVersion: routing ? (routing as CompiledRoutingDocument).version : null,
    unsentEvents: spool.depth,
  });

  return {
    url: `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`,
    port,
    spool,
    metrics,
    routing: () => routing,
    budgets,
    async close(drainMs = 2_000) {
      routingPuller.stop();
      budgetPuller.stop();
      key.stop();
      await Promise.all([routingPuller.flushed(), budgetPuller.flushed()]);
      // In-flight requests may finish (up to drainMs); kept-alive sockets are closed as they fall idle.
      await new Promise<void>((resolve) => {
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        const hard = setTimeout(() => server.closeAllConnections(), drainMs);
        server.close(() => {
          clearInterval(sweep);
          clearTimeout(hard);
          resolve();
        });
      });
      await reporter.drain(drainMs);
      reporter.stop();
      await spool.close();
      upstream.destroy();
      switchyard.destroy();
    },
  };
}

/**
 * GET /api/v1/key: the key's project (the routing document's `project` tests use its slug) and its scopes, which must
 * include routing:read and ingest. Unreachable: the copy on disk, and retries in the background.
 */
async function checkKey(config: GatewayConfig, client: ReturnType<typeof createUpstreamClient>, log: Logger) {
  const file = path.join(config.stateDir, 'key.json');
  const state: { info: KeyInfo | null; retry(): void; stop(): void } = { info: null, retry: () => {}, stop: () => {} };
  const fetchKey = async (): Promise<KeyInfo | null> => {
    const call = client.request(
      new URL('/api/v1/key', config.switchyardUrl),
      { authorization: `Bearer ${config.switchyardKey}`, 'x-switchyard-gateway': config.gatewayId },
      '',
      { connectMs: config.timeouts.switchyardMs, firstByteMs: config.timeouts.switchyardMs },
      'GET',
    );
    const res = await call.response;
    const text = await readText(res, config.timeouts.switchyardMs);
    if (res.statusCode === 401 || res.statusCode === 403)
      throw new GatewayConfigError(`SWITCHYARD_API_KEY: Switchyard refused it (${res.statusCode}).`);
    if (res.statusCode !== 200) return null;
    const info = JSON.parse(text) as KeyInfo;
    const missing = REQUIRED_SCOPES.filter((s) => !info.scopes?.includes(s));
    if (missing.length > 0) throw new GatewayConfigError(`SWITCHYARD_API_KEY: the key lacks the scope(s) ${missing.join(', ')}.`);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(info));
    fs.renameSync(`${file}.tmp`, file);
    return info;
  };
  try {
    state.info = await fetchKey();
  } catch (err) {
    if (err instanceof GatewayConfigError) throw err;
    log.warn('key: cannot reach Switchyard to check the key', { error: (err as Error).message });
  }
  if (!state.info) {
    try {
      state.info = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyInfo;
      log.info('key: using the copy on disk', { project: state.info.project.slug });
    } catch {
      state.info = null;
    }
  }
  let timer: NodeJS.Timeout | null = null;
  state.retry = () => {
    timer = setTimeout(async () => {
      try {
        state.info = (await fetchKey()) ?? state.info;
      } catch (err) {
        log.warn('key: check failed', { error: (err as Error).message });
      }
      if (!state.info) state.retry();
    }, 5_000);
    timer.unref();
  };
  state.stop = () => {
    if (timer) clearTimeout(timer);
  };
  return state;
}
