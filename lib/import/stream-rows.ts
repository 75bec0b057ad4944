/**
 * History files read as a stream (the import job, services/imports/run-import.ts): the text arrives in chunks
 * and rows come out one at a time, so a large file never sits parsed in memory and parsing never holds the
 * event loop for long. CSV goes through csv-parse's stream API; JSONL is split on newlines across chunks.
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { AppError } from '@/lib/errors';
import { CSV_COLUMNS, csvRecordToEvent, type ImportFormat, type ImportRow } from './parse-file';

export const REQUIRED_CSV_COLUMNS = ['event_id', 'timestamp', 'provider', 'model', 'input_tokens', 'output_tokens'] as const;

/** Refuses a CSV header that lacks a required column (checked when the file is uploaded, and again by the job). */
export function assertCsvHeader(header: readonly string[]): void {
  const missing = REQUIRED_CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new AppError(
      'bad_request:api',
      `The CSV header lacks required columns: ${missing.join(', ')}. Columns: ${CSV_COLUMNS.join(', ')}.`,
    );
  }
}

/** The header of a CSV text, from its first line only (cheap enough to do in the upload request). */
export function csvHeaderOf(text: string): string[] {
  const end = text.indexOf('\n');
  const first = (end < 0 ? text : text.slice(0, end)).replace(/^\uFEFF/, '').replace(/\r$/, '');
  return first.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

/** Rows a file holds, counted by its non-empty lines (exact for JSONL; CSV rows with quoted newlines count more). */
export function estimateRows(text: string, format: ImportFormat): number {
  let lines = 0;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end);
    if (line.trim() !== '') lines++;
    if (end < 0) break;
    start = end + 1;
  }
  return format === 'csv' ? Math.max(0, lines - 1) : lines;
}

async function* jsonlRows(chunks: AsyncIterable<string>): AsyncGenerator<ImportRow> {
  let rest = '';
  let line = 0;
  const rowOf = (text: string): ImportRow | null => {
    line++;
    if (text.trim() === '') return null;
    try {
      return { line, ok: true, value: JSON.parse(text) };
    } catch {
      return { line, ok: false, code: 'invalid_json', message: 'This line is not valid JSON.' };
    }
  };
  for await (const chunk of chunks) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    for (const part of parts) {
      const row = rowOf(part);
      if (row) yield row;
    }
  }
  const last = rowOf(rest);
  if (last) yield last;
}

async function* csvRows(chunks: AsyncIterable<string>): AsyncGenerator<ImportRow> {
  const parser = Readable.from(chunks).pipe(
    parse({
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim());
        assertCsvHeader(names);
        return names;
      },
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      bom: true,
      info: true,
    }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      yield { line: info.lines, ok: true, value: csvRecordToEvent(record) };
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('bad_request:api', `The CSV file could not be read: ${(err as Error).message}`);
  }
}

/** The rows of a history file whose text arrives in chunks, each with its line number. */
export function streamImportRows(chunks: AsyncIterable<string>, format: ImportFormat): AsyncGenerator<ImportRow> {
  return format === 'jsonl' ? jsonlRows(chunks) : csvRows(chunks);
}
