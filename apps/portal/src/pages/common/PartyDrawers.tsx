import { Descriptions, Drawer } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { api, ok } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/hooks';
import { RegionName } from '../../components/regions';
import { usePhone } from '../../components/RowCard';
import { StatusHistory } from '../../components/StatusHistory';
import { StatusTag } from '../../components/StatusTag';
import { DateOnly, DateTime } from '../../components/Time';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

function DetailDrawer({
  open,
  testId,
  title,
  error,
  children,
  onClose,
}: {
  open: boolean;
  testId: string;
  title: ReactNode;
  error: unknown;
  children: ReactNode;
  onClose: () => void;
}) {
  const phone = usePhone();
  return (
    <Drawer open={open} data-testid={testId} title={title} size={phone ? '100%' : 640} onClose={onClose}>
      <ErrorAlert error={error} />
      {children}
    </Drawer>
  );
}

/** A provider's detail (`?open=<id>` on the providers screen): every field a clerk needs, its status history, its public page. */
export function ProviderDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const t = useT();
  const detail = useLoad(() => (id ? ok(api.GET('/providers/{id}', { params: { path: { id } } })) : Promise.resolve(undefined)), [id]);
  const p = id ? detail.data : undefined;
  return (
    <DetailDrawer open={id !== null} testId="provider-drawer" title={p?.name ?? t('views.provider')} error={detail.error} onClose={onClose}>
      {p && (
        <Descriptions
          size="small"
          bordered
          column={1}
          items={[
            { key: 'name', label: t('common.name'), children: p.name },
            { key: 'uscc', label: t('admin.uscc'), children: p.uscc },
            { key: 'region', label: t('common.region'), children: <RegionName code={p.regionCode} /> },
            { key: 'status', label: t('common.status'), children: <StatusTag status={p.status} /> },
            ...(p.noticeEndsAt ? [{ key: 'notice', label: t('status.notice'), children: <DateOnly iso={p.noticeEndsAt} /> }] : []),
            {
              key: 'categories',
              label: t('admin.categories'),
              children: p.categories.map((c) => t(`category.${c}` as MessageKey)).join('、'),
            },
            {
              key: 'accreditations',
              label: t('admin.accreditations'),
              children: p.accreditations.map((a) => `${a.type} ${a.number}（${a.validUntil}）`).join('；') || '—',
            },
            {
              key: 'account',
              label: t('settle.account'),
              children: `${p.bankAccount.bankName} · ${p.bankAccount.accountName} · ${p.bankAccount.accountNo}`,
            },
            { key: 'controller', label: t('admin.controllerKey'), children: p.controllerKey ?? '—' },
            { key: 'created', label: t('common.createdAt'), children: <DateTime iso={p.createdAt} /> },
            { key: 'directory', label: t('menu.directory'), children: <Link to={`/directory/${p.id}`}>{p.name}</Link> },
            { key: 'history', label: t('views.history'), children: <StatusHistory entityType="provider" entityId={p.id} /> },
          ]}
        />
      )}
    </DetailDrawer>
  );
}

/** An enterprise's detail (`?open=<id>` on the enterprises screen): its fields and history. */
export function EnterpriseDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const t = useT();
  const detail = useLoad(() => (id ? ok(api.GET('/enterprises/{id}', { params: { path: { id } } })) : Promise.resolve(undefined)), [id]);
  const e = id ? detail.data : undefined;
  return (
    <DetailDrawer
      open={id !== null}
      testId="enterprise-drawer"
      title={e?.name ?? t('views.enterprise')}
      error={detail.error}
      onClose={onClose}
    >
      {e && (
        <Descriptions
          size="small"
          bordered
          column={1}
          items={[
            { key: 'name', label: t('common.name'), children: e.name },
            { key: 'uscc', label: t('admin.uscc'), children: e.uscc },
            { key: 'region', label: t('common.region'), children: <RegionName code={e.regionCode} /> },
            { key: 'controller', label: t('admin.controllerKey'), children: e.controllerKey ?? '—' },
            { key: 'created', label: t('common.createdAt'), children: <DateTime iso={e.createdAt} /> },
            { key: 'history', label: t('views.history'), children: <StatusHistory entityType="enterprise" entityId={e.id} /> },
          ]}
        />
      )}
    </DetailDrawer>
  );
}
