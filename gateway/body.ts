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
function skipValue(buf: Buffer, i: number): number {
  const c = buf[i];
  if (c === QUOTE) return skipString(buf, i);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    for (let j = i; j < buf.length; ) {
      const b = buf[j]!;
      if (b === QUOTE) {
        j = skipString(buf, j);
        if (j < 0) return -1;
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
  let i = 0;
  while (isSpace(raw[i])) i++;
  if (raw[i] !== 0x7b) return null;
  i++;
  for (;;) {
    while (isSpace(raw[i])) i++;
    if (raw[i] === 0x7d && spans.size === 0) return trailing(raw, i) ? { raw, spans, close: i } : null;
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
    const end = skipValue(raw, i);
    if (end < 0) return null;
    spans.set(key, { start: i, end });
    i = end;
    while (isSpace(raw[i])) i++;
    if (raw[i] === 0x2c) {
      i++;
      continue;
    }
    if (raw[i] === 0x7d) return trailing(raw, i) ? { raw, spans, close: i } : null;
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

/** The body with top-level fields replaced or added; every other byte as the client sent it. */
export function withFields(body: ScannedBody, fields: Record<string, unknown>): Buffer {
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
    parts.push(body.raw.subarray(at, e.start), Buffer.from(e.text));
    at = e.end;
  }
  parts.push(body.raw.subarray(at));
  return Buffer.concat(parts);
}

/** Tokens assumed per image (a typical screenshot is 1,000–1,600 tokens on the major providers). */
export const TOKENS_PER_IMAGE = 1_000;
const INLINE_DATA = ['"data":"', '"data": "', '"url":"data:', '"url": "data:'].map((p) => Buffer.from(p));
const IMAGE_TYPES = ['"type":"image', '"type": "image'].map((p) => Buffer.from(p));

/**
 * Input tokens ≈ the body's bytes / 4, less inline base64 data (images, documents: OpenAI `image_url.url` data URLs,
 * Anthropic `source.data`), plus TOKENS_PER_IMAGE per image part. The JSON around the text inflates it a little;
 * a tokenizer per model would cost more than a routing decision is worth. Raw `"data":"` only occurs as a key:
 * inside a string its quotes would be escaped.
 */
export function estimateInputTokens(raw: Buffer): number {
  let inline = 0;
  for (const p of INLINE_DATA) {
    for (let at = raw.indexOf(p); at >= 0; at = raw.indexOf(p, at + p.length)) {
      const open = at + p.indexOf(QUOTE, p.indexOf(0x3a));
      const end = skipString(raw, open);
      if (end > open) inline += end - open;
    }
  }
  let images = 0;
  for (const p of IMAGE_TYPES) for (let at = raw.indexOf(p); at >= 0; at = raw.indexOf(p, at + p.length)) images++;
  return Math.ceil(Math.max(0, raw.length - inline) / 4) + images * TOKENS_PER_IMAGE;
}
