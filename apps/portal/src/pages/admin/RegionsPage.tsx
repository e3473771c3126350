import { Form, Input, Select, Table } from 'antd';
import { api } from '../../api/client';
import type { Region } from '../../api/models';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormModal } from '../../components/FormModal';
import { useLoad } from '../../components/hooks';
import { Page } from '../../components/Page';
import { loadRegions } from '../../components/reference';
import { RegionName, RegionSelect } from '../../components/regions';
import { useT } from '../../i18n/i18n';

export function RegionsPage() {
  const t = useT();
  const list = useLoad(() => loadRegions(true), []);
  return (
    <Page
      title={t('menu.regions')}
      testId="page-regions"
      extra={
        <FormModal<Region>
          title={t('common.create')}
          buttonLabel={t('common.create')}
          testId="region-create"
          initialValues={{ level: 'county', parentCode: '330700' }}
          onSubmit={async (v) => {
            await api.POST('/regions', { body: { ...v, parentCode: v.parentCode || undefined } });
            list.reload();
          }}
        >
          {() => (
            <>
              <Form.Item name="code" label={t('admin.code')} rules={[{ required: true, pattern: /^\d{6}$/ }]}>
                <Input data-testid="region-code" maxLength={6} />
              </Form.Item>
              <Form.Item name="name" label={t('common.name')} rules={[{ required: true, whitespace: true }]}>
                <Input data-testid="region-name" />
              </Form.Item>
              <Form.Item name="level" label={t('admin.level')} rules={[{ required: true }]}>
                <Select
                  data-testid="region-level"
                  options={[
                    { value: 'city', label: t('regionLevel.city') },
                    { value: 'county', label: t('regionLevel.county') },
                  ]}
                />
              </Form.Item>
              <Form.Item name="parentCode" label={t('admin.parent')}>
                <RegionSelect data-testid="region-parent" allowClear />
              </Form.Item>
            </>
          )}
        </FormModal>
      }
    >
      <ErrorAlert error={list.error} />
      <Table<Region>
        data-testid="regions-table"
        rowKey="code"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('admin.code'), dataIndex: 'code' },
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('admin.level'), dataIndex: 'level', render: (l: Region['level']) => t(`regionLevel.${l}`) },
          { title: t('admin.parent'), dataIndex: 'parentCode', render: (v: string | null) => <RegionName code={v} /> },
        ]}
      />
    </Page>
  );
}
