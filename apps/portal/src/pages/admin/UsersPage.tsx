import { Alert, Button, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ok, okPage } from '../../api/client';
import { ROLES, USER_STATUSES, type Role, type User, type UserStatus } from '../../api/models';
import { useUser } from '../../auth/auth';
import { FormModal } from '../../components/FormModal';
import { useAction } from '../../components/hooks';
import { NameOf, useEnterprises, useProviders } from '../../components/names';
import { Page } from '../../components/Page';
import { PagedTable } from '../../components/PagedTable';
import { StatusFilter } from '../../components/StatusFilter';
import { RegionName, RegionSelect } from '../../components/regions';
import { useT } from '../../i18n/i18n';
import { AsyncPopconfirm } from '../../components/AsyncPopconfirm';

type NewUser = Pick<User, 'username' | 'role' | 'regionCode' | 'providerId' | 'enterpriseId'> & { password: string };

/**
 * Users. The city admin sees everyone, creates users, disables and enables them and resets their
 * passwords; a county officer sees the enterprise users of its region and may disable and enable them.
 */
export function UsersPage() {
  const t = useT();
  const me = useUser();
  const admin = me.role === 'city_admin';
  const providers = useProviders();
  const enterprises = useEnterprises();
  const act = useAction();
  const [reload, setReload] = useState(0);
  const [filter, setFilter] = useState<{ role?: Role; status?: UserStatus; q?: string }>({});
  const [temporary, setTemporary] = useState<{ username: string; password: string }>();

  const next = (user: User) => (user.status === 'active' ? 'disable' : 'enable');
  const setStatus = async (user: User, action: 'disable' | 'enable') => {
    if (
      await act(() =>
        ok(api.POST(action === 'disable' ? '/users/{id}/disable' : '/users/{id}/enable', { params: { path: { id: user.id } } })),
      )
    )
      setReload((n) => n + 1);
  };
  const reset = async (user: User) => {
    const answer = await act(() => ok(api.POST('/users/{id}/password-reset', { params: { path: { id: user.id } } })), t('users.resetDone'));
    if (answer) setTemporary({ username: user.username, password: answer.temporaryPassword });
  };

  return (
    <Page
      title={t(admin ? 'menu.users' : 'menu.enterpriseUsers')}
      testId="page-users"
      extra={
        admin && (
          <FormModal<NewUser>
            title={t('common.create')}
            buttonLabel={t('common.create')}
            testId="user-create"
            onSubmit={async (v) => {
              await api.POST('/users', {
                body: Object.fromEntries(Object.entries<unknown>(v).filter(([, x]) => x !== undefined && x !== '')) as NewUser,
              });
              setReload((n) => n + 1);
            }}
          >
            {(form) => (
              <>
                <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, pattern: /^[A-Za-z0-9._@-]{3,64}$/ }]}>
                  <Input data-testid="user-username" />
                </Form.Item>
                <Form.Item
                  name="password"
                  label={t('auth.password')}
                  extra={t('password.rules')}
                  rules={[{ required: true, min: 10, message: t('password.tooShort', { min: 10 }) }]}
                >
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
                            <Select
                              data-testid="user-provider"
                              showSearch={{ optionFilterProp: 'label' }}
                              options={[...providers.values()].map((p) => ({ value: p.id, label: p.name }))}
                            />
                          </Form.Item>
                        )}
                        {role === 'enterprise' && (
                          <Form.Item name="enterpriseId" label={t('admin.enterpriseId')} rules={[{ required: true }]}>
                            <Select
                              data-testid="user-enterprise"
                              showSearch={{ optionFilterProp: 'label' }}
                              options={[...enterprises.values()].map((e) => ({ value: e.id, label: e.name }))}
                            />
                          </Form.Item>
                        )}
                      </>
                    );
                  }}
                </Form.Item>
              </>
            )}
          </FormModal>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          data-testid="users-search"
          allowClear
          placeholder={t('users.search')}
          style={{ width: 220 }}
          onSearch={(q) => {
            setFilter((f) => ({ ...f, q: q.trim() || undefined }));
          }}
        />
        {admin && (
          <Select<Role>
            data-testid="filter-role"
            allowClear
            placeholder={t('admin.role')}
            style={{ width: 150 }}
            value={filter.role}
            onChange={(role) => {
              setFilter((f) => ({ ...f, role }));
            }}
            options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
          />
        )}
        <StatusFilter
          statuses={USER_STATUSES}
          words="users.status"
          value={filter.status}
          onChange={(status) => {
            setFilter((f) => ({ ...f, status }));
          }}
        />
      </Space>
      <PagedTable<User>
        testId="users-table"
        rowKey="id"
        reloadKey={reload}
        filterKey={JSON.stringify(filter)}
        fetchPage={(limit, offset) => okPage(api.GET('/users', { params: { query: { ...filter, limit, offset } } }))}
        columns={[
          { title: t('auth.username'), dataIndex: 'username' },
          { title: t('admin.role'), dataIndex: 'role', render: (r: User['role']) => t(`role.${r}`) },
          { title: t('common.region'), dataIndex: 'regionCode', render: (c?: string) => <RegionName code={c} /> },
          { title: t('admin.providerId'), dataIndex: 'providerId', render: (id?: string) => <NameOf map={providers} id={id} /> },
          { title: t('admin.enterpriseId'), dataIndex: 'enterpriseId', render: (id?: string) => <NameOf map={enterprises} id={id} /> },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (status: UserStatus) => (
              <Tag data-testid="user-status" data-status={status} color={status === 'active' ? 'green' : 'default'}>
                {t(`users.status.${status}`)}
              </Tag>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, u: User) =>
              u.id === me.id ? null : (
                <Space size={4}>
                  <AsyncPopconfirm
                    title={t(`users.${next(u)}Q`, { username: u.username })}
                    onConfirm={() => setStatus(u, next(u))}
                    okButtonProps={{ 'data-testid': 'confirm-ok' }}
                  >
                    <Button data-testid={`user-${next(u)}`} size="small" danger={next(u) === 'disable'}>
                      {t(`users.${next(u)}`)}
                    </Button>
                  </AsyncPopconfirm>
                  {admin && (
                    <AsyncPopconfirm
                      title={t('users.resetQ', { username: u.username })}
                      onConfirm={() => reset(u)}
                      okButtonProps={{ 'data-testid': 'confirm-ok' }}
                    >
                      <Button data-testid="user-reset" size="small">
                        {t('users.reset')}
                      </Button>
                    </AsyncPopconfirm>
                  )}
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={temporary !== undefined}
        title={t('users.temporaryTitle', { username: temporary?.username ?? '' })}
        onCancel={() => {
          setTemporary(undefined);
        }}
        footer={
          <Button
            data-testid="temporary-close"
            type="primary"
            onClick={() => {
              setTemporary(undefined);
            }}
          >
            {t('common.ok')}
          </Button>
        }
        destroyOnHidden
      >
        <Alert type="warning" showIcon title={t('users.temporaryOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph
          copyable={{ text: temporary?.password, tooltips: [t('users.copy'), t('users.copied')] }}
          style={{ fontSize: 18 }}
        >
          <Typography.Text code data-testid="temporary-password">
            {temporary?.password}
          </Typography.Text>
        </Typography.Paragraph>
      </Modal>
    </Page>
  );
}
