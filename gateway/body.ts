/**
 * The request body, read without parsing it whole: agents send their whole context every turn (hundreds of KB), and
 * JSON.parse + JSON.stringify of 370 KB cost ~4.7 ms here — more than the gateway's whole budget. A scan of the top
 * level finds each key's value span (jumping over strings with a native search, so the cost is per string, not per
 * byte); only the few small values the gateway needs are parsed, and a routed request is the same bytes with the
 * `model` span (and any added field) spliced in. The provider validates the rest, as it would without a gateway.
 */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

type Span = { start: number; end: number };

export interface ScannedBody {
  raw: Buffer;
  /** Top-level key → its value's byte span (the last one wins, as JSON.parse decides). */
  spans: Map<string, Span>;
  /** Index of the closing brace. */
  close: number;
  /** Inline base64 data seen on the way (images, documents): their count and bytes, for the token estimate. */
  blobs: number;
  blobBytes: number;
}

/** Strings at least this long that look like base64 (or a data: URL) are inline images or documents. */
const BLOB_MIN = 2048;
const isBase64Char = (c: number | undefined) =>
  c !== undefined && ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f);

/** Counts a long string whose first 32 bytes are a data: URL or base64 (text has spaces and punctuation early). */
function noteBlob(acc: { blobs: number; blobBytes: number }, buf: Buffer, start: number, end: number): void {
  if (end - start < BLOB_MIN) return;
  let i = start + 1;
  if (buf[i] === 0x64 && buf.toString('latin1', i, i + 5) === 'data:') {
    const comma = buf.indexOf(0x2c, i);
    if (comma < 0 || comma > i + 100) return;
    i = comma + 1;
  }
  for (let k = i; k < i + 32; k++) if (!isBase64Char(buf[k])) return;
  acc.blobs++;
  acc.blobBytes += end - start;
}

const isSpace = (c: number | undefined) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Index just past the string whose opening quote is at `i`, or -1. */
function skipString(buf: Buffer, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = buf.indexOf(QUOTE, j);
    if (q < 0) return -1;
    let k = q - 1;
    while (buf[k] === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** Index just past the value starting at `i`, or -1. */
function skipValue(buf: Buffer, i: number, acc: { blobs: number; blobBytes: number }): number {
  const c = buf[i];
  if (c === QUOTE) {
    const end = skipString(buf, i);
    if (end > 0) noteBlob(acc, buf, i, end);
    return end;
  }
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    for (let j = i; j < buf.length; ) {
      const b = buf[j]!;
      if (b === QUOTE) {
        const end = skipString(buf, j);
        if (end < 0) return -1;
        noteBlob(acc, buf, j, end);
        j = end;
        continue;
      }
      if (b === 0x7b || b === 0x5b) depth++;
      else if (b === 0x7d || b === 0x5d) {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return -1;
  }
  let j = i;
  while (j < buf.length && buf[j] !== 0x2c && buf[j] !== 0x7d && buf[j] !== 0x5d && !isSpace(buf[j])) j++;
  return j > i ? j : -1;
}

/** The top level of a JSON object, or null when the body is not one. */
export function scanBody(raw: Buffer): ScannedBody | null {
  const spans = new Map<string, Span>();
  const acc = { blobs: 0, blobBytes: 0 };
  const done = (close: number): ScannedBody | null => (trailing(raw, close) ? { raw, spans, close, ...acc } : null);
  let i = 0;
  while (isSpace(raw[i])) i++;
  if (raw[i] !== 0x7b) return null;
  i++;
  for (;;) {
    while (isSpace(raw[i])) i++;
    if (raw[i] === 0x7d && spans.size === 0) return done(i);
    if (raw[i] !== QUOTE) return null;
    const keyEnd = skipString(raw, i);
    if (keyEnd < 0) return null;
    let key: string;
    try {
      key = JSON.parse(raw.toString('utf8', i, keyEnd)) as string;
    } catch {
      return null;
    }
    i = keyEnd;
    while (isSpace(raw[i])) i++;
    if (raw[i] !== 0x3a) return null;
    i++;
    while (isSpace(raw[i])) i++;
    const end = skipValue(raw, i, acc);
    if (end < 0) return null;
    spans.set(key, { start: i, end });
    i = end;
    while (isSpace(raw[i])) i++;
    if (raw[i] === 0x2c) {
      i++;
      continue;
    }
    if (raw[i] === 0x7d) return done(i);
    return null;
  }
}

function trailing(raw: Buffer, close: number): boolean {
  let i = close + 1;
  while (isSpace(raw[i])) i++;
  return i === raw.length;
}

/** A top-level value, parsed (undefined when absent or not JSON). */
export function field(body: ScannedBody, key: string): unknown {
  const span = body.spans.get(key);
  if (!span) return undefined;
  try {
    return JSON.parse(body.raw.toString('utf8', span.start, span.end));
  } catch {
    return undefined;
  }
}

/**
 * The body with top-level fields replaced or added, as pieces to write in order: views of the client's bytes around
 * the spliced values — no copy of a large body (each copy is external memory, and V8 answers a fast stream of it with
 * full garbage collections).
 */
export function withFieldsPieces(body: ScannedBody, fields: Record<string, unknown>): Buffer[] {
  const edits: { start: number; end: number; text: string }[] = [];
  let added = '';
  for (const [key, value] of Object.entries(fields)) {
    const json = JSON.stringify(value);
    const span = body.spans.get(key);
    if (span) edits.push({ start: span.start, end: span.end, text: json });
    else added += `${body.spans.size > 0 || added !== '' ? ',' : ''}${JSON.stringify(key)}:${json}`;
  }
  if (added !== '') edits.push({ start: body.close, end: body.close, text: added });
  edits.sort((a, b) => a.start - b.start);
  const parts: Buffer[] = [];
  let at = 0;
  for (const e of edits) {
    if (e.start > at) parts.push(body.raw.subarray(at, e.start));
    parts.push(Buffer.from(e.text));
    at = e.end;
  }
  parts.push(body.raw.subarray(at));
  return parts;
}

/** The same, as one buffer. */
export function withFields(body: ScannedBody, fields: Record<string, unknown>): Buffer {
  return Buffer.concat(withFieldsPieces(body, fields));
}

/** Tokens assumed per image (a typical screenshot is 1,000–1,600 tokens on the major providers). */
export const TOKENS_PER_IMAGE = 1_000;

/**
 * Input tokens ≈ the body's bytes / 4, less inline base64 data (images, documents: OpenAI data URLs, Anthropic
 * `source.data`), plus TOKENS_PER_IMAGE for each. The JSON around the text inflates it a little; a tokenizer per
 * model would cost more than a routing decision is worth. The blobs were found by the scan: no second pass.
 */
export function estimateInputTokens(body: ScannedBody): number {
  return Math.ceil(Math.max(0, body.raw.length - body.blobBytes) / 4) + body.blobs * TOKENS_PER_IMAGE;
}
