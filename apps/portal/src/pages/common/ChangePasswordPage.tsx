import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { useAuth, useUser } from '../../auth/auth';
import { AuthCard } from '../../components/AuthCard';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { useI18n } from '../../i18n/i18n';
import { handler } from '../../components/hooks';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** The rules the server applies (docs/domain.md "Accounts"); repeated here only to say them before the round trip. */
const MIN_LENGTH = 10;

/**
 * Change one's own password. The server ends every session of the user with it, this one
 * included, so success leads back to the login screen. `forced`: after a reset, the only screen
 * the user can reach until the temporary password is changed.
 */
export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const { t } = useI18n();
  const user = useUser();
  const { logout, passwordChanged } = useAuth();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();

  const body = (
    <>
      {forced && <Alert data-testid="password-forced" type="warning" showIcon title={t('password.forced')} style={{ marginBottom: 16 }} />}
      <ErrorAlert error={error} testId="password-error" />
      <Form<Values>
        form={form}
        layout="vertical"
        style={{ maxWidth: 420 }}
        onFinish={handler(async (v) => {
          setBusy(true);
          setError(undefined);
          try {
            await api.POST('/auth/password', { body: { currentPassword: v.currentPassword, newPassword: v.newPassword } });
            passwordChanged();
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        })}
      >
        <Form.Item
          name="currentPassword"
          label={t(forced ? 'password.temporary' : 'password.current')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.Password data-testid="password-current" autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={t('password.rules')}
          rules={[
            { required: true, message: t('common.required') },
            { min: MIN_LENGTH, message: t('password.tooShort', { min: MIN_LENGTH }) },
            {
              validator: (_, value: string | undefined) =>
                value?.toLowerCase() === user.username.toLowerCase()
                  ? Promise.reject(new Error(t('password.notUsername')))
                  : Promise.resolve(),
            },
          ]}
        >
          <Input.Password data-testid="password-new" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.required') },
            {
              validator: (_, value: string | undefined) =>
                value && value !== form.getFieldValue('newPassword')
                  ? Promise.reject(new Error(t('password.mismatch')))
                  : Promise.resolve(),
            },
          ]}
        >
          <Input.Password data-testid="password-confirm" autoComplete="new-password" />
        </Form.Item>
        <Space>
          <Button data-testid="password-submit" type="primary" htmlType="submit" loading={busy}>
            {t('password.submit')}
          </Button>
          {forced && (
            <Button data-testid="logout" onClick={logout}>
              {t('auth.logout')}
            </Button>
          )}
        </Space>
      </Form>
    </>
  );

  if (!forced)
    return (
      <Page title={t('password.title')} testId="page-password">
        <Card size="small">{body}</Card>
      </Page>
    );
  return (
    <AuthCard title={t('password.title')} testId="page-password" width={460}>
      <Typography.Paragraph type="secondary">{user.username}</Typography.Paragraph>
      {body}
    </AuthCard>
  );
}
