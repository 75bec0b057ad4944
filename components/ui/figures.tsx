import { formatCompact, formatInteger, formatMicros, formatMicrosExact } from '@/lib/format';

/** An amount of money by lib/format's one rule, the exact amount in its tooltip (and in `data-micros`). */
export function Money({ micros, className, testId }: { micros: number | null | undefined; className?: string; testId?: string }) {
  if (micros === null || micros === undefined) return <span className={className}>—</span>;
  return (
    <span className={className} title={formatMicrosExact(micros)} data-micros={micros} data-testid={testId} data-figure="money">
      {formatMicros(micros)}
    </span>
  );
}

/** A count of tokens abbreviated (`926 M`), the exact count in its tooltip. */
export function Tokens({ count, className, testId }: { count: number; className?: string; testId?: string }) {
  return (
    <span className={className} title={`${formatInteger(count)} tokens`} data-tokens={count} data-testid={testId} data-figure="tokens">
      {formatCompact(count)}
    </span>
  );
}
