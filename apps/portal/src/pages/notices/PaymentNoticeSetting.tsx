import { Button, InputNumber, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, ok } from '../../api/client';
import { handler, useAction, useLoad } from '../../components/hooks';
import { useT } from '../../i18n/i18n';

/** 兑付公示天数: how long a batch of the region is on public notice after approval before it may be paid. */
export function PaymentNoticeSetting({ regionCode }: { regionCode: string }) {
  const t = useT();
  const act = useAction();
  const regions = useLoad(() => ok(api.GET('/regions')), [regionCode]);
  const current = regions.data?.find((r) => r.code === regionCode)?.paymentNoticeDays;
  const [days, setDays] = useState<number | null>(null);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the field starts from the value loaded
    if (current !== undefined) setDays(current);
  }, [current]);
  const save = async () => {
    if (days === null) return;
    const done = await act(() =>
      ok(api.PATCH('/regions/{code}', { params: { path: { code: regionCode } }, body: { paymentNoticeDays: days } })),
    );
    if (done) regions.reload();
  };
  return (
    <Space wrap align="center" style={{ marginBottom: 12 }}>
      <Typography.Text>{t('notice.paymentDays')}</Typography.Text>
      <InputNumber
        data-testid="payment-notice-days"
        min={0}
        max={365}
        precision={0}
        value={days}
        onChange={(v) => {
          setDays(v);
        }}
      />
      <Button data-testid="payment-notice-save" disabled={days === null || days === current} onClick={handler(save)}>
        {t('common.save')}
      </Button>
      <Typography.Text type="secondary">{t('notice.paymentDaysHint')}</Typography.Text>
    </Space>
  );
}
