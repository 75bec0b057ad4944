/**
 * What a request says about itself: the feature headers of DESIGN.md "Reference gateway" (the input-token
 * estimate is body.ts's). Header values that ingestion would refuse are dropped (the request still goes through), so an event
 * is never rejected for a caller's header.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface RequestContext {
  mode: string | undefined;
  task: string | undefined;
  user: string | undefined;
  session: string | undefined;
  turn: number | undefined;
  tags: Record<string, string> | undefined;
}

const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined ? undefined : s.trim();
};
const label = (v: string | undefined, max: number, lower: boolean) => {
  if (v === undefined || v === '' || v.length > max) return undefined;
  return lower ? v.toLowerCase() : v;
};

export const MAX_CLIENT_TAGS = 24;

/** `x-switchyard-mode` (else Kilo Code's `x-kilocode-mode`), `-task`, `-user`, `-session`, `-turn`, `-tags`. */
export function contextFromHeaders(h: IncomingHttpHeaders): RequestContext {
  const turnText = header(h, 'x-switchyard-turn');
  const turn = turnText !== undefined && /^[1-9][0-9]{0,6}$/.test(turnText) ? Number(turnText) : undefined;
  return {
    mode: label(header(h, 'x-switchyard-mode') || header(h, 'x-kilocode-mode'), 100, true),
    task: label(header(h, 'x-switchyard-task'), 100, true),
    user: label(header(h, 'x-switchyard-user'), 200, false),
    session: label(header(h, 'x-switchyard-session'), 200, false),
    turn,
    tags: parseTags(header(h, 'x-switchyard-tags')),
  };
}

/**
 * `team=search,env=prod` (values may be percent-encoded), or a JSON object of strings. Keys 1–64 characters of
 * A-Z a-z 0-9 _ . - /, values ≤ 256 characters; at most 24 tags (the event keeps room for the gateway's own).
 */
export function parseTags(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined || text === '') return undefined;
  const out: Record<string, string> = {};
  let n = 0;
  const add = (k: string, v: string) => {
    if (n >= MAX_CLIENT_TAGS || !/^[A-Za-z0-9_.\-/]{1,64}$/.test(k) || v.length > 256 || Object.hasOwn(out, k)) return;
    out[k] = v;
    n++;
  };
  if (text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') add(k, v);
      }
    } catch {
      return undefined;
    }
  } else {
    for (const pair of text.split(',')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      let value = pair.slice(eq + 1).trim();
      try {
        value = decodeURIComponent(value);
      } catch {
        continue;
      }
      add(pair.slice(0, eq).trim(), value);
    }
  }
  return n > 0 ? out : undefined;
}
