import { Button, Card, Empty, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ok } from '../../api/client';
import type { DirectoryService } from '../../api/models';
import { useAuth } from '../../auth/auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/hooks';
import { Page } from '../../components/Page';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { useSignUpRegions } from '../registration/fields';
import { OrderModal } from './OrderModal';
import { PriceRange, ProviderTags, RatingStars } from './parts';

/** A provider's public page: who it is, its rating and its published products; an enterprise orders from here. */
export function ProviderPage() {
  const t = useT();
  const { id = '' } = useParams();
  const { user } = useAuth();
  const navigate = useNavigate();
  const regions = useSignUpRegions();
  const provider = useLoad(() => ok(api.GET('/directory/providers/{id}', { params: { path: { id } } })), [id]);
  const [ordering, setOrdering] = useState<DirectoryService | null>(null);
  const p = provider.data;
  const enterprise = user?.role === 'enterprise';
  return (
    <Page
      title={p?.name ?? ''}
      testId="page-provider"
      extra={
        <Link to="/directory" data-testid="provider-back">
          {t('dir.back')}
        </Link>
      }
    >
      <ErrorAlert error={provider.error} />
      {p && (
        <>
          <Card size="small" style={{ marginBottom: 12 }} data-testid="provider-card" data-id={p.id}>
            <Space orientation="vertical" size={6} style={{ width: '100%' }}>
              <RatingStars rating={p.rating} />
              <Typography.Text type="secondary">
                {regions.find((r) => r.code === p.regionCode)?.name ?? p.regionCode}
                {p.complex && ` · ${t('dir.complex')}：${p.complex.name}（${t(`sector.${p.complex.sector}` as MessageKey)}）`}
              </Typography.Text>
              <ProviderTags provider={p} />
              {p.accreditations.map((a) => (
                <Typography.Text key={a.type + a.number} type="secondary" style={{ fontSize: 12 }}>
                  {a.type} {a.number}，{t('dir.validUntil', { date: a.validUntil })}
                </Typography.Text>
              ))}
            </Space>
          </Card>
          <Typography.Title level={5}>{t('dir.services')}</Typography.Title>
          {!user && (
            <Typography.Paragraph type="secondary">
              <Link to="/login">{t('dir.loginToOrder')}</Link>
            </Typography.Paragraph>
          )}
          <List<DirectoryService>
            data-testid="provider-services"
            grid={{ gutter: 12, xs: 1, sm: 1, md: 2, lg: 2, xl: 3 }}
            dataSource={p.services}
            locale={{ emptyText: <Empty description={t('dir.noServices')} /> }}
            renderItem={(s) => (
              <List.Item>
                <Card
                  size="small"
                  data-testid="service-card"
                  data-id={s.id}
                  title={<span style={{ whiteSpace: 'normal' }}>{s.name}</span>}
                  extra={t(`category.${s.category}` as MessageKey)}
                >
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{s.description}</Typography.Paragraph>
                  <Typography.Paragraph type="secondary" style={{ marginBottom: enterprise ? 8 : 0 }}>
                    {t('dir.price')}：<PriceRange service={s} />
                    {s.turnaroundDays !== null && ` · ${t('dir.turnaround', { days: s.turnaroundDays })}`}
                  </Typography.Paragraph>
                  {enterprise && (
                    <Button
                      type="primary"
                      data-testid="service-order"
                      block
                      onClick={() => {
                        setOrdering(s);
                      }}
                    >
                      {t('dir.order')}
                    </Button>
                  )}
                </Card>
              </List.Item>
            )}
          />
          <OrderModal
            service={ordering}
            providerName={p.name}
            onClose={() => {
              setOrdering(null);
            }}
            onOrdered={(order) => {
              setOrdering(null);
              void navigate(`/orders?open=${order.id}`);
            }}
          />
        </>
      )}
    </Page>
  );
}
