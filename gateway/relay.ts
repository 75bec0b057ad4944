/**
 * Relays an upstream 2xx response to the client as it arrives — SSE event by event (sse.ts), JSON chunk by chunk —
 * and reads the provider's usage on the way: OpenAI's final usage chunk (dropped when only the gateway asked for it),
 * Anthropic's message_start/message_delta, or a JSON body's `usage`. The client's response ends only once `beforeEnd`
 * has the call's event in the spool, so by the time the client has the whole answer its event is on disk. A stream that breaks is
 * ended with an error event in the API's shape, never retried; a client that hangs up cuts the upstream call.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ApiKind } from './config';
import { errorBody } from './errors';
import { SseSplitter } from './sse';
import { UpstreamError, watchIdle } from './upstream';
import { AnthropicStreamUsage, usageFromAnthropic } from './usage/anthropic';
import { isUsageOnlyChunk, readOpenAIChunk, usageFromOpenAI } from './usage/openai';
import type { EventUsage } from './usage/types';

export interface RelayResult {
  status: 'ok' | 'error' | 'cancelled';
  usage: EventUsage | null;
  /** As the provider names it in its answer. */
  servedModel: string | null;
  /** performance.now() of the first body chunk. */
  firstByteAt: number | null;
}

export interface RelayOptions {
  api: ApiKind;
  upRes: IncomingMessage;
  res: ServerResponse;
  abort: () => void;
  /** The gateway's own headers (x-switchyard-*); the provider's safe ones are added. */
  headers: OutgoingHttpHeaders;
  /** Drop OpenAI's usage-only chunk (the gateway added include_usage; the client did not ask for it). */
  stripUsage: boolean;
  idleMs: number;
  /** Names the model in a broken stream's error event. */
  targetId: string;
  /** Records the call; the client's response ends once the returned promise resolves (its event is on disk). */
  beforeEnd: (result: RelayResult) => Promise<void>;
}

const MAX_PARSED_BODY = 16 * 1024 * 1024;
const PASSED_HEADERS = new Set(['content-type', 'x-request-id', 'request-id', 'openai-processing-ms', 'retry-after']);
const PASSED_PREFIXES = ['x-ratelimit-', 'anthropic-ratelimit-'];

export function relay(o: RelayOptions): Promise<void> {
  const { api, upRes, res } = o;
  const sse = String(upRes.headers['content-type'] ?? '').startsWith('text/event-stream');
  const headers = { ...o.headers };
  for (const [k, v] of Object.entries(upRes.headers)) {
    if (v !== undefined && (PASSED_HEADERS.has(k) || (k === 'content-length' && !sse) || PASSED_PREFIXES.some((p) => k.startsWith(p)))) {
      headers[k] = v;
    }
  }
  if (sse) headers['cache-control'] = 'no-cache';
  res.writeHead(upRes.statusCode ?? 200, headers);

  let usage: EventUsage | null = null;
  let servedModel: string | null = null;
  let streamError = false;
  let firstByteAt: number | null = null;
  const anthropic = api === 'messages' && sse ? new AnthropicStreamUsage() : null;
  const collected: Buffer[] = [];
  let collectedBytes = 0;
  const write = (bytes: Buffer) => {
    if (bytes.length === 0 || res.destroyed) return;
    if (!res.write(bytes)) {
      upRes.pause();
      res.once('drain', () => upRes.resume());
    }
  };
  const splitter = sse
    ? new SseSplitter({
        forward: write,
        inspect: (data, name) => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(data);
          } catch {
            return true;
          }
          if (anthropic) {
            anthropic.push(parsed);
            if (name === 'error') anthropic.error = true;
            return true;
          }
          const chunk = readOpenAIChunk(parsed);
          if (chunk.usage) usage = chunk.usage;
          if (chunk.model) servedModel = chunk.model;
          if (chunk.error) streamError = true;
          return !(o.stripUsage && isUsageOnlyChunk(parsed));
        },
      })
    : null;

  return new Promise<void>((resolve) => {
    let done = false;
    const idle = watchIdle(upRes, o.idleMs, () => upRes.destroy(new UpstreamError('timeout', 'idle')));
    const finish = (status: RelayResult['status']): Promise<void> | null => {
      if (done) return null;
      done = true;
      idle.clear();
      if (anthropic) {
        usage = anthropic.usage();
        servedModel = anthropic.model;
        if (anthropic.error) streamError = true;
      } else if (!sse && collectedBytes <= MAX_PARSED_BODY) {
        try {
          const parsed = JSON.parse(Buffer.concat(collected).toString('utf8')) as { usage?: unknown; model?: unknown };
          usage = api === 'chat' ? usageFromOpenAI(parsed.usage) : usageFromAnthropic(parsed.usage);
          if (typeof parsed.model === 'string') servedModel = parsed.model;
        } catch {
          usage = null;
        }
      }
      const written = o.beforeEnd({ status: status === 'ok' && streamError ? 'error' : status, usage, servedModel, firstByteAt });
      void written.then(resolve);
      return written;
    };
    upRes.on('data', (chunk: Buffer) => {
      idle.touch();
      firstByteAt ??= performance.now();
      if (splitter) return splitter.push(chunk);
      // A JSON body is held until its event is on disk: with its content-length, the client would count the
      // response complete at its last byte, before res.end(). Past MAX_PARSED_BODY it is passed on as it comes.
      collectedBytes += chunk.length;
      if (collectedBytes <= MAX_PARSED_BODY) return void collected.push(chunk);
      for (const c of collected.splice(0)) write(c);
      write(chunk);
    });
    upRes.on('end', () => {
      splitter?.end();
      finish('ok')?.then(() => (collected.length > 0 ? res.end(Buffer.concat(collected)) : res.end()));
    });
    let clientGone = false;
    const broken = () => {
      if (done) return;
      if (clientGone) return void finish('cancelled');
      splitter?.end();
      finish('error')?.then(() => {
        if (sse && !res.destroyed) {
          // Say so in the API's own stream shape, so the client's SDK raises instead of ending quietly.
          const err = errorBody(api, 'upstream_unreachable', `${o.targetId} broke off the stream.`);
          res.end(api === 'messages' ? `event: error\ndata: ${err}\n\n` : `data: ${err}\n\n`);
        } else res.destroy();
      });
    };
    upRes.on('error', broken);
    upRes.on('aborted', broken);
    upRes.on('close', () => {
      if (!done && !upRes.readableEnded) broken();
    });
    res.once('close', () => {
      if (done) return;
      clientGone = true;
      o.abort();
      upRes.destroy();
      finish('cancelled');
    });
  });
}
