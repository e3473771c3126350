import { Form, Input, Select } from 'antd';
import { useState } from 'react';
import { get, post, withQuery } from '../../api/client';
import { ROLES, type User } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { NameOf, useEnterprises, useProviders } from '../../components/names';
import { Page } from '../../components/Page';
import { PagedTable } from '../../components/PagedTable';
import { RegionName, RegionSelect } from '../../components/regions';
import { useT } from '../../i18n/i18n';

type NewUser = Omit<User, 'id'> & { password: string };

export function UsersPage() {
  const t = useT();
  const providers = useProviders();
  const enterprises = useEnterprises();
  const [reload, setReload] = useState(0);
  return (
    <Page
      title={t('menu.users')}
      testId="page-users"
      extra={
        <FormModal<NewUser>
          title={t('common.create')}
          buttonLabel={t('common.create')}
          testId="user-create"
          onSubmit={async (v) => {
            await post('/users', Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')));
            setReload((n) => n + 1);
          }}
        >
          {(form) => (
            <>
              <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, pattern: /^[A-Za-z0-9._@-]{3,64}$/ }]}>
                <Input data-testid="user-username" />
              </Form.Item>
              <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, min: 8 }]}>
                <Input.Password data-testid="user-password" />
              </Form.Item>
              <Form.Item name="role" label={t('admin.role')} rules={[{ required: true }]}>
                <Select data-testid="user-role" options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate>
                {() => {
                  const role = form.getFieldValue('role') as string | undefined;
                  return (
                    <>
                      {(role === 'county_officer' || role === 'finance') && (
                        <Form.Item name="regionCode" label={t('common.region')} rules={[{ required: true }]}>
                          <RegionSelect data-testid="user-region" />
                        </Form.Item>
                      )}
                      {role === 'provider' && (
                        <Form.Item name="providerId" label={t('admin.providerId')} rules={[{ required: true }]}>
                          <Select data-testid="user-provider" showSearch optionFilterProp="label" options={[...providers.values()].map((p) => ({ value: p.id, label: p.name }))} />
                        </Form.Item>
                      )}
                      {role === 'enterprise' && (
                        <Form.Item name="enterpriseId" label={t('admin.enterpriseId')} rules={[{ required: true }]}>
                          <Select data-testid="user-enterprise" showSearch optionFilterProp="label" options={[...enterprises.values()].map((e) => ({ value: e.id, label: e.name }))} />
                        </Form.Item>
                      )}
                    </>
                  );
                }}
              </Form.Item>
            </>
          )}
        </FormModal>
      }
    >
      <PagedTable<User>
        testId="users-table"
        rowKey="id"
        reloadKey={reload}
        fetchPage={(limit, offset) => get<User[]>(withQuery('/users', { limit, offset }))}
        columns={[
          { title: t('auth.username'), dataIndex: 'username' },
          { title: t('admin.role'), dataIndex: 'role', render: (r: User['role']) => t(`role.${r}`) },
          { title: t('common.region'), dataIndex: 'regionCode', render: (c?: string) => <RegionName code={c} /> },
          { title: t('admin.providerId'), dataIndex: 'providerId', render: (id?: string) => <NameOf map={providers} id={id} /> },
          { title: t('admin.enterpriseId'), dataIndex: 'enterpriseId', render: (id?: string) => <NameOf map={enterprises} id={id} /> },
        ]}
      />
    </Page>
  );
}
