import { DatePicker } from 'antd';
import dayjs from 'dayjs';

/** A month picker that speaks `YYYY-MM` strings. */
export function PeriodInput({
  value,
  onChange,
  testId,
}: {
  value?: string;
  onChange?: (period: string | undefined) => void;
  testId?: string;
}) {
  return (
    <DatePicker
      picker="month"
      data-testid={testId}
      allowClear={false}
      value={value ? dayjs(`${value}-01`) : null}
      onChange={(d) => onChange?.(d ? d.format('YYYY-MM') : undefined)}
      format="YYYY-MM"
    />
  );
}
