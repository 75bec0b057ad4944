/** "$ per million tokens" as typed by a person ("3.75", "0.075") to integer µ$/MTok, without floats. */
export function parseDollarsPerMTok(text: string): number | null {
  const m = /^\s*\$?\s*(\d{1,6})(?:\.(\d{1,6}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 1_000_000 + Number((m[2] ?? '').padEnd(6, '0'));
}

export function formatDollarsPerMTok(micros: number): string {
  const whole = Math.floor(micros / 1_000_000);
  const frac = String(micros % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return `$${whole}${frac.length > 0 ? `.${frac.length < 2 ? frac.padEnd(2, '0') : frac}` : '.00'}`;
}
