/** "$ per million tokens" as typed by a person ("3.75", "0.075") to integer µ$/MTok, without floats. */
export function parseDollarsPerMTok(text: string): number | null {
  const m = /^\s*\$?\s*(\d{1,6})(?:\.(\d{1,6}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 1_000_000 + Number((m[2] ?? '').padEnd(6, '0'));
}
