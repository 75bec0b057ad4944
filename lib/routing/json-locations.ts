/**
 * Where each JSON pointer (RFC 6901) of a JSON text sits, so the editor can show an issue at its line.
 * A small scanner of its own (no evaluation, no allocation per character): every value's span, and for a
 * member also its key's span. Stops quietly at the first syntax error, keeping what it read so far.
 */
import { jsonPointer } from './issues';

export interface JsonSpan {
  /** Offsets into the text, [from, to). */
  from: number;
  to: number;
  /** For an object member: where its key starts (issues about an unknown field point at the key). */
  keyFrom?: number;
}

export function jsonLocations(text: string): Map<string, JsonSpan> {
  const out = new Map<string, JsonSpan>();
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const fail = (): never => {
    throw new StopScan();
  };
  const string = (): string => {
    if (text[i] !== '"') fail();
    const start = ++i;
    let escaped = false;
    while (i < text.length) {
      const c = text[i]!;
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') break;
      i++;
    }
    if (i >= text.length) fail();
    const raw = text.slice(start, i++);
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      return raw;
    }
  };
  const value = (path: PropertyKey[], keyFrom?: number) => {
    ws();
    const from = i;
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') i++;
      else {
        for (;;) {
          ws();
          const kFrom = i;
          const key = string();
          ws();
          if (text[i] !== ':') fail();
          i++;
          value([...path, key], kFrom);
          ws();
          if (text[i] === ',') i++;
          else if (text[i] === '}') {
            i++;
            break;
          } else fail();
        }
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') i++;
      else {
        for (let n = 0; ; n++) {
          value([...path, n]);
          ws();
          if (text[i] === ',') i++;
          else if (text[i] === ']') {
            i++;
            break;
          } else fail();
        }
      }
    } else if (c === '"') string();
    else {
      while (i < text.length && /[^\s,\]}]/.test(text[i]!)) i++;
      if (i === from) fail();
    }
    out.set(jsonPointer(path), keyFrom === undefined ? { from, to: i } : { from, to: i, keyFrom });
  };
  try {
    value([]);
  } catch (err) {
    if (!(err instanceof StopScan)) throw err;
  }
  return out;
}

class StopScan extends Error {}

/**
 * The span to mark for an issue at `pointer`: the value there, or the nearest ancestor that exists
 * (a missing field is reported on its absent path; its parent object is where to add it). Unknown fields
 * mark their key. Falls back to the whole text.
 */
export function spanOfPointer(locations: ReadonlyMap<string, JsonSpan>, pointer: string, textLength: number): JsonSpan {
  let p = pointer;
  for (;;) {
    const hit = locations.get(p);
    if (hit) return hit.keyFrom !== undefined && p === pointer ? { from: hit.keyFrom, to: hit.to } : hit;
    if (p === '') return { from: 0, to: textLength };
    p = p.slice(0, p.lastIndexOf('/'));
  }
}
