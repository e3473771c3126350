import { Alert, Button, Form, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { Registration } from '../../api/models';
import { useAuth } from '../../auth/auth';
import { DocumentList, DocumentUpload, idsOf, type DocumentView } from '../../components/documents';
import { ErrorAlert } from '../../components/ErrorAlert';
import { handler, useAction, useLoad } from '../../components/hooks';
import { Page, Section } from '../../components/Page';
import { useT } from '../../i18n/i18n';
import { fieldsOf, RegistrationDetails, RegistrationFieldItems, RegistrationStatusTag, valuesOf, type FieldValues } from './fields';

/** The applicant's latest registration, with its documents (GET /registrations answers only the caller's own). */
async function loadMine(): Promise<Registration | null> {
  const { items } = await ok(api.GET('/registrations', { params: { query: { limit: 20 } } }));
  if (items.length === 0) return null;
  const latest = [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  return ok(api.GET('/registrations/{id}', { params: { path: { id: latest.id } } }));
}

/**
 * The applicant's own registration: its state in words, the reason of a rejection, the licence and
 * certificates to upload, the correction and resubmission after a rejection; after approval, log in again.
 */
export function MyRegistrationPage() {
  const t = useT();
  const act = useAction();
  const { logout } = useAuth();
  const [reload, setReload] = useState(0);
  const mine = useLoad(loadMine, [reload]);
  const r = mine.data;
  const [docs, setDocs] = useState<DocumentView[]>([]);
  const [attaching, setAttaching] = useState(false);
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<FieldValues>();
  const [resubmitError, setResubmitError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const attach = async () => {
    if (!r || docs.length === 0) return;
    setAttaching(true);
    try {
      const done = await act(
        () => ok(api.POST('/registrations/{id}/documents', { params: { path: { id: r.id } }, body: { documentIds: idsOf(docs) } })),
        t('reg.documentsAttached'),
      );
      if (done) {
        setDocs([]);
        setReload((n) => n + 1);
      }
    } finally {
      setAttaching(false);
    }
  };

  const resubmit = async (v: FieldValues) => {
    if (!r) return;
    setBusy(true);
    setResubmitError(undefined);
    try {
      await ok(api.POST('/registrations/{id}/resubmit', { params: { path: { id: r.id } }, body: fieldsOf(r.kind, v) }));
      setEditing(false);
      setReload((n) => n + 1);
    } catch (e) {
      setResubmitError(e);
    } finally {
      setBusy(false);
    }
  };

  const documents = r?.documents ?? [];
  const open = r && r.status !== 'approved';
  return (
    <Page title={t('reg.mine')} testId="page-registration" extra={r && <RegistrationStatusTag status={r.status} />}>
      <ErrorAlert error={mine.error} />
      {mine.loading && !r && <Spin />}
      {!mine.loading && !mine.error && !r && <Alert type="info" showIcon title={t('reg.noneYet')} />}
      {r && (
        <div data-testid="registration" data-status={r.status} data-id={r.id}>
          {r.status === 'submitted' && (
            <Alert
              data-testid="registration-state"
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('reg.state.submitted')}
              description={t(r.kind === 'provider' ? 'reg.state.submittedProvider' : 'reg.state.submittedEnterprise')}
            />
          )}
          {r.status === 'rejected' && (
            <Alert
              data-testid="registration-state"
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('reg.state.rejected')}
              description={
                <>
                  <div data-testid="registration-reject-reason">
                    {t('reg.rejectReason')}：{r.rejectionReason ?? '—'}
                  </div>
                  <div>{t('reg.state.rejectedHelp')}</div>
                </>
              }
            />
          )}
          {r.status === 'approved' && (
            <Alert
              data-testid="registration-state"
              type="success"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('reg.state.approved')}
              description={
                <Space orientation="vertical">
                  <span>{t(r.kind === 'provider' ? 'reg.state.approvedProvider' : 'reg.state.approvedEnterprise')}</span>
                  {r.comment && (
                    <span>
                      {t('review.comment')}：{r.comment}
                    </span>
                  )}
                  <Button data-testid="registration-relogin" type="primary" onClick={logout}>
                    {t('reg.logInAgain')}
                  </Button>
                </Space>
              }
            />
          )}

          <Section title={t('reg.documents')}>
            <Typography.Paragraph type="secondary">
              {t(r.kind === 'provider' ? 'reg.documentsWhatProvider' : 'reg.documentsWhatEnterprise')}
            </Typography.Paragraph>
            <DocumentList documents={documents} testId="registration-documents" />
            {open && (
              <div style={{ marginTop: 12 }}>
                <DocumentUpload testId="registration-upload" value={docs} onChange={setDocs} />
                <Button
                  data-testid="registration-attach"
                  type="primary"
                  style={{ marginTop: 8 }}
                  disabled={docs.length === 0}
                  loading={attaching}
                  onClick={handler(attach)}
                >
                  {t('reg.attach', { n: docs.length })}
                </Button>
              </div>
            )}
          </Section>

          {r.status === 'rejected' && editing ? (
            <Section title={t('reg.correct')}>
              <ErrorAlert error={resubmitError} testId="resubmit-error" />
              <Form<FieldValues>
                form={form}
                layout="vertical"
                style={{ maxWidth: 640 }}
                initialValues={valuesOf(r)}
                disabled={busy}
                onFinish={handler(resubmit)}
                scrollToFirstError
              >
                <RegistrationFieldItems kind={r.kind} />
                <Space wrap>
                  <Button data-testid="registration-resubmit" type="primary" htmlType="submit" loading={busy}>
                    {t('reg.resubmit')}
                  </Button>
                  <Button
                    onClick={() => {
                      setEditing(false);
                    }}
                  >
                    {t('common.cancel')}
                  </Button>
                </Space>
              </Form>
            </Section>
          ) : (
            <Section
              title={t('reg.particulars')}
              extra={
                r.status === 'rejected' && (
                  <Button
                    data-testid="registration-edit"
                    type="primary"
                    size="small"
                    onClick={() => {
                      setEditing(true);
                    }}
                  >
                    {t('reg.correctAndResubmit')}
                  </Button>
                )
              }
            >
              <RegistrationDetails registration={r} />
            </Section>
          )}
        </div>
      )}
    </Page>
  );
}
