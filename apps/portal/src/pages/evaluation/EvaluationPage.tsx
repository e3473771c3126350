import { Button, Col, Empty, InputNumber, Row, Space, Statistic, Table } from 'antd';
import type { EChartsOption } from 'echarts';
import { useMemo, useState } from 'react';
import { api, download, ok } from '../../api/client';
import type { Schemas } from '../../api/client';
import { useUser } from '../../auth/auth';
import { EChart } from '../../components/EChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction, useLoad } from '../../components/hooks';
import { Money } from '../../components/Money';
import { Page, Section } from '../../components/Page';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { formatFen } from '@ivl/rules';
import { currentPeriod } from '../../lib/time';

type Ranked = Schemas['RankedComplexResponse'];
type Line = Schemas['ProviderLineResponse'];

const chartFen = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? formatFen(v) : String(v));

/**
 * 考核评价: the city ranking of complexes for a year and one complex's evaluation (totals, by month,
 * by category, by provider). A provider sees its own complex only: the totals and its own line.
 */
export function EvaluationPage() {
  const t = useT();
  const user = useUser();
  const [year, setYear] = useState(Number(currentPeriod().slice(0, 4)));
  const [picked, setPicked] = useState<string | undefined>();
  const isProvider = user.role === 'provider';
  const own = useLoad(
    () =>
      isProvider && user.providerId
        ? ok(api.GET('/providers/{id}', { params: { path: { id: user.providerId } } })).then((p) => p.complexId ?? null)
        : Promise.resolve(undefined),
    [isProvider, user.providerId],
  );
  const ranking = useLoad(
    () => (isProvider ? Promise.resolve(undefined) : ok(api.GET('/evaluation/{year}', { params: { path: { year } } }))),
    [isProvider, year],
  );
  const act = useAction();
  const complexId = isProvider ? (own.data ?? undefined) : picked;

  return (
    <Page
      title={t('eval.title')}
      testId="page-evaluation"
      extra={
        <Space wrap>
          <span>{t('eval.year')}</span>
          <InputNumber
            data-testid="eval-year"
            min={2000}
            max={2100}
            value={year}
            onChange={(v) => {
              if (v) setYear(v);
            }}
          />
          {!isProvider && (
            <Button
              data-testid="eval-ranking-xlsx"
              onClick={() =>
                void act(() =>
                  download(
                    api.GET('/evaluation/{year}.xlsx', { params: { path: { year } }, headers: { accept: '*/*' }, parseAs: 'blob' }),
                    `evaluation-ranking-${year}.xlsx`,
                  ),
                )
              }
            >
              {t('eval.rankingXlsx')}
            </Button>
          )}
          {!isProvider && (
            <Button
              data-testid="eval-ranking-pdf"
              onClick={() =>
                void act(() =>
                  download(
                    api.GET('/evaluation/{year}.pdf', { params: { path: { year } }, headers: { accept: '*/*' }, parseAs: 'blob' }),
                    `evaluation-ranking-${year}.pdf`,
                  ),
                )
              }
            >
              {t('eval.rankingPdf')}
            </Button>
          )}
        </Space>
      }
    >
      <ErrorAlert error={ranking.error ?? own.error} />
      {!isProvider && ranking.data && (
        <Section title={t('eval.ranking')}>
          <p data-testid="eval-order" style={{ marginTop: 0, color: 'rgba(0,0,0,0.55)' }}>
            {t('eval.order')}
          </p>
          <Table<Ranked>
            data-testid="eval-ranking"
            rowKey={(r) => r.complex.id}
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={ranking.data.complexes}
            onRow={(r) => ({
              onClick: () => {
                setPicked(r.complex.id);
              },
              style: { cursor: 'pointer' },
            })}
            rowClassName={(r) => (r.complex.id === picked ? 'ant-table-row-selected' : '')}
            columns={[
              { title: t('eval.rank'), dataIndex: 'rank', width: 64 },
              {
                title: t('eval.complex'),
                render: (_: unknown, r) => (
                  <a
                    data-testid={`eval-open-${r.rank}`}
                    onClick={() => {
                      setPicked(r.complex.id);
                    }}
                  >
                    {r.complex.name}
                  </a>
                ),
              },
              { title: t('admin.sector'), render: (_: unknown, r) => t(`sector.${r.complex.sector}` as MessageKey) },
              { title: t('eval.region'), render: (_: unknown, r) => r.complex.regionName },
              { title: t('eval.providers'), dataIndex: 'providers', align: 'right' },
              { title: t('eval.services'), dataIndex: 'servicesDelivered', align: 'right' },
              { title: t('eval.subsidies'), dataIndex: 'subsidies', align: 'right', render: (v: number) => <Money fen={v} /> },
              { title: t('eval.enterprises'), dataIndex: 'enterprisesServed', align: 'right' },
              { title: t('eval.repeat'), dataIndex: 'repeatEnterprises', align: 'right' },
              { title: t('eval.rating'), dataIndex: 'meanRating', align: 'right', render: (v: number | null) => v ?? t('eval.unrated') },
            ]}
          />
        </Section>
      )}
      {isProvider && own.data === null && <Empty data-testid="eval-no-complex" description={t('eval.noComplex')} />}
      {complexId && <ComplexEvaluation complexId={complexId} year={year} />}
      {!isProvider && !picked && ranking.data && ranking.data.complexes.length > 0 && (
        <Empty data-testid="eval-pick" description={t('eval.pick')} />
      )}
    </Page>
  );
}

function ComplexEvaluation({ complexId, year }: { complexId: string; year: number }) {
  const t = useT();
  const act = useAction();
  const loaded = useLoad(
    () => ok(api.GET('/complexes/{id}/evaluation/{year}', { params: { path: { id: complexId, year } } })),
    [complexId, year],
  );
  const e = loaded.data && !loaded.error ? loaded.data : undefined;

  const byMonth = useMemo<EChartsOption | null>(
    () =>
      e
        ? {
            tooltip: { trigger: 'axis' },
            legend: { bottom: 0 },
            grid: { left: 8, right: 8, top: 16, bottom: 40, containLabel: true },
            xAxis: { type: 'category', data: e.byMonth.map((m) => m.period.slice(5) + t('eval.monthSuffix')) },
            yAxis: [
              { type: 'value', minInterval: 1 },
              { type: 'value', axisLabel: { formatter: chartFen } },
            ],
            series: [
              { name: t('eval.services'), type: 'bar', data: e.byMonth.map((m) => m.servicesDelivered) },
              {
                name: t('eval.subsidies'),
                type: 'line',
                yAxisIndex: 1,
                data: e.byMonth.map((m) => m.subsidies),
                tooltip: { valueFormatter: chartFen },
              },
            ],
          }
        : null,
    [e, t],
  );
  const byCategory = useMemo<EChartsOption | null>(
    () =>
      e
        ? {
            tooltip: { trigger: 'item', valueFormatter: chartFen },
            legend: { type: 'scroll', bottom: 0 },
            series: [
              {
                type: 'pie',
                radius: ['35%', '65%'],
                data: e.byCategory.map((c) => ({ name: t(`category.${c.category}` as MessageKey), value: c.subsidies })),
              },
            ],
          }
        : null,
    [e, t],
  );

  if (!e) return <ErrorAlert error={loaded.error} />;
  return (
    <div data-testid="eval-detail">
      <Section
        title={`${e.complex.name} · ${e.year}${t('eval.yearSuffix')}`}
        extra={
          <Space wrap>
            <Button
              data-testid="eval-pdf"
              onClick={() =>
                void act(() =>
                  download(
                    api.GET('/complexes/{id}/evaluation/{year}.pdf', {
                      params: { path: { id: complexId, year } },
                      headers: { accept: '*/*' },
                      parseAs: 'blob',
                    }),
                    `evaluation-${year}-${complexId}.pdf`,
                  ),
                )
              }
            >
              {t('eval.pdf')}
            </Button>
            <Button
              data-testid="eval-xlsx"
              onClick={() =>
                void act(() =>
                  download(
                    api.GET('/complexes/{id}/evaluation/{year}.xlsx', {
                      params: { path: { id: complexId, year } },
                      headers: { accept: '*/*' },
                      parseAs: 'blob',
                    }),
                    `evaluation-${year}-${complexId}.xlsx`,
                  ),
                )
              }
            >
              {t('eval.xlsx')}
            </Button>
          </Space>
        }
      >
        <Row gutter={[16, 16]}>
          <Col xs={12} md={4}>
            <Statistic title={t('eval.providers')} value={e.totals.providers} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('eval.services')} value={e.totals.servicesDelivered} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('eval.subsidies')} value={formatFen(e.totals.subsidies)} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('eval.enterprises')} value={e.totals.enterprisesServed} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('eval.repeat')} value={e.totals.repeatEnterprises} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('eval.rating')} value={e.totals.meanRating ?? t('eval.unrated')} />
          </Col>
        </Row>
      </Section>
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Section title={t('eval.byMonth')}>{byMonth && <EChart option={byMonth} testId="eval-chart-month" />}</Section>
        </Col>
        <Col xs={24} xl={10}>
          <Section title={t('eval.byCategory')}>
            {e.byCategory.length ? byCategory && <EChart option={byCategory} testId="eval-chart-category" /> : <Empty />}
          </Section>
        </Col>
      </Row>
      <Section title={e.ownLineOnly ? t('eval.ownLine') : t('eval.providerLines')}>
        <Table<Line>
          data-testid="eval-providers"
          rowKey="providerId"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={e.providers}
          columns={[
            { title: t('eval.provider'), dataIndex: 'name' },
            { title: t('eval.services'), dataIndex: 'servicesDelivered', align: 'right' },
            { title: t('eval.subsidies'), dataIndex: 'subsidies', align: 'right', render: (v: number) => <Money fen={v} /> },
            { title: t('eval.enterprises'), dataIndex: 'enterprisesServed', align: 'right' },
            { title: t('eval.repeat'), dataIndex: 'repeatEnterprises', align: 'right' },
            { title: t('eval.ratings'), dataIndex: 'ratings', align: 'right' },
            { title: t('eval.rating'), dataIndex: 'meanRating', align: 'right', render: (v: number | null) => v ?? t('eval.unrated') },
          ]}
        />
      </Section>
    </div>
  );
}
