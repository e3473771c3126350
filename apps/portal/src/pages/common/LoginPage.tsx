import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/auth';
import { AuthCard } from '../../components/AuthCard';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n/i18n';
import { handler } from '../../components/hooks';

export function LoginPage() {
  const { t } = useI18n();
  const { login, ended } = useAuth();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <AuthCard title={t('app.title')} testId="login-page">
      <Typography.Paragraph type="secondary">{t('auth.welcome')}</Typography.Paragraph>
      {ended === 'expired' && !error && <Alert type="warning" showIcon title={t('auth.sessionEnded')} style={{ marginBottom: 16 }} />}
      {ended === 'applicantEnded' && !error && (
        <Alert
          data-testid="login-applicant-ended"
          type="info"
          showIcon
          title={t('reg.sessionEnded')}
          description={t('reg.sessionEndedHelp')}
          style={{ marginBottom: 16 }}
        />
      )}
      {ended === 'passwordChanged' && !error && (
        <Alert
          data-testid="login-password-changed"
          type="success"
          showIcon
          title={t('password.changedLogInAgain')}
          style={{ marginBottom: 16 }}
        />
      )}
      <ErrorAlert error={error} testId="login-error" />
      <Form
        layout="vertical"
        onFinish={handler(async (v: { username: string; password: string }) => {
          setBusy(true);
          setError(undefined);
          try {
            await login(v.username.trim(), v.password);
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        })}
      >
        <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, message: t('common.required') }]}>
          <Input data-testid="login-username" autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('common.required') }]}>
          <Input.Password data-testid="login-password" autoComplete="current-password" />
        </Form.Item>
        <Button data-testid="login-submit" type="primary" htmlType="submit" block loading={busy}>
          {t('auth.login')}
        </Button>
      </Form>
      <div style={{ marginTop: 16, textAlign: 'center' }}>
        <Typography.Text type="secondary">{t('reg.noAccount')}</Typography.Text>{' '}
        <Link to="/signup" data-testid="login-signup">
          {t('reg.signUpLink')}
        </Link>
      </div>
      <div style={{ marginTop: 8, textAlign: 'center' }}>
        <Link to="/directory" data-testid="login-directory">
          {t('dir.loginLink')}
        </Link>
        {' · '}
        <Link to="/notices" data-testid="login-notices">
          {t('notice.loginLink')}
        </Link>
      </div>
      <div style={{ marginTop: 8, textAlign: 'center' }}>
        <Link to="/anchors" data-testid="login-anchors">
          {t('anchors.loginLink')}
        </Link>
      </div>
    </AuthCard>
  );
}
