/**
 * One client request through the gateway: read and check it, plan it (plan.ts), then call the chain's models in
 * order. A 429, a 5xx, a connection error or a timeout before the response headers moves to the next model; once a
 * response is being relayed it is never retried. Each upstream call is one usage event, written to the spool before
 * the client's response ends. Streams are relayed event by event as they arrive (sse.ts); bodies are never stored.
 */
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Pricer } from '@/lib/pricing/pricer';
import type { CompiledRoutingDocument } from '@/lib/routing/evaluator';
import type { BudgetBook, Reservation } from './budgets';
import type { ApiKind, GatewayConfig } from './config';
import { errorBody, type GatewayErrorCode, providerErrorBody } from './errors';
import { buildEvent, newEventId } from './events';
import { estimateInputTokens, field, type ScannedBody, scanBody, withFieldsPieces } from './body';
import { contextFromHeaders, type RequestContext } from './features';
import type { Logger } from './log';
import type { Metrics } from './metrics';
import { type Plan, planRequest } from './plan';
import type { ProviderTable, Target } from './providers';
import { readText } from './reporter';
import type { Reporter } from './reporter';
import type { Spool } from './spool';
import { relay } from './relay';
import { UpstreamError, type UpstreamClient } from './upstream';
import type { EventUsage } from './usage/types';

export interface ProxyDeps {
  config: GatewayConfig;
  log: Logger;
  metrics: Metrics;
  providers: ProviderTable;
  upstream: UpstreamClient;
  routing: () => CompiledRoutingDocument | null;
  budgets: BudgetBook;
  spool: Spool;
  reporter: Reporter;
  pricer: Pricer;
  project: () => string | undefined;
  secrets: readonly string[];
}

const PATHS: Record<ApiKind, string> = { chat: '/chat/completions', messages: '/messages' };
const urlCache = new Map<string, URL>();

function upstreamUrl(target: Target, api: ApiKind): URL {
  const key = `${target.provider.name}\u0000${api}`;
  let url = urlCache.get(key);
  if (!url) {
    url = new URL(target.provider.baseUrl.href.replace(/\/+$/, '') + PATHS[api]);
    urlCache.set(key, url);
  }
  return url;
}

export function send(res: ServerResponse, status: number, body: string, headers: OutgoingHttpHeaders = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

export function refuse(
  res: ServerResponse,
  api: ApiKind,
  status: number,
  code: GatewayErrorCode,
  message: string,
  extra?: Record<string, unknown>,
) {
  send(res, status, errorBody(api, code, message, extra), { 'x-should-retry': 'false' });
}

/** Reads the body, refusing it past `max` bytes (null). */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        resolve(null);
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function handleCompletion(
  api: ApiKind,
  req: IncomingMessage,
  res: ServerResponse,
  deps: ProxyDeps,
  t0: number,
): Promise<void> {
  const { metrics } = deps;
  const raw = await readBody(req, deps.config.maxBodyBytes);
  if (raw === null) {
    metrics.requests.inc({ api, outcome: 'bad_request' });
    return refuse(res, api, 413, 'payload_too_large', `The request body exceeds ${deps.config.maxBodyBytes} bytes.`);
  }
  const scanned = scanBody(raw);
  if (scanned === null) {
    metrics.requests.inc({ api, outcome: 'bad_request' });
    return refuse(res, api, 400, 'bad_request', 'The request body is not a JSON object.');
  }
  const body = readFields(scanned);
  const ctx = contextFromHeaders(req.headers);
  const requestedModel = body.model !== undefined && body.model.trim() !== '' ? body.model : 'auto';
  const inputTokens = estimateInputTokens(scanned);
  const plan = planRequest(
    { api, ctx, project: deps.project(), requestedModel, inputTokens },
    { routing: deps.routing(), budgets: deps.budgets, providers: deps.providers, pricer: deps.pricer },
  );
  if (plan.kind === 'refused') {
    metrics.requests.inc({ api, outcome: 'refused' });
    return refuse(res, api, plan.status, plan.code, plan.message);
  }
  if (plan.kind === 'blocked') {
    metrics.requests.inc({ api, outcome: 'blocked' });
    metrics.budgetActions.inc({ action: 'block' });
    const names = plan.budgets.map((b) => `"${b.name}" (${b.id}, ${(b.percentTenths / 10).toFixed(1)} % used)`).join(', ');
    return refuse(res, api, 429, 'budget_exceeded', `Blocked by budget ${names}: it is exceeded and its action is block.`, {
      budgets: plan.budgets,
    });
  }
  if (plan.downgradedBy) metrics.budgetActions.inc({ action: 'downgrade' });
  await new Attempts(api, req, res, deps, t0, body, ctx, requestedModel, inputTokens, plan).run();
}

/** The few top-level fields the gateway reads. */
interface RequestBody {
  scanned: ScannedBody;
  model: string | undefined;
  stream: boolean;
  streamOptions: unknown;
  hasReasoningEffort: boolean;
  maxTokens: number | undefined;
}

function readFields(scanned: ScannedBody): RequestBody {
  const model = field(scanned, 'model');
  const max = [field(scanned, 'max_tokens'), field(scanned, 'max_completion_tokens')].find(
    (v): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0,
  );
  return {
    scanned,
    model: typeof model === 'string' ? model : undefined,
    stream: field(scanned, 'stream') === true,
    streamOptions: scanned.spans.has('stream_options') ? field(scanned, 'stream_options') : undefined,
    hasReasoningEffort: scanned.spans.has('reasoning_effort'),
    maxTokens: max,
  };
}

type RoutePlan = Extract<Plan, { kind: 'route' }>;

class Attempts {
  private upstreamWaitMs = 0;
  private clientGone = false;
  private waiting: { abort(): void } | null = null;
  private readonly stream: boolean;
  private readonly reservation: Reservation | null;

  constructor(
    private readonly api: ApiKind,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly deps: ProxyDeps,
    private readonly t0: number,
    private readonly body: RequestBody,
    private readonly ctx: RequestContext,
    private readonly requestedModel: string,
    private readonly inputTokens: number,
    private readonly plan: RoutePlan,
  ) {
    this.stream = body.stream;
    res.once('close', () => {
      if (res.writableFinished) return;
      // The client hung up before an answer started: stop waiting on the upstream (the relay handles later hang-ups).
      this.clientGone = true;
      this.waiting?.abort();
    });
    this.reservation = plan.budgetIds.length > 0 ? deps.budgets.reserve(plan.budgetIds, this.estimateMicros(plan.chain[0]!)) : null;
  }

  async run(): Promise<void> {
    const { chain } = this.plan;
    for (let i = 0; i < chain.length; i++) {
      if (this.clientGone) return this.settle(0, null);
      const target = chain[i]!;
      const last = i === chain.length - 1;
      if (i > 0) this.deps.metrics.fallbacks.inc();
      const outcome = await this.attempt(target, i, last);
      if (outcome === 'done') return;
    }
  }

  /** 'next' when the following model should be tried. */
  private async attempt(target: Target, index: number, last: boolean): Promise<'done' | 'next'> {
    const { deps, api } = this;
    const id = newEventId();
    const startedAt = Date.now();
    const { payload, stripUsage } = this.payloadFor(target);
    const sentAt = performance.now();
    const call = deps.upstream.request(upstreamUrl(target, api), this.headersFor(target, payload), payload, deps.config.timeouts);
    let upRes: IncomingMessage;
    this.waiting = call;
    try {
      upRes = await call.response;
    } catch (err) {
      this.waiting = null;
      this.upstreamWaitMs += performance.now() - sentAt;
      if (this.clientGone) {
        this.record(id, target, index, startedAt, sentAt, null, null, 'cancelled', {});
        this.settle(0, null);
        this.finishRequest('cancelled');
        return 'done';
      }
      const kind = err instanceof UpstreamError ? err.kind : 'network';
      deps.metrics.attempts.inc({ provider: target.provider.name, result: kind });
      const { written } = this.record(id, target, index, startedAt, sentAt, null, null, 'error', { 'gateway.error': kind });
      if (!last) return 'next';
      this.finishRequest('upstream_error');
      await written;
      const timeout = kind === 'timeout';
      const earlier = index > 0 ? `, nor could ${index} earlier model(s)` : '';
      const message = `${target.id} ${timeout ? 'did not answer in time' : 'could not be reached'} (${kind})${earlier}.`;
      this.refuseWithRoute(timeout ? 504 : 502, timeout ? 'upstream_timeout' : 'upstream_unreachable', message, target, index, id);
      return 'done';
    }
    this.waiting = null;
    this.upstreamWaitMs += performance.now() - sentAt;
    const status = upRes.statusCode ?? 502;
    if (status >= 200 && status < 300) {
      deps.metrics.attempts.inc({ provider: target.provider.name, result: 'ok' });
      const headers = this.switchyardHeaders(target, index, id);
      await relay({
        api,
        upRes,
        res: this.res,
        abort: call.abort,
        headers,
        stripUsage,
        idleMs: deps.config.timeouts.idleMs,
        targetId: target.id,
        beforeEnd: (r) => {
          const { seq, written } = this.record(id, target, index, startedAt, sentAt, r.usage, r.firstByteAt, r.status, {}, r.servedModel);
          if (this.reservation) this.settle(this.costMicros(target, r.usage ?? this.estimatedUsage()), seq);
          this.finishRequest(r.status);
          return written;
        },
      });
      return 'done';
    }
    const text = await readText(upRes, deps.config.timeouts.idleMs, 256 * 1024).catch(() => '');
    const retriable = status === 429 || status >= 500;
    deps.metrics.attempts.inc({
      provider: target.provider.name,
      result: status === 429 ? 'http_429' : status >= 500 ? 'http_5xx' : 'http_4xx',
    });
    const { written } = this.record(id, target, index, startedAt, sentAt, null, null, 'error', { 'gateway.error': `http_${status}` });
    if (retriable && !last) return 'next';
    this.finishRequest('upstream_error');
    await written;
    if (status === 401 || status === 403) {
      // The provider refused the gateway's own credentials: nothing in its answer is the client's business.
      this.refuseWithRoute(
        502,
        'upstream_credentials',
        `${target.provider.name} refused the gateway's credentials (${status}).`,
        target,
        index,
        id,
      );
      return 'done';
    }
    const headers: OutgoingHttpHeaders = this.switchyardHeaders(target, index, id);
    const retryAfter = upRes.headers['retry-after'];
    if (typeof retryAfter === 'string') headers['retry-after'] = retryAfter;
    send(this.res, status, providerErrorBody(api, status, text, deps.secrets), headers);
    return 'done';
  }

  /** Spools one attempt's event: its sequence number (null when the spool was full) and when it is in the file. */
  private record(
    id: string,
    target: Target,
    index: number,
    startedAt: number,
    sentAt: number,
    usage: EventUsage | null,
    firstByteAt: number | null,
    status: 'ok' | 'error' | 'cancelled',
    tags: Record<string, string>,
    servedModel: string | null = null,
  ): { seq: number | null; written: Promise<void> } {
    const { plan, deps } = this;
    const gatewayTags: Record<string, string> = { ...tags };
    if (index > 0) gatewayTags['gateway.attempt'] = String(index + 1);
    if (plan.skipped.length > 0) gatewayTags['gateway.skipped'] = plan.skipped.join(', ');
    if (plan.downgradedBy) gatewayTags['gateway.downgrade'] = plan.downgradedBy.join(',');
    // A failed call used no tokens; a call whose usage the provider did not report is counted from the estimate.
    let u = usage;
    if (u === null && status !== 'error') {
      u = this.estimatedUsage();
      gatewayTags['gateway.usage'] = 'estimated';
    }
    const event = buildEvent({
      id,
      startedAt,
      ctx: this.ctx,
      provider: target.provider.name,
      model: servedModel ?? target.model,
      requestedModel: this.requestedModel,
      routing: plan.routing,
      usage: u ?? {
        input_tokens: 0,
        cache_read_tokens: 0,
        cache_write_5m_tokens: 0,
        cache_write_1h_tokens: 0,
        output_tokens: 0,
        reasoning_tokens: 0,
      },
      latencyMs: performance.now() - sentAt,
      ttftMs: firstByteAt === null ? null : firstByteAt - sentAt,
      status,
      gatewayTags,
    });
    let resolve!: () => void;
    const written = new Promise<void>((r) => {
      resolve = r;
    });
    const seq = deps.spool.append(event, resolve);
    if (seq === null) deps.metrics.dropped.inc();
    deps.reporter.kick();
    return { seq, written };
  }

  private settle(micros: number, seq: number | null): void {
    if (this.reservation) this.deps.budgets.settle(this.reservation, micros, seq);
  }

  private finishRequest(outcome: string): void {
    this.deps.metrics.requests.inc({ api: this.api, outcome });
  }

  private estimatedUsage(): EventUsage {
    return {
      input_tokens: this.inputTokens,
      cache_read_tokens: 0,
      cache_write_5m_tokens: 0,
      cache_write_1h_tokens: 0,
      output_tokens: 0,
      reasoning_tokens: 0,
    };
  }

  private estimateMicros(target: Target): number {
    return this.costMicros(target, {
      ...this.estimatedUsage(),
      output_tokens: this.body.maxTokens ?? this.deps.config.estimateOutputTokens,
    });
  }

  private costMicros(target: Target, u: EventUsage): number {
    const priced = this.deps.pricer.price(target.provider.name, target.model, new Date(), {
      inputTokens: u.input_tokens,
      cacheReadTokens: u.cache_read_tokens,
      cacheWrite5mTokens: u.cache_write_5m_tokens,
      cacheWrite1hTokens: u.cache_write_1h_tokens,
      outputTokens: u.output_tokens,
      reasoningTokens: u.reasoning_tokens,
    });
    return priced.costMicros ?? 0;
  }

  private payloadFor(target: Target): { payload: Buffer[]; stripUsage: boolean } {
    const { body, api } = this;
    const fields: Record<string, unknown> = {};
    let changed = false;
    let stripUsage = false;
    if (body.model !== target.model) {
      fields.model = target.model;
      changed = true;
    }
    if (api === 'chat' && this.stream) {
      const so = body.streamOptions as Record<string, unknown> | undefined;
      if (so?.include_usage !== true) {
        // The event needs the provider's usage; the client gets the stream it asked for (the usage chunk is dropped).
        fields.stream_options = { ...(typeof so === 'object' && so !== null ? so : {}), include_usage: true };
        stripUsage = true;
        changed = true;
      }
    }
    if (api === 'chat' && this.plan.reasoningEffort && !body.hasReasoningEffort) {
      fields.reasoning_effort = this.plan.reasoningEffort;
      changed = true;
    }
    return { payload: changed ? withFieldsPieces(body.scanned, fields) : [body.scanned.raw], stripUsage };
  }

  private headersFor(target: Target, payload: Buffer[]): OutgoingHttpHeaders {
    let length = 0;
    for (const p of payload) length += p.length;
    const h: OutgoingHttpHeaders = {
      'content-type': 'application/json',
      'content-length': length,
      accept: this.stream ? 'text/event-stream' : 'application/json',
      'accept-encoding': 'identity',
    };
    const key = target.provider.apiKey;
    if (this.api === 'messages') {
      if (key !== null) h['x-api-key'] = key;
      h['anthropic-version'] = headerText(this.req.headers, 'anthropic-version') ?? '2023-06-01';
      const beta = headerText(this.req.headers, 'anthropic-beta');
      if (beta !== undefined) h['anthropic-beta'] = beta;
    } else if (key !== null) h.authorization = `Bearer ${key}`;
    return h;
  }

  private switchyardHeaders(target: Target, index: number, eventId: string): OutgoingHttpHeaders {
    const { plan } = this;
    const r = plan.routing;
    let route = `action=${plan.action};rule=${r?.ruleId ?? '-'};version=${r?.version ?? '-'};tier=${r?.tier ?? '-'}`;
    route += `;served=${target.id};attempt=${index + 1}`;
    if (plan.downgradedBy) route += `;downgraded-by=${plan.downgradedBy.join(',')}`;
    if (plan.skipped.length > 0) route += `;skipped=${plan.skipped.map((s) => s.split(' ')[0]).join(',')}`;
    return {
      'x-switchyard-route': headerSafe(route),
      'x-switchyard-event-id': eventId,
      'x-switchyard-overhead-ms': this.overheadMs(),
    };
  }

  private refuseWithRoute(status: number, code: GatewayErrorCode, message: string, target: Target, index: number, id: string): void {
    send(this.res, status, errorBody(this.api, code, message), this.switchyardHeaders(target, index, id));
  }

  /** Time the gateway added so far: everything since the request arrived except waiting on upstreams. */
  private overheadMs(): string {
    return Math.max(0, performance.now() - this.t0 - this.upstreamWaitMs).toFixed(3);
  }
}

function headerText(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

const headerSafe = (s: string) => s.replace(/[^\x20-\x7e]/g, '?');
