/**
 * Configuration the gateway can trust: long-polls a Switchyard document (routing, budget state) with its ETag
 * (`If-None-Match`, `?wait=N`: the answer comes as soon as the content changes), validates each new body and
 * applies it only when valid, keeps the last good one on disk (write + rename) and starts from that copy when
 * Switchyard is unreachable. An invalid body is never applied: the gateway keeps the last good one, says so, and
 * waits for the next change (it long-polls on the bad body's ETag, so it does not spin on it).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from './log';
import type { Metrics } from './metrics';
import { readText } from './reporter';
import type { UpstreamClient } from './upstream';

export type Validation<T> = { ok: true; value: T } | { ok: false; problems: string[] };

export interface PullerOptions<T> {
  /** routing | budgets: in logs, metrics and the cache file name. */
  name: string;
  url: URL;
  key: string;
  gatewayId: string;
  /** The routing version the gateway applies (the x-switchyard-gateway-version header). */
  appliedVersion: () => number | null;
  waitSeconds: number;
  timeoutMs: number;
  stateDir: string;
  client: UpstreamClient;
  log: Logger;
  metrics: Metrics;
  validate: (body: unknown) => Validation<T>;
  /** `pullStartedAt` carries what the caller noted when the pull was sent (the budget book's acked sequence). */
  apply: (value: T, context: { fromCache: boolean; noted: number }) => void;
  /** Noted when each pull starts, handed to `apply`. */
  note?: () => number;
  /** A 304: the copy in force is still Switchyard's current one (with what was noted when that pull started). */
  unchanged?: (context: { noted: number }) => void;
  /** The long-poll wait for the next pull, when it should be shorter than `waitSeconds` (seconds). */
  nextWait?: () => number;
}

interface CacheFile {
  etag: string | null;
  body: unknown;
}

export class Puller<T> {
  private etag: string | null = null;
  private stopped = false;
  private failures = 0;
  private current: { abort(): void } | null = null;
  private wake: (() => void) | null = null;
  loaded = false;
  lastSuccessAt: number | null = null;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: PullerOptions<T>) {}

  private get cacheFile(): string {
    return path.join(this.o.stateDir, `${this.o.name}.json`);
  }

  /** Applies the copy on disk if it is valid; true when one was applied. */
  loadCache(): boolean {
    let cached: CacheFile;
    try {
      cached = JSON.parse(fs.readFileSync(this.cacheFile, 'utf8')) as CacheFile;
    } catch {
      return false;
    }
    const v = this.o.validate(cached.body);
    if (!v.ok) {
      this.o.log.warn(`${this.o.name}: the copy on disk is not valid; not applied`, { problems: v.problems.slice(0, 5) });
      return false;
    }
    this.o.apply(v.value, { fromCache: true, noted: 0 });
    this.etag = cached.etag;
    this.loaded = true;
    this.o.log.info(`${this.o.name}: applied the last good copy from disk`, { etag: cached.etag });
    return true;
  }

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.current?.abort();
    this.wake?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const delay = await this.pollOnce().catch((err: Error) => (this.stopped ? 0 : this.fail('network', err.message)));
      if (delay > 0 && !this.stopped)
        await new Promise<void>((r) => {
          const t = setTimeout(r, delay);
          this.wake = () => {
            clearTimeout(t);
            r();
          };
        });
    }
  }

  /** One request; the delay before the next (0: long-poll again at once). */
  async pollOnce(): Promise<number> {
    const url = new URL(this.o.url);
    const wait = this.etag === null ? 0 : Math.min(this.o.waitSeconds, this.o.nextWait?.() ?? this.o.waitSeconds);
    url.searchParams.set('wait', String(wait));
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.o.key}`,
      accept: 'application/json',
      'x-switchyard-gateway': this.o.gatewayId,
    };
    const version = this.o.appliedVersion();
    if (version !== null) headers['x-switchyard-gateway-version'] = String(version);
    if (this.etag !== null) headers['if-none-match'] = this.etag;
    const noted = this.o.note?.() ?? 0;
    const call = this.o.client.request(
      url,
      headers,
      '',
      {
        connectMs: this.o.timeoutMs,
        firstByteMs: wait * 1000 + this.o.timeoutMs,
      },
      'GET',
    );
    this.current = call;
    const res = await call.response;
    const text = await readText(res, this.o.timeoutMs, 8 * 1024 * 1024);
    this.current = null;
    const status = res.statusCode ?? 0;
    if (status === 304) {
      this.o.unchanged?.({ noted });
      return this.succeeded('unchanged', 0);
    }
    if (status === 404) {
      this.o.metrics.pulls.inc({ document: this.o.name, result: 'not_found' });
      if (this.failures++ === 0) this.o.log.warn(`${this.o.name}: Switchyard has none published yet`);
      return Math.min(5_000, 500 * this.failures);
    }
    if (status !== 200) return this.fail(`http_${status}`, null);
    const etag = typeof res.headers.etag === 'string' ? res.headers.etag : null;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return this.invalid(etag, ['not valid JSON']);
    }
    const v = this.o.validate(body);
    if (!v.ok) return this.invalid(etag, v.problems);
    this.o.apply(v.value, { fromCache: false, noted });
    this.etag = etag;
    this.loaded = true;
    this.persist({ etag, body });
    return this.succeeded('applied', 0);
  }

  private succeeded(result: string, delay: number): number {
    this.o.metrics.pulls.inc({ document: this.o.name, result });
    if (this.failures > 0) this.o.log.info(`${this.o.name}: Switchyard answers again`);
    this.failures = 0;
    this.lastSuccessAt = Date.now();
    return delay;
  }

  private invalid(etag: string | null, problems: string[]): number {
    this.o.metrics.pulls.inc({ document: this.o.name, result: 'invalid' });
    this.o.log.error(`${this.o.name}: refused an invalid document from Switchyard; keeping the last good one`, {
      problems: problems.slice(0, 10),
    });
    // Wait for the next change rather than fetching the same bad body again.
    this.etag = etag ?? this.etag;
    this.failures = 0;
    return etag === null ? 5_000 : 0;
  }

  private fail(reason: string, detail: string | null): number {
    this.current = null;
    this.o.metrics.pulls.inc({ document: this.o.name, result: 'error' });
    this.failures++;
    if (this.failures === 1 || this.failures % 30 === 0) {
      this.o.log.warn(`${this.o.name}: cannot reach Switchyard; keeping the configuration in force`, {
        reason,
        detail,
        failures: this.failures,
      });
    }
    return Math.min(30_000, 250 * 2 ** Math.min(this.failures, 8));
  }

  /** In the background: a slow disk must not stall requests. Writes are chained, so the last one wins. */
  private persist(c: CacheFile): void {
    const tmp = `${this.cacheFile}.tmp`;
    this.writing = this.writing
      .then(() => fs.promises.writeFile(tmp, JSON.stringify(c)))
      .then(() => fs.promises.rename(tmp, this.cacheFile))
      .catch((err: Error) => this.o.log.warn(`${this.o.name}: cannot write the copy on disk`, { error: err.message }));
  }

  /** Resolves once the copy on disk is written (tests, shutdown). */
  async flushed(): Promise<void> {
    await this.writing;
  }
}
