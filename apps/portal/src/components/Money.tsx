import { formatFen } from '@ivl/rules';

/** An amount of fen shown in yuan: ¥12,345.67. */
export function Money({ fen, testId }: { fen: number | bigint | null | undefined; testId?: string }) {
  return (
    <span data-testid={testId} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
      {formatFen(fen)}
    </span>
  );
}
