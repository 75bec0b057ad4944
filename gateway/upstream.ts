/**
 * Outbound HTTP, bounded in time: a connect timeout (a new socket only; kept-alive ones are reused), a first-byte
 * timeout (until the response headers) and an idle timeout between body chunks (armed by the caller with
 * `watchIdle`). Keep-alive agents, so a request pays no TCP handshake. Host names are resolved once per connection
 * and every address checked (lib/net/addresses.ts) before connecting to one of them — no second resolution, so no
 * DNS rebinding; literal addresses were checked when the configuration was read.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isAllowedAddress } from '@/lib/net/addresses';

export type FailureKind = 'connect' | 'timeout' | 'network' | 'address_refused';

export class UpstreamError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

export interface Timeouts {
  connectMs: number;
  firstByteMs: number;
}

export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return ((hostname: string, options: object, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err);
      const refused = addresses.find((a) => !isAllowedAddress(a.address, { allowPrivate }));
      if (refused || addresses.length === 0) {
        return callback(new UpstreamError('address_refused', `${hostname} resolves to an address the gateway may not call`));
      }
      const wantsAll = (options as { all?: boolean }).all === true;
      if (wantsAll) return callback(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  }) as LookupFunction;
}

export interface UpstreamClient {
  /** `body` as one buffer or string, or as pieces written in order (no copy of a large body). */
  request(url: URL, headers: OutgoingHttpHeaders, body: Buffer | string | Buffer[], timeouts: Timeouts, method?: string): UpstreamCall;
  destroy(): void;
}

export interface UpstreamCall {
  /** Resolves with the response once its headers arrive; rejects with UpstreamError before that. */
  response: Promise<IncomingMessage>;
  abort(): void;
}

export function createUpstreamClient(options: { allowPrivate: boolean }): UpstreamClient {
  const lookup = guardedLookup(options.allowPrivate);
  const agentOptions = {
    keepAlive: true,
    keepAliveMsecs: 1_000,
    maxSockets: 1_024,
    maxFreeSockets: 256,
    scheduling: 'lifo' as const,
    lookup,
  };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);
  return {
    request(url, headers, body, timeouts, method = 'POST') {
      const isHttps = url.protocol === 'https:';
      let settled = false;
      let abortReq = () => {};
      let fail: (e: UpstreamError) => void = () => {};
      const response = new Promise<IncomingMessage>((resolve, reject) => {
        fail = (e) => {
          if (settled) return;
          settled = true;
          clearTimeout(firstByte);
          req.destroy(e);
          reject(e);
        };
        const req = (isHttps ? https : http).request(url, { method, headers, agent: isHttps ? httpsAgent : httpAgent });
        const firstByte = setTimeout(
          () => fail(new UpstreamError('timeout', `no response within ${timeouts.firstByteMs} ms`)),
          timeouts.firstByteMs,
        );
        req.on('socket', (socket) => {
          if (!socket.connecting) return;
          const connect = setTimeout(
            () => fail(new UpstreamError('connect', `no connection within ${timeouts.connectMs} ms`)),
            timeouts.connectMs,
          );
          socket.once('connect', () => clearTimeout(connect));
          socket.once('close', () => clearTimeout(connect));
        });
        req.on('response', (res) => {
          if (settled) return res.destroy();
          settled = true;
          clearTimeout(firstByte);
          resolve(res);
        });
        req.on('error', (err: NodeJS.ErrnoException) => {
          if (err instanceof UpstreamError) return fail(err);
          const refused =
            err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN' || err.code === 'EHOSTUNREACH';
          fail(new UpstreamError(refused ? 'connect' : 'network', err.code ?? err.message));
        });
        if (Array.isArray(body)) {
          for (let i = 0; i < body.length - 1; i++) req.write(body[i]!);
          req.end(body.at(-1));
        } else req.end(body);
        abortReq = () => (settled ? req.destroy() : fail(new UpstreamError('network', 'aborted')));
      });
      return { response, abort: () => abortReq() };
    },
    destroy() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

/** Destroys `res` when no chunk arrives for `ms`; returns the function that re-arms the timer on each chunk. */
export function watchIdle(res: IncomingMessage, ms: number, onIdle: () => void): { touch(): void; clear(): void } {
  const timer = setTimeout(onIdle, ms);
  const clear = () => clearTimeout(timer);
  res.once('close', clear);
  return { touch: () => timer.refresh(), clear };
}
