import { Alert, Button, Col, Empty, Row, Space, Statistic, Table, Tag } from 'antd';
import type { EChartsOption } from 'echarts';
import { useMemo, useState } from 'react';
import { api, download, ok } from '../../api/client';
import { RECON_CLASSES, type ReconClass } from '../../api/models';
import { useUser } from '../../auth/auth';
import { EChart } from '../../components/EChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction, useLoad } from '../../components/hooks';
import { Money } from '../../components/Money';
import { Page, Section } from '../../components/Page';
import { PeriodInput } from '../../components/PeriodInput';
import { RegionName, RegionSelect } from '../../components/regions';
import { useT, type T } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { formatFen } from '@ivl/rules';
import { monthsOfYearUpTo } from '../../lib/period';
import { currentPeriod } from '../../lib/time';

const MOVEMENTS = [
  'allocated',
  'issued',
  'held',
  'released',
  'confirmed',
  'expired',
  'revoked',
  'batched',
  'returned',
  'paid',
  'clawedBack',
  'recovered',
];
const classLabel = (t: T, c: string) => t(`recon.class.${c}` as MessageKey);
const mvLabel = (t: T, m: string) => (MOVEMENTS.includes(m) ? t(`recon.mv.${m}` as MessageKey) : m);
/** Charts plot fen (integers) and label them in yuan. */
const chartFen = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? formatFen(v) : String(v));

/** The monthly reconciliation of a funding region: classes, counts, matrix, balanced, charts, downloads. */
export function ReconciliationPage() {
  const t = useT();
  const act = useAction();
  const user = useUser();
  const own = user.role === 'finance' || user.role === 'county_officer' ? user.regionCode : undefined;
  const [region, setRegion] = useState<string>(own ?? '330700');
  const [period, setPeriod] = useState(currentPeriod());
  const rec = useLoad(
    () => ok(api.GET('/reconciliation/{regionCode}/{period}', { params: { path: { regionCode: region, period } } })),
    [region, period],
  );
  const [showYear, setShowYear] = useState(false);
  const r = rec.data;

  const monthChart = useMemo<EChartsOption | null>(() => {
    if (!r) return null;
    const names = MOVEMENTS.filter((m) =>
      RECON_CLASSES.some((c) => {
        const movements: Partial<Record<string, number>> = r.classes[c].movements;
        return movements[m] !== undefined && movements[m] !== 0;
      }),
    );
    return {
      tooltip: { trigger: 'axis', valueFormatter: chartFen },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 8, right: 8, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: RECON_CLASSES.map((c) => classLabel(t, c)) },
      yAxis: { type: 'value', axisLabel: { formatter: chartFen } },
      series: names.map((m) => ({
        name: mvLabel(t, m),
        type: 'bar',
        stack: 'mv',
        data: RECON_CLASSES.map((c) => r.classes[c].movements[m] ?? 0),
      })),
    };
  }, [r, t]);

  const columns = [
    { title: t('recon.class'), dataIndex: 'cls', render: (c: ReconClass) => classLabel(t, c) },
    { title: t('recon.opening'), dataIndex: 'opening', align: 'right' as const, render: (v: number) => <Money fen={v} /> },
    {
      title: t('recon.movements'),
      dataIndex: 'movements',
      render: (m: Record<string, number>) => (
        <Space size={[4, 4]} wrap>
          {Object.entries(m)
            .filter(([, v]) => v !== 0)
            .map(([k, v]) => (
              <Tag key={k} color={v > 0 ? 'green' : 'volcano'}>
                {mvLabel(t, k)} {formatFen(v)}
              </Tag>
            ))}
        </Space>
      ),
    },
    { title: t('recon.closing'), dataIndex: 'closing', align: 'right' as const, render: (v: number) => <Money fen={v} /> },
    {
      title: t('recon.consistent'),
      dataIndex: 'consistent',
      render: (v: boolean | undefined) => (v === false ? <Tag color="red">✗</Tag> : <Tag color="green">✓</Tag>),
    },
  ];

  return (
    <Page
      title={t('recon.title')}
      testId="page-reconciliation"
      extra={
        <Space wrap>
          {!own && <RegionSelect data-testid="recon-region" value={region} onChange={setRegion} />}
          <PeriodInput
            testId="recon-period"
            value={period}
            onChange={(p) => {
              if (p) setPeriod(p);
            }}
          />
          <Button
            data-testid="recon-csv"
            onClick={() =>
              void act(() =>
                download(
                  api.GET('/reconciliation/{regionCode}/{period}.csv', {
                    params: { path: { regionCode: region, period } },
                    headers: { accept: '*/*' },
                    parseAs: 'blob',
                  }),
                  `reconciliation-${region}-${period}.csv`,
                ),
              )
            }
          >
            {t('recon.csv')}
          </Button>
          <Button
            data-testid="recon-xlsx"
            onClick={() =>
              void act(() =>
                download(
                  api.GET('/reconciliation/{regionCode}/{period}.xlsx', {
                    params: { path: { regionCode: region, period } },
                    headers: { accept: '*/*' },
                    parseAs: 'blob',
                  }),
                  `reconciliation-${region}-${period}.xlsx`,
                ),
              )
            }
          >
            {t('recon.xlsx')}
          </Button>
          <Button
            data-testid="recon-pdf"
            onClick={() =>
              void act(() =>
                download(
                  api.GET('/reconciliation/{regionCode}/{period}.pdf', {
                    params: { path: { regionCode: region, period } },
                    headers: { accept: '*/*' },
                    parseAs: 'blob',
                  }),
                  `reconciliation-${region}-${period}.pdf`,
                ),
              )
            }
          >
            {t('recon.pdf')}
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={rec.error} />
      {rec.loading && !r && (
        <Section>
          <Empty description={t('common.loading')} />
        </Section>
      )}
      {r && (
        <>
          <Alert
            data-testid="recon-balanced"
            data-balanced={String(r.balanced)}
            type={r.balanced ? 'success' : 'error'}
            showIcon
            title={
              <>
                <RegionName code={r.regionCode} /> {r.period} · {r.balanced ? t('recon.balanced') : t('recon.unbalanced')}
              </>
            }
            style={{ marginBottom: 16 }}
          />
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            {(['vouchersIssued', 'redemptions', 'enterprisesServed', 'providersPaid'] as const).map((k) => (
              <Col xs={12} md={6} key={k}>
                <Section>
                  <Statistic title={t(`recon.count.${k}`)} value={r.counts[k]} data-testid={`recon-count-${k}`} />
                </Section>
              </Col>
            ))}
          </Row>
          <Section title={t('recon.class')}>
            <Table
              data-testid="recon-classes"
              rowKey="cls"
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={RECON_CLASSES.map((cls) => ({ cls, ...r.classes[cls] }))}
              columns={columns}
            />
          </Section>
          <Row gutter={16}>
            <Col xs={24} xl={12}>
              <Section title={t('recon.byProviderRegion')}>
                <Table
                  data-testid="recon-by-region"
                  rowKey="regionCode"
                  size="small"
                  pagination={false}
                  dataSource={r.byProviderRegion}
                  columns={[
                    { title: t('common.region'), dataIndex: 'regionCode', render: (c: string) => <RegionName code={c} /> },
                    { title: t('recon.confirmed'), dataIndex: 'confirmed', align: 'right', render: (v: number) => <Money fen={v} /> },
                    { title: t('recon.paidInPeriod'), dataIndex: 'paid', align: 'right', render: (v: number) => <Money fen={v} /> },
                  ]}
                />
              </Section>
            </Col>
            <Col xs={24} xl={12}>
              <Section title={t('recon.chartMonth')}>{monthChart && <EChart option={monthChart} testId="recon-chart-month" />}</Section>
            </Col>
          </Row>
          <Section
            title={t('recon.chartYear', { year: period.slice(0, 4) })}
            extra={
              !showYear && (
                <Button
                  data-testid="recon-load-year"
                  size="small"
                  onClick={() => {
                    setShowYear(true);
                  }}
                >
                  {t('recon.loadYear')}
                </Button>
              )
            }
          >
            {showYear && <YearChart region={region} year={Number(period.slice(0, 4))} />}
          </Section>
        </>
      )}
    </Page>
  );
}

/** The year by class: one reconciliation call per month up to now (12 at most), closing balance of each class. */
function YearChart({ region, year }: { region: string; year: number }) {
  const t = useT();
  const months = monthsOfYearUpTo(year, currentPeriod());
  const data = useLoad(
    () =>
      Promise.all(
        months.map((p) => ok(api.GET('/reconciliation/{regionCode}/{period}', { params: { path: { regionCode: region, period: p } } }))),
      ),
    [region, year],
  );
  const option = useMemo<EChartsOption | null>(() => {
    const rows = data.data;
    if (!rows) return null;
    return {
      tooltip: { trigger: 'axis', valueFormatter: chartFen },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 8, right: 8, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', axisLabel: { formatter: chartFen } },
      series: RECON_CLASSES.map((c) => ({ name: classLabel(t, c), type: 'line', data: rows.map((r) => r.classes[c].closing) })),
    };
  }, [data.data, months, t]);
  if (months.length === 0) return <Empty />;
  return (
    <>
      <ErrorAlert error={data.error} />
      {data.loading ? <Empty description={t('common.loading')} /> : option && <EChart option={option} testId="recon-chart-year" />}
    </>
  );
}
