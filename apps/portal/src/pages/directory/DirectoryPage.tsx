import { Card, Checkbox, Col, Empty, Input, List, Pagination, Row, Select, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ok } from '../../api/client';
import { CATEGORIES, SECTORS, type Category, type DirectoryProvider, type Sector } from '../../api/models';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/hooks';
import { Page } from '../../components/Page';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { useSignUpRegions } from '../registration/fields';
import { ProviderTags, RatingStars } from './parts';

const PAGE = 10;

interface Filters {
  q?: string;
  category?: Category;
  regionCode?: string;
  sector?: Sector;
  accredited?: boolean;
}

/** 找服务机构: the public directory (no login), searched by text, category, region, sector and accreditation. */
export function DirectoryPage() {
  const t = useT();
  const regions = useSignUpRegions();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const set = (next: Filters) => {
    setFilters({ ...filters, ...next });
    setPage(1);
  };
  const result = useLoad(
    () =>
      ok(
        api.GET('/directory/providers', {
          params: { query: { ...filters, limit: PAGE, offset: (page - 1) * PAGE } },
        }),
      ),
    [JSON.stringify(filters), page],
  );
  const regionName = (code: string) => regions.find((r) => r.code === code)?.name ?? code;
  const total = result.data?.total ?? 0;
  return (
    <Page title={t('dir.title')} testId="page-directory">
      <Typography.Paragraph type="secondary">{t('dir.intro')}</Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Row gutter={[8, 8]}>
          <Col xs={24} md={8}>
            <Input.Search
              data-testid="dir-q"
              allowClear
              placeholder={t('dir.q')}
              onSearch={(v) => {
                set({ q: v.trim() || undefined });
              }}
            />
          </Col>
          <Col xs={12} md={4}>
            <Select
              data-testid="dir-category"
              allowClear
              placeholder={t('dir.category')}
              style={{ width: '100%' }}
              value={filters.category}
              onChange={(v?: Category) => {
                set({ category: v });
              }}
              options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}` as MessageKey) }))}
            />
          </Col>
          <Col xs={12} md={4}>
            <Select
              data-testid="dir-region"
              allowClear
              placeholder={t('dir.region')}
              style={{ width: '100%' }}
              value={filters.regionCode}
              onChange={(v?: string) => {
                set({ regionCode: v });
              }}
              options={regions.filter((r) => r.parentCode).map((r) => ({ value: r.code, label: r.name }))}
            />
          </Col>
          <Col xs={12} md={4}>
            <Select
              data-testid="dir-sector"
              allowClear
              placeholder={t('dir.sector')}
              style={{ width: '100%' }}
              value={filters.sector}
              onChange={(v?: Sector) => {
                set({ sector: v });
              }}
              options={SECTORS.map((s) => ({ value: s, label: t(`sector.${s}` as MessageKey) }))}
            />
          </Col>
          <Col xs={12} md={4} style={{ display: 'flex', alignItems: 'center' }}>
            <Checkbox
              data-testid="dir-accredited"
              checked={filters.accredited ?? false}
              onChange={(e) => {
                set({ accredited: e.target.checked || undefined });
              }}
            >
              {t('dir.accredited')}
            </Checkbox>
          </Col>
        </Row>
      </Card>
      <ErrorAlert error={result.error} />
      <Typography.Paragraph data-testid="dir-total" data-total={total}>
        {t('dir.total', { total })}
      </Typography.Paragraph>
      <List<DirectoryProvider>
        data-testid="dir-list"
        loading={result.loading}
        grid={{ gutter: 12, xs: 1, sm: 1, md: 2, lg: 2, xl: 3 }}
        dataSource={result.data?.items ?? []}
        locale={{ emptyText: <Empty /> }}
        renderItem={(p) => (
          <List.Item>
            <Card
              size="small"
              data-testid="dir-provider"
              data-id={p.id}
              title={
                <Link to={`/directory/${p.id}`} data-testid="dir-provider-open" style={{ whiteSpace: 'normal' }}>
                  {p.name}
                </Link>
              }
            >
              <div style={{ marginBottom: 6 }}>
                <RatingStars rating={p.rating} />
              </div>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 6 }}>
                {regionName(p.regionCode)}
                {p.complex && ` · ${p.complex.name}`}
              </Typography.Paragraph>
              <ProviderTags provider={p} />
              {p.services.length > 0 && (
                <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '8px 0 0' }}>
                  {t('dir.services')}：{p.services.map((s) => s.name).join('、')}
                </Typography.Paragraph>
              )}
            </Card>
          </List.Item>
        )}
      />
      {total > PAGE && (
        <div style={{ display: 'flex', justifyContent: 'center', marginTop: 12 }}>
          <Pagination data-testid="dir-pages" simple current={page} pageSize={PAGE} total={total} onChange={setPage} />
        </div>
      )}
    </Page>
  );
}
