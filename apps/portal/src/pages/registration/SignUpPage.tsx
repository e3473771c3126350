import { Alert, Button, Form, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ok } from '../../api/client';
import type { RegistrationKind } from '../../api/models';
import { useAuth } from '../../auth/auth';
import { AuthCard } from '../../components/AuthCard';
import { ErrorAlert } from '../../components/ErrorAlert';
import { handler } from '../../components/hooks';
import { useT } from '../../i18n/i18n';
import { fieldsOf, RegistrationFieldItems, type FieldValues } from './fields';

interface Values extends FieldValues {
  kind: RegistrationKind;
  username: string;
  password: string;
  passwordConfirm: string;
}

/** 企业入驻 / 服务机构入库申请: an account and the company's particulars; then logged in to complete the application. */
export function SignUpPage() {
  const t = useT();
  const { login } = useAuth();
  const [form] = Form.useForm<Values>();
  const [kind, setKind] = useState<RegistrationKind>('enterprise');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // After sign-up the login itself may fail (e.g. rate limit): the application exists, so say so.
  const [signedUp, setSignedUp] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      const username = v.username.trim();
      if (!signedUp) {
        await ok(api.POST('/registrations', { body: { kind: v.kind, username, password: v.password, ...fieldsOf(v.kind, v) } }));
        setSignedUp(true);
      }
      // Logged in as the applicant, whose only screen (its home) is its registration.
      await login(username, v.password);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title={t('reg.signUpTitle')} testId="page-signup" width={640}>
      <Typography.Paragraph type="secondary">{t('reg.signUpIntro')}</Typography.Paragraph>
      {signedUp && <Alert type="success" showIcon title={t('reg.signedUpLogIn')} style={{ marginBottom: 16 }} />}
      <ErrorAlert error={error} testId="signup-error" />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'enterprise', provider: { accreditations: [] } }}
        disabled={busy}
        onFinish={handler(submit)}
        onValuesChange={(changed: Partial<Values>) => {
          if (changed.kind) setKind(changed.kind);
        }}
        scrollToFirstError
      >
        <Form.Item name="kind" label={t('reg.kind')}>
          <Radio.Group
            data-testid="signup-kind"
            optionType="button"
            buttonStyle="solid"
            disabled={signedUp}
            options={[
              { value: 'enterprise', label: t('reg.kind.enterprise') },
              { value: 'provider', label: t('reg.kind.provider') },
            ]}
          />
        </Form.Item>
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {t(kind === 'provider' ? 'reg.providerIntro' : 'reg.enterpriseIntro')}
        </Typography.Paragraph>
        <Typography.Title level={5}>{t('reg.account')}</Typography.Title>
        <Form.Item
          name="username"
          label={t('auth.username')}
          extra={t('reg.usernameHint')}
          rules={[
            { required: true, whitespace: true, message: t('common.required') },
            { pattern: /^[A-Za-z0-9_.@-]{3,64}$/, message: t('reg.usernameInvalid') },
          ]}
        >
          <Input data-testid="signup-username" autoComplete="username" disabled={signedUp} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          extra={t('password.rules')}
          dependencies={['username']}
          rules={[
            { required: true, message: t('common.required') },
            { min: 10, message: t('password.tooShort', { min: 10 }) },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                value && value === String(getFieldValue('username') ?? '').trim()
                  ? Promise.reject(new Error(t('password.notUsername')))
                  : Promise.resolve(),
            }),
          ]}
        >
          <Input.Password data-testid="signup-password" autoComplete="new-password" disabled={signedUp} />
        </Form.Item>
        <Form.Item
          name="passwordConfirm"
          label={t('reg.passwordConfirm')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('common.required') },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                !value || value === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password data-testid="signup-password-confirm" autoComplete="new-password" disabled={signedUp} />
        </Form.Item>
        <Typography.Title level={5}>{t(kind === 'provider' ? 'reg.providerPart' : 'reg.enterprisePart')}</Typography.Title>
        <RegistrationFieldItems kind={kind} />
        <Alert type="info" showIcon title={t('reg.documentsLater')} style={{ marginBottom: 16 }} />
        <Button data-testid="signup-submit" type="primary" htmlType="submit" block loading={busy}>
          {t(signedUp ? 'auth.login' : 'reg.signUpSubmit')}
        </Button>
      </Form>
      <div style={{ marginTop: 16, textAlign: 'center' }}>
        <Link to="/login" data-testid="signup-login">
          {t('reg.haveAccount')}
        </Link>
      </div>
    </AuthCard>
  );
}
