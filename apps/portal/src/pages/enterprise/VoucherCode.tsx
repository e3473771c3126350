import { Typography } from 'antd';
import { codeForReading } from '@ivl/rules';

/** A voucher code to read out: groups of 4. */
export function VoucherCode({ code, large }: { code: string; large?: boolean }) {
  return (
    <Typography.Text
      code
      copyable={{ text: code }}
      data-testid="voucher-code"
      style={{ fontSize: large ? 20 : undefined, letterSpacing: 1, whiteSpace: 'nowrap' }}
    >
      {codeForReading(code)}
    </Typography.Text>
  );
}
