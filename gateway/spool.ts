/**
 * The durable spool of usage events: NDJSON segment files. Appends are written off the event loop (a write can stall
 * for tens of ms on a busy disk; the events of one such write are batched into the next) and the caller is told when
 * its event is in the file — the gateway ends the client's response only then, so a response a client saw complete
 * has its event on disk (the page cache survives a kill -9; the kernel writes it back within seconds, and each
 * finished segment is fdatasync'ed). The reporter reads batches from a cursor
 * (segment, byte offset), sends them as they are (NDJSON, no re-encoding) and moves the cursor only once Switchyard
 * has answered for them; the cursor is replaced atomically (write + rename). A crash between the answer and the
 * rename re-sends that batch: the event ids make it duplicates, so every event is stored once.
 * Bounded: unsent bytes never exceed `maxBytes`; past it new events are dropped, counted and logged.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from './log';

export interface SpoolPosition {
  segment: number;
  offset: number;
}

export interface SpoolBatch {
  body: Buffer;
  lines: number;
  next: SpoolPosition;
}

const SEGMENT = /^(\d{12})\.ndjson$/;
const segmentName = (n: number) => `${String(n).padStart(12, '0')}.ndjson`;

export class Spool {
  /** Events written and not yet answered for. */
  depth = 0;
  /** Bytes of those events. */
  bytes = 0;
  dropped = 0;
  /** Sequence numbers: the n-th event appended by this process is `preexisting + n`; acked ones are ≤ ackedSeq. */
  writtenSeq = 0;
  ackedSeq = 0;
  private fd: number;
  private activeSegment: number;
  private activeSize: number;
  private cursor: SpoolPosition;
  private lastFullLog = 0;
  private droppedSinceLog = 0;
  /** The position in cursor.json; `cursor` runs ahead of it between a batch's read and its acknowledgement. */
  private persisted: SpoolPosition;
  private pending: Buffer[] = [];
  private pendingCallbacks: (() => void)[] = [];
  private writing = false;

  private constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
    private readonly segmentBytes: number,
    private readonly log: Logger,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    const segments = this.segments();
    this.cursor = this.readCursor() ?? { segment: segments[0] ?? 1, offset: 0 };
    if (segments.length > 0 && this.cursor.segment < segments[0]!) this.cursor = { segment: segments[0]!, offset: 0 };
    for (const s of segments) if (s < this.cursor.segment) fs.rmSync(this.file(s), { force: true });
    this.activeSegment = Math.max(this.cursor.segment, segments.at(-1) ?? this.cursor.segment);
    this.fd = fs.openSync(this.file(this.activeSegment), 'a+');
    this.activeSize = this.trimPartialLine();
    for (const s of this.segments()) {
      const from = s === this.cursor.segment ? this.cursor.offset : 0;
      const { bytes, lines } = this.countFrom(s, from);
      this.bytes += bytes;
      this.depth += lines;
    }
    this.writtenSeq = this.depth;
    this.persisted = this.cursor;
    if (this.depth > 0) this.log.info('spool: unsent events from an earlier run', { events: this.depth, bytes: this.bytes });
  }

  static open(options: { dir: string; maxBytes: number; segmentBytes?: number; log: Logger }): Spool {
    return new Spool(options.dir, options.maxBytes, options.segmentBytes ?? 4 * 1024 * 1024, options.log);
  }

  /**
   * Appends one event; its sequence number, or null when the spool is full and it was dropped. `onWritten` runs once
   * the event is in the file (at once when it was dropped).
   */
  append(event: object, onWritten?: () => void): number | null {
    const line = Buffer.from(`${JSON.stringify(event)}\n`);
    if (this.bytes + line.length > this.maxBytes) {
      this.dropped++;
      this.droppedSinceLog++;
      const now = Date.now();
      if (now - this.lastFullLog >= 10_000) {
        this.log.error('spool full: usage events are being dropped until Switchyard takes the backlog', {
          maxBytes: this.maxBytes,
          unsentEvents: this.depth,
          droppedSinceLastLog: this.droppedSinceLog,
          droppedTotal: this.dropped,
        });
        this.lastFullLog = now;
        this.droppedSinceLog = 0;
      }
      onWritten?.();
      return null;
    }
    this.pending.push(line);
    if (onWritten) this.pendingCallbacks.push(onWritten);
    this.bytes += line.length;
    this.depth++;
    this.writtenSeq++;
    if (!this.writing) this.flush();
    return this.writtenSeq;
  }

  /** Resolves once every appended event is in the file. */
  async flushed(): Promise<void> {
    while (this.writing || this.pending.length > 0) await new Promise((r) => setTimeout(r, 2));
  }

  /** One write in flight at a time, with everything appended meanwhile: the file keeps the order of appends. */
  private flush(): void {
    if (this.pending.length === 0) {
      this.writing = false;
      return;
    }
    this.writing = true;
    const buf = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    const callbacks = this.pendingCallbacks;
    this.pending = [];
    this.pendingCallbacks = [];
    fs.write(this.fd, buf, 0, buf.length, null, (err, written) => {
      if (err) {
        // Keep the events for the next write; the responses waiting on them are not held hostage to the disk.
        this.log.error('spool: write failed; retrying', { error: err.message, bytes: buf.length });
        this.pending.unshift(buf);
        for (const cb of callbacks) cb();
        setTimeout(() => this.flush(), 100);
        return;
      }
      // A regular file takes a whole write; a short one (full disk) finishes synchronously or fails loudly.
      if (written < buf.length) fs.writeSync(this.fd, buf, written);
      this.activeSize += buf.length;
      if (this.activeSize >= this.segmentBytes) this.rotate();
      for (const cb of callbacks) cb();
      this.flush();
    });
  }

  /** The next batch from the cursor: whole lines, within one segment, at most `maxLines` and about `maxBytes`. */
  readBatch(maxLines: number, maxBytes: number): SpoolBatch | null {
    for (;;) {
      const { segment, offset } = this.cursor;
      const size = segment === this.activeSegment ? this.activeSize : this.sizeOf(segment);
      if (offset < size) {
        const want = Math.min(size - offset, maxBytes);
        const buf = Buffer.allocUnsafe(want);
        const fd = segment === this.activeSegment ? this.fd : fs.openSync(this.file(segment), 'r');
        let got: number;
        try {
          got = fs.readSync(fd, buf, 0, want, offset);
        } finally {
          if (fd !== this.fd) fs.closeSync(fd);
        }
        let end = -1;
        let lines = 0;
        for (let i = buf.indexOf(0x0a, 0); i >= 0 && i < got; i = buf.indexOf(0x0a, i + 1)) {
          end = i;
          if (++lines >= maxLines) break;
        }
        if (end < 0) {
          // One line longer than maxBytes (events are ~1 KB, so only a corrupt file): read it whole.
          if (want < size - offset) return this.readBatch(maxLines, maxBytes * 4);
          return null;
        }
        return { body: buf.subarray(0, end + 1), lines, next: { segment, offset: offset + end + 1 } };
      }
      if (segment >= this.activeSegment) return null;
      // Whole segment sent: read on in the next one (the cursor file follows with the next acknowledgement).
      this.cursor = { segment: segment + 1, offset: 0 };
    }
  }

  /**
   * Switchyard answered for the batch: persist the cursor past it (asynchronously — a slow disk must not stall the
   * requests on the event loop), then forget the batch. Only one batch is in flight at a time (the reporter's).
   */
  async ack(batch: SpoolBatch): Promise<void> {
    await this.persistCursor(batch.next);
    this.cursor = batch.next;
    this.bytes -= batch.body.length;
    this.depth -= batch.lines;
    this.ackedSeq += batch.lines;
  }

  async close(): Promise<void> {
    await this.flushed();
    fs.closeSync(this.fd);
  }

  private async persistCursor(next: SpoolPosition): Promise<void> {
    const tmp = path.join(this.dir, 'cursor.json.tmp');
    await fs.promises.writeFile(tmp, JSON.stringify(next));
    await fs.promises.rename(tmp, path.join(this.dir, 'cursor.json'));
    const from = this.persisted.segment;
    this.persisted = next;
    for (let s = from; s < next.segment; s++) await fs.promises.rm(this.file(s), { force: true });
  }

  private rotate(): void {
    // The finished segment is flushed to disk in the background (bounds what an OS crash could take).
    const old = this.fd;
    fs.fdatasync(old, () => fs.close(old, () => {}));
    this.activeSegment++;
    this.fd = fs.openSync(this.file(this.activeSegment), 'a+');
    this.activeSize = 0;
  }

  /** A crash mid-line (an OS crash; a killed process never leaves one) leaves a tail without '\n': cut it off. */
  private trimPartialLine(): number {
    const size = fs.fstatSync(this.fd).size;
    if (size === 0) return 0;
    const probe = Math.min(size, 64 * 1024);
    const buf = Buffer.allocUnsafe(probe);
    fs.readSync(this.fd, buf, 0, probe, size - probe);
    if (buf[probe - 1] === 0x0a) return size;
    const last = buf.lastIndexOf(0x0a);
    const keep = last < 0 ? (probe === size ? 0 : size - probe) : size - probe + last + 1;
    fs.ftruncateSync(this.fd, keep);
    this.log.warn('spool: cut an incomplete last line', { segment: this.activeSegment, bytes: size - keep });
    return keep;
  }

  private countFrom(segment: number, from: number): { bytes: number; lines: number } {
    const data = fs.readFileSync(this.file(segment));
    let lines = 0;
    for (let i = data.indexOf(0x0a, from); i >= 0; i = data.indexOf(0x0a, i + 1)) lines++;
    return { bytes: Math.max(0, data.length - from), lines };
  }

  private segments(): number[] {
    return fs
      .readdirSync(this.dir)
      .flatMap((f) => {
        const m = SEGMENT.exec(f);
        return m ? [Number(m[1])] : [];
      })
      .sort((a, b) => a - b);
  }

  private sizeOf(segment: number): number {
    try {
      return fs.statSync(this.file(segment)).size;
    } catch {
      return 0;
    }
  }

  private readCursor(): SpoolPosition | null {
    try {
      const c = JSON.parse(fs.readFileSync(path.join(this.dir, 'cursor.json'), 'utf8')) as SpoolPosition;
      return Number.isInteger(c.segment) && Number.isInteger(c.offset) && c.segment >= 1 && c.offset >= 0 ? c : null;
    } catch {
      return null;
    }
  }

  private file(segment: number): string {
    return path.join(this.dir, segmentName(segment));
  }
}
