import { Form, Input, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import { COMPLEX_LEVELS, SECTORS, type Complex, type Sector } from '../../api/models';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormModal } from '../../components/FormModal';
import { useLoad } from '../../components/hooks';
import { Page } from '../../components/Page';
import { RegionName, RegionSelect } from '../../components/regions';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

export function ComplexesPage() {
  const t = useT();
  const [region, setRegion] = useState<string>();
  const [sector, setSector] = useState<Sector>();
  const list = useLoad(() => ok(api.GET('/complexes', { params: { query: { regionCode: region, sector } } })), [region, sector]);
  const sectorOptions = SECTORS.map((s) => ({ value: s, label: t(`sector.${s}` as MessageKey) }));
  return (
    <Page
      title={t('menu.complexes')}
      testId="page-complexes"
      extra={
        <Space wrap>
          <RegionSelect data-testid="filter-region" allowClear placeholder={t('common.region')} value={region} onChange={setRegion} />
          <Select
            data-testid="filter-sector"
            allowClear
            placeholder={t('admin.sector')}
            style={{ width: 200 }}
            value={sector}
            onChange={setSector}
            options={sectorOptions}
          />
          <FormModal<Omit<Complex, 'id' | 'createdAt'>>
            title={t('common.create')}
            buttonLabel={t('common.create')}
            testId="complex-create"
            onSubmit={async (v) => {
              await api.POST('/complexes', { body: v });
              list.reload();
            }}
          >
            {() => (
              <>
                <Form.Item name="name" label={t('common.name')} rules={[{ required: true, whitespace: true }]}>
                  <Input data-testid="complex-name" />
                </Form.Item>
                <Form.Item name="sector" label={t('admin.sector')} rules={[{ required: true }]}>
                  <Select data-testid="complex-sector" options={sectorOptions} />
                </Form.Item>
                <Form.Item name="level" label={t('admin.level')} rules={[{ required: true }]}>
                  <Select data-testid="complex-level" options={COMPLEX_LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))} />
                </Form.Item>
                <Form.Item name="regionCode" label={t('common.region')} rules={[{ required: true }]}>
                  <RegionSelect data-testid="complex-region" />
                </Form.Item>
              </>
            )}
          </FormModal>
        </Space>
      }
    >
      <ErrorAlert error={list.error} />
      <Table<Complex>
        data-testid="complexes-table"
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('admin.sector'), dataIndex: 'sector', render: (s: string) => t(`sector.${s}` as MessageKey) },
          { title: t('admin.level'), dataIndex: 'level', render: (l: (typeof COMPLEX_LEVELS)[number]) => t(`level.${l}`) },
          { title: t('common.region'), dataIndex: 'regionCode', render: (c: string) => <RegionName code={c} /> },
        ]}
      />
    </Page>
  );
}
