import { Input, Space } from 'antd';
import { useState } from 'react';
import { REDEMPTION_STATUSES, type Redemption } from '../../api/models';
import { Page } from '../../components/Page';
import { useT } from '../../i18n/i18n';
import { RedemptionsTable } from './RedemptionsTable';
import { StatusFilter } from '../../components/StatusFilter';

/** All redemptions visible to the caller, filtered by status and voucher code (enterprise history with 评价, provider's "my redemptions"). */
export function HistoryPage({ title, cancel, rate }: { title: 'menu.history' | 'menu.redemptions'; cancel?: boolean; rate?: boolean }) {
  const t = useT();
  const [status, setStatus] = useState<Redemption['status']>();
  const [code, setCode] = useState<string>();
  const [reload, setReload] = useState(0);
  return (
    <Page
      title={t(title)}
      testId="page-history"
      extra={
        <Space wrap>
          <Input.Search
            data-testid="filter-voucher-code"
            allowClear
            placeholder={t('voucher.code')}
            onSearch={(v) => {
              setCode(v.trim() || undefined);
            }}
            style={{ width: 240 }}
          />
          <StatusFilter statuses={REDEMPTION_STATUSES} value={status} onChange={setStatus} />
        </Space>
      }
    >
      <RedemptionsTable
        status={status}
        voucherCode={code}
        actions={cancel || rate ? { cancel, rate } : undefined}
        reloadKey={reload}
        onChanged={() => {
          setReload((n) => n + 1);
        }}
      />
    </Page>
  );
}
