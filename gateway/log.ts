/**
 * JSON log lines on stdout. Callers pass only names, counts and codes — never headers or bodies; as a second
 * guard every configured secret (provider keys, the Switchyard key) is replaced in the written line.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(options: { level: LogLevel; secrets: readonly string[]; write?: (line: string) => void }): Logger {
  const min = RANK[options.level];
  const secrets = options.secrets.filter((s) => s.length >= 8);
  const write = options.write ?? ((line: string) => process.stdout.write(line));
  const log = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (RANK[level] < min) return;
    let line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields });
    for (const s of secrets) if (line.includes(s)) line = line.split(s).join('[redacted]');
    write(`${line}\n`);
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
  };
}

/** Replaces every secret in `text` (provider error bodies that echo a key). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 8 && out.includes(s)) out = out.split(s).join('[redacted]');
  return out;
}
