/**
 * Sends the spool to POST /api/v1/events, one batch at a time in spool order (NDJSON, as written). The cursor
 * moves only on Switchyard's 200; network errors, timeouts, 5xx and 429 keep the batch and retry with backoff
 * (Retry-After honoured), so while Switchyard is down or slow events wait on disk. Events Switchyard rejects
 * one by one are logged by code and index (never their content) and not re-sent: they would be rejected again.
 */
import type { Logger } from './log';
import type { Metrics } from './metrics';
import type { Spool, SpoolBatch } from './spool';
import type { UpstreamClient } from './upstream';

export interface ReporterOptions {
  url: URL;
  key: string;
  gatewayId: string;
  batchSize: number;
  intervalMs: number;
  timeoutMs: number;
  maxBatchBytes?: number;
  client: UpstreamClient;
  spool: Spool;
  log: Logger;
  metrics: Metrics;
}

const MAX_BACKOFF_MS = 30_000;

export class Reporter {
  private timer: NodeJS.Timeout | null = null;
  private sending = false;
  private stopped = false;
  private failures = 0;
  private batchLimit: number;
  private lastAuthLog = 0;
  /** When the last send failed (null while Switchyard answers). */
  failingSince: number | null = null;

  constructor(private readonly o: ReporterOptions) {
    this.batchLimit = o.batchSize;
  }

  start(): void {
    this.schedule(0);
  }

  /** A new event was spooled: send now when a full batch is waiting, else within the interval. */
  kick(): void {
    if (this.stopped || this.sending || this.failures > 0) return;
    if (this.o.spool.depth >= this.o.batchSize) this.schedule(0);
    else if (this.timer === null) this.schedule(this.o.intervalMs);
  }

  /** Sends until the spool is empty, Switchyard fails, or `ms` pass (graceful shutdown). */
  async drain(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (this.o.spool.depth > 0 && Date.now() < until && this.failures === 0) {
      if (!this.sending) await this.sendOnce();
      else await new Promise((r) => setTimeout(r, 10));
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.sendOnce();
    }, ms);
  }

  private async sendOnce(): Promise<void> {
    if (this.sending || this.stopped) return;
    const batch = this.o.spool.readBatch(this.batchLimit, this.o.maxBatchBytes ?? 1024 * 1024);
    if (!batch) {
      // Appended but not yet in the file (the write is asynchronous): look again, or a lone event would wait for the
      // next request's kick — forever, once traffic stops.
      if (this.o.spool.depth > 0) this.schedule(this.o.intervalMs);
      return;
    }
    this.sending = true;
    let retryInMs: number | null = null;
    try {
      retryInMs = await this.post(batch);
    } catch (err) {
      retryInMs = this.backoff('network', (err as Error).message);
    } finally {
      this.sending = false;
    }
    if (retryInMs !== null) return this.schedule(retryInMs);
    this.failures = 0;
    this.failingSince = null;
    if (this.o.spool.depth > 0) this.schedule(this.o.spool.depth >= this.o.batchSize ? 0 : this.o.intervalMs);
  }

  /** Null when the batch is done with; otherwise the delay before trying again. */
  private async post(batch: SpoolBatch): Promise<number | null> {
    const call = this.o.client.request(
      this.o.url,
      {
        authorization: `Bearer ${this.o.key}`,
        'content-type': 'application/x-ndjson',
        'content-length': batch.body.length,
        'x-switchyard-gateway': this.o.gatewayId,
      },
      batch.body,
      { connectMs: this.o.timeoutMs, firstByteMs: this.o.timeoutMs },
    );
    const res = await call.response;
    const text = await readText(res, this.o.timeoutMs);
    const status = res.statusCode ?? 0;
    if (status === 200) {
      await this.accept(batch, text);
      return null;
    }
    if (status === 413 || status === 400) {
      // Too big, or a batch Switchyard cannot read: halve it; a single line it still refuses is dropped.
      if (batch.lines > 1) {
        this.batchLimit = Math.max(1, Math.floor(batch.lines / 2));
        return 0;
      }
      this.o.log.error('reporter: Switchyard refused one event line; dropped', { status, code: errorCode(text) });
      this.o.metrics.events.inc({ result: 'rejected' });
      await this.o.spool.ack(batch);
      return null;
    }
    if (status === 401 || status === 403) {
      if (Date.now() - this.lastAuthLog > 60_000) {
        this.o.log.error('reporter: Switchyard refused the gateway key; events stay in the spool', { status, code: errorCode(text) });
        this.lastAuthLog = Date.now();
      }
      return this.backoff(`http_${status}`, null, 60_000);
    }
    if (status === 429) {
      const after = Number(res.headers['retry-after']);
      this.backoff('http_429', null);
      return Number.isFinite(after) && after > 0 ? Math.min(after * 1000, 60_000) : 1_000;
    }
    return this.backoff(`http_${status}`, errorCode(text));
  }

  private async accept(batch: SpoolBatch, text: string): Promise<void> {
    let answer: { accepted?: number; duplicates?: number; rejected?: { index: number; code: string }[] } = {};
    try {
      answer = JSON.parse(text);
    } catch {
      answer = {};
    }
    const rejected = Array.isArray(answer.rejected) ? answer.rejected : [];
    this.o.metrics.events.inc({ result: 'accepted' }, answer.accepted ?? 0);
    this.o.metrics.events.inc({ result: 'duplicate' }, answer.duplicates ?? 0);
    if (rejected.length > 0) {
      this.o.metrics.events.inc({ result: 'rejected' }, rejected.length);
      this.o.log.warn('reporter: Switchyard rejected events', {
        rejected: rejected.length,
        codes: [...new Set(rejected.map((r) => r.code))],
        indexes: rejected.slice(0, 10).map((r) => r.index),
      });
    }
    await this.o.spool.ack(batch);
    if (this.batchLimit < this.o.batchSize) this.batchLimit = Math.min(this.o.batchSize, this.batchLimit * 2);
  }

  private backoff(reason: string, detail: string | null, max = MAX_BACKOFF_MS): number {
    this.failures++;
    this.failingSince ??= Date.now();
    const delay = Math.min(max, 250 * 2 ** Math.min(this.failures, 10)) * (0.75 + Math.random() * 0.5);
    if (this.failures === 1 || this.failures % 20 === 0) {
      this.o.log.warn('reporter: Switchyard did not take the batch; it stays in the spool', {
        reason,
        detail,
        failures: this.failures,
        unsentEvents: this.o.spool.depth,
        retryInMs: Math.round(delay),
      });
    }
    return delay;
  }
}

function errorCode(text: string): string | null {
  try {
    return (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? null;
  } catch {
    return null;
  }
}

/** The whole (small) body of a Switchyard answer, bounded in time and size. */
export function readText(res: import('node:http').IncomingMessage, timeoutMs: number, maxBytes = 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => res.destroy(new Error('body timeout')), timeoutMs);
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= maxBytes) chunks.push(c);
    });
    res.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    res.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    res.on('aborted', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    });
  });
}
