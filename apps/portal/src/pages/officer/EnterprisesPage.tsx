import { Button, Form, Input } from 'antd';
import { useState } from 'react';
import { api, okPage } from '../../api/client';
import type { Enterprise } from '../../api/models';
import { useUser } from '../../auth/auth';
import { FormModal } from '../../components/FormModal';
import { Page } from '../../components/Page';
import { PagedTable } from '../../components/PagedTable';
import { forgetCached } from '../../components/reference';
import { RegionName, RegionSelect } from '../../components/regions';
import { DateTime } from '../../components/Time';
import { useT } from '../../i18n/i18n';
import { useOpenParam } from '../../components/openParam';
import { mayTake } from '../../lib/may';
import { EnterpriseDrawer } from '../common/PartyDrawers';

interface NewEnterprise {
  uscc: string;
  name: string;
  regionCode: string;
  controllerKey?: string;
}

/** Enterprises of the region (county officer) or of every region (city admin); register one. */
export function EnterprisesPage() {
  const t = useT();
  const user = useUser();
  const own = user.role === 'county_officer' ? user.regionCode : undefined;
  const [region, setRegion] = useState<string | undefined>(own);
  const [reload, setReload] = useState(0);
  const [openId, setOpenId] = useOpenParam();
  return (
    <Page
      title={t('menu.enterprises')}
      testId="page-enterprises"
      extra={
        <>
          {!own && (
            <RegionSelect data-testid="filter-region" allowClear placeholder={t('common.region')} value={region} onChange={setRegion} />
          )}
          {mayTake(user, 'enterprise.create') && (
            <FormModal<NewEnterprise>
              title={t('common.create')}
              buttonLabel={t('common.create')}
              testId="enterprise-create"
              initialValues={{ regionCode: own }}
              onSubmit={async (v) => {
                await api.POST('/enterprises', {
                  body: { ...v, uscc: v.uscc.trim().toUpperCase(), controllerKey: v.controllerKey?.trim() || undefined },
                });
                forgetCached('enterprises');
                setReload((n) => n + 1);
              }}
            >
              {() => (
                <>
                  <Form.Item name="uscc" label={t('admin.uscc')} rules={[{ required: true, len: 18, message: t('common.required') }]}>
                    <Input data-testid="enterprise-uscc" maxLength={18} style={{ textTransform: 'uppercase' }} />
                  </Form.Item>
                  <Form.Item name="name" label={t('common.name')} rules={[{ required: true, whitespace: true, max: 200 }]}>
                    <Input data-testid="enterprise-name" />
                  </Form.Item>
                  <Form.Item name="regionCode" label={t('common.region')} rules={[{ required: true }]}>
                    <RegionSelect data-testid="enterprise-region" only={own ? [own] : undefined} />
                  </Form.Item>
                  <Form.Item name="controllerKey" label={t('admin.controllerKey')}>
                    <Input data-testid="enterprise-controller" />
                  </Form.Item>
                </>
              )}
            </FormModal>
          )}
        </>
      }
    >
      <PagedTable<Enterprise>
        testId="enterprises-table"
        phoneCards
        rowKey="id"
        filterKey={region ?? ''}
        reloadKey={reload}
        searchPlaceholder={t('search.enterprises')}
        fetchPage={(limit, offset, q) => okPage(api.GET('/enterprises', { params: { query: { regionCode: region, q, limit, offset } } }))}
        columns={[
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('admin.uscc'), dataIndex: 'uscc' },
          { title: t('common.region'), dataIndex: 'regionCode', render: (c: string) => <RegionName code={c} /> },
          { title: t('admin.controllerKey'), dataIndex: 'controllerKey', render: (v: string | null) => v ?? '—' },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => <DateTime iso={v} /> },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, e: Enterprise) => (
              <Button
                data-testid="enterprise-open"
                size="small"
                onClick={() => {
                  setOpenId(e.id);
                }}
              >
                {t('common.details')}
              </Button>
            ),
          },
        ]}
      />
      <EnterpriseDrawer
        id={openId}
        onClose={() => {
          setOpenId(null);
        }}
      />
    </Page>
  );
}
