/**
 * History files for backfill: JSONL (one usage event per line, the API's JSON) or CSV with a header row
 * naming the columns below (flat names for the nested fields; `tags` as JSON or `key=value;key=value`).
 * Each row keeps its line number for the error report.
 */
import { parse } from 'csv-parse/sync';
import { AppError } from '@/lib/errors';

export const IMPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export const CSV_COLUMNS = [
  'event_id',
  'timestamp',
  'mode',
  'task',
  'user',
  'session',
  'turn',
  'provider',
  'model',
  'requested_model',
  'routing_rule_id',
  'routing_version',
  'routing_tier',
  'input_tokens',
  'cache_read_tokens',
  'cache_write_5m_tokens',
  'cache_write_1h_tokens',
  'output_tokens',
  'reasoning_tokens',
  'latency_ms',
  'ttft_ms',
  'status',
  'reported_cost_micros',
  'outcome_success',
  'outcome_score',
  'outcome_feedback',
  'tags',
] as const;

export type ImportRow = { line: number } & (
  | { ok: true; value: unknown }
  | { ok: false; code: 'invalid_json' | 'invalid_event'; message: string }
);

/** A number when the text is one; otherwise the text itself, so validation names the bad field. */
function numberOr(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}
function textOr(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text;
}
function boolOr(text: string | undefined): unknown {
  const t = text?.trim().toLowerCase();
  if (!t) return undefined;
  return t === 'true' ? true : t === 'false' ? false : text;
}
function tagsOf(text: string | undefined): unknown {
  const t = text?.trim();
  if (!t) return undefined;
  if (t.startsWith('{')) {
    try {
      return JSON.parse(t);
    } catch {
      return t;
    }
  }
  return Object.fromEntries(
    t
      .split(';')
      .filter(Boolean)
      .map((pair) => [pair.split('=')[0]!.trim(), pair.slice(pair.indexOf('=') + 1).trim()]),
  );
}

export function csvRecordToEvent(r: Record<string, string | undefined>): unknown {
  const routing = r.routing_rule_id || r.routing_version || r.routing_tier;
  const outcome = r.outcome_success || r.outcome_score || r.outcome_feedback;
  return {
    event_id: textOr(r.event_id),
    timestamp: textOr(r.timestamp),
    mode: textOr(r.mode),
    task: textOr(r.task),
    user: textOr(r.user),
    session: textOr(r.session),
    turn: numberOr(r.turn),
    provider: textOr(r.provider),
    model: textOr(r.model),
    requested_model: textOr(r.requested_model),
    routing: routing
      ? { rule_id: textOr(r.routing_rule_id), version: numberOr(r.routing_version), tier: textOr(r.routing_tier) }
      : undefined,
    usage: {
      input_tokens: numberOr(r.input_tokens),
      cache_read_tokens: numberOr(r.cache_read_tokens),
      cache_write_5m_tokens: numberOr(r.cache_write_5m_tokens),
      cache_write_1h_tokens: numberOr(r.cache_write_1h_tokens),
      output_tokens: numberOr(r.output_tokens),
      reasoning_tokens: numberOr(r.reasoning_tokens),
    },
    latency_ms: numberOr(r.latency_ms),
    ttft_ms: numberOr(r.ttft_ms),
    status: textOr(r.status),
    reported_cost_micros: numberOr(r.reported_cost_micros),
    outcome: outcome
      ? { success: boolOr(r.outcome_success), score: numberOr(r.outcome_score), feedback: textOr(r.outcome_feedback) }
      : undefined,
    tags: tagsOf(r.tags),
  };
}

export function parseImportFile(text: string, format: ImportFormat): ImportRow[] {
  if (format === 'jsonl') {
    const rows: ImportRow[] = [];
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        rows.push({ line: i + 1, ok: true, value: JSON.parse(line) });
      } catch {
        rows.push({ line: i + 1, ok: false, code: 'invalid_json', message: 'This line is not valid JSON.' });
      }
    });
    return rows;
  }
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, relax_column_count: true, bom: true, info: false });
  } catch (err) {
    throw new AppError('bad_request:api', `The CSV file could not be read: ${(err as Error).message}`);
  }
  const header = Object.keys(records[0] ?? {});
  const missing = ['event_id', 'timestamp', 'provider', 'model', 'input_tokens', 'output_tokens'].filter((c) => !header.includes(c));
  if (records.length > 0 && missing.length > 0) {
    throw new AppError(
      'bad_request:api',
      `The CSV header lacks required columns: ${missing.join(', ')}. Columns: ${CSV_COLUMNS.join(', ')}.`,
    );
  }
  // Data starts on line 2 (line 1 is the header); csv-parse skips empty lines, which this numbering ignores.
  return records.map((r, i) => ({ line: i + 2, ok: true, value: csvRecordToEvent(r) }));
}
