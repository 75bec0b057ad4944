/**
 * Splits a server-sent-event byte stream into whole events as it arrives, so each is forwarded the moment it is
 * complete (time to first token unchanged) and the few that carry usage or an error are parsed — only those: a
 * cheap byte search picks them, the rest are never decoded. Works on bytes, so a chunk boundary inside a
 * multi-byte character is harmless; accepts LF and CRLF line ends.
 */
const LF = 0x0a;
const CR = 0x0d;

export interface SseSink {
  /** Bytes to pass to the client now. */
  forward(bytes: Buffer): void;
  /** A complete event's data (the `data:` lines joined); return false to drop the event from what is forwarded. */
  inspect(data: string, eventName: string | null): boolean;
}

const USAGE = Buffer.from('"usage"');
const ERROR = Buffer.from('"error"');
const EVENT_ERROR = Buffer.from('event: error');

/** Whether an event needs parsing: it mentions usage (with an object, not null) or an error. */
function interesting(ev: Buffer): boolean {
  let at = ev.indexOf(USAGE);
  while (at >= 0) {
    let i = at + USAGE.length;
    while (i < ev.length && (ev[i] === 0x20 || ev[i] === 0x3a)) i++; // spaces and the colon
    if (ev[i] === 0x7b) return true; // '{'
    at = ev.indexOf(USAGE, at + 1);
  }
  return ev.indexOf(ERROR) >= 0 || ev.indexOf(EVENT_ERROR) >= 0;
}

export class SseSplitter {
  private tail: Buffer | null = null;

  constructor(private readonly sink: SseSink) {}

  push(chunk: Buffer): void {
    const buf = this.tail ? Buffer.concat([this.tail, chunk]) : chunk;
    let eventStart = 0;
    let forwardFrom = 0;
    let lineStart = 0;
    for (let nl = buf.indexOf(LF, 0); nl >= 0; nl = buf.indexOf(LF, lineStart)) {
      const lineEnd = nl > lineStart && buf[nl - 1] === CR ? nl - 1 : nl;
      const empty = lineEnd === lineStart;
      lineStart = nl + 1;
      if (!empty) continue;
      // An empty line ends the event [eventStart, lineStart).
      const ev = buf.subarray(eventStart, lineStart);
      if (interesting(ev) && !this.keep(ev)) {
        if (eventStart > forwardFrom) this.sink.forward(buf.subarray(forwardFrom, eventStart));
        forwardFrom = lineStart;
      }
      eventStart = lineStart;
    }
    if (eventStart > forwardFrom) this.sink.forward(buf.subarray(forwardFrom, eventStart));
    this.tail = eventStart < buf.length ? Buffer.from(buf.subarray(eventStart)) : null;
  }

  /** Passes on whatever incomplete event is left when the stream ends. */
  end(): void {
    if (this.tail) {
      if (interesting(this.tail)) this.keep(this.tail);
      this.sink.forward(this.tail);
    }
    this.tail = null;
  }

  private keep(ev: Buffer): boolean {
    let name: string | null = null;
    const data: string[] = [];
    for (const raw of ev.toString('utf8').split('\n')) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.startsWith('data:')) data.push(line.slice(line[5] === ' ' ? 6 : 5));
      else if (line.startsWith('event:')) name = line.slice(6).trim();
    }
    if (data.length === 0) return true;
    return this.sink.inspect(data.join('\n'), name);
  }
}
