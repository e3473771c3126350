import { Col, Empty, InputNumber, Row, Space, Statistic, Table } from 'antd';
import type { EChartsOption } from 'echarts';
import { useMemo, useState } from 'react';
import { api, ApiError, ok } from '../../api/client';
import { useUser } from '../../auth/auth';
import { EChart } from '../../components/EChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/hooks';
import { Money } from '../../components/Money';
import { Page, Section } from '../../components/Page';
import { RegionSelect } from '../../components/regions';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { formatFen, sumFen } from '@ivl/rules';
import { currentPeriod } from '../../lib/time';

const chartFen = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? formatFen(v) : String(v));

/** Vouchers issued, used and paid by month and by sector, for the city (330700) or a county. */
export function DashboardPage() {
  const t = useT();
  const user = useUser();
  const own = user.role === 'finance' || user.role === 'county_officer' ? user.regionCode : undefined;
  const [region, setRegion] = useState(own ?? '330700');
  const [year, setYear] = useState(Number(currentPeriod().slice(0, 4)));
  const dash = useLoad(
    () => ok(api.GET('/dashboard/{regionCode}/{year}', { params: { path: { regionCode: region, year } } })),
    [region, year],
  );
  const notThere = dash.error instanceof ApiError && dash.error.status === 404;
  const d = dash.data && !dash.error ? dash.data : undefined;
  const sectorName = (s: string | null) => (s ? t(`sector.${s}` as MessageKey) : t('sector.none'));

  const byMonth = useMemo<EChartsOption | null>(
    () =>
      d
        ? {
            tooltip: { trigger: 'axis', valueFormatter: chartFen },
            legend: { bottom: 0 },
            grid: { left: 8, right: 8, top: 16, bottom: 40, containLabel: true },
            xAxis: { type: 'category', data: d.months.map((m) => m.period) },
            yAxis: { type: 'value', axisLabel: { formatter: chartFen } },
            series: (['issued', 'used', 'paid'] as const).map((k) => ({
              name: t(`dash.${k}`),
              type: 'bar',
              data: d.months.map((m) => m[k]),
            })),
          }
        : null,
    [d, t],
  );
  const bySector = useMemo<EChartsOption | null>(
    () =>
      d
        ? {
            tooltip: { trigger: 'item', valueFormatter: chartFen },
            legend: { type: 'scroll', bottom: 0 },
            series: [{ type: 'pie', radius: ['35%', '65%'], data: d.sectors.map((s) => ({ name: sectorName(s.sector), value: s.used })) }],
          }
        : null,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [d, t],
  );

  return (
    <Page
      title={t('dash.title')}
      testId="page-dashboard"
      extra={
        <Space wrap>
          {!own && <RegionSelect data-testid="dash-region" value={region} onChange={setRegion} />}
          <InputNumber
            data-testid="dash-year"
            min={2000}
            max={2100}
            value={year}
            onChange={(v) => {
              if (v) setYear(v);
            }}
          />
        </Space>
      }
    >
      {notThere ? <Empty data-testid="dash-empty" description={t('dash.unavailable')} /> : <ErrorAlert error={dash.error} />}
      {d && (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <Section>
                <Statistic title={t('dash.vouchersIssued')} value={d.months.reduce((n, m) => n + m.vouchersIssued, 0)} />
              </Section>
            </Col>
            <Col xs={12} md={6}>
              <Section>
                <Statistic title={t('dash.issued')} value={formatFen(sumFen(d.months.map((m) => m.issued)))} />
              </Section>
            </Col>
            <Col xs={12} md={6}>
              <Section>
                <Statistic title={t('dash.used')} value={formatFen(sumFen(d.months.map((m) => m.used)))} />
              </Section>
            </Col>
            <Col xs={12} md={6}>
              <Section>
                <Statistic title={t('dash.paid')} value={formatFen(sumFen(d.months.map((m) => m.paid)))} />
              </Section>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} xl={14}>
              <Section title={t('dash.byMonth')}>{byMonth && <EChart option={byMonth} testId="dash-chart-month" />}</Section>
            </Col>
            <Col xs={24} xl={10}>
              <Section title={t('dash.bySector')}>
                {d.sectors.length ? bySector && <EChart option={bySector} testId="dash-chart-sector" /> : <Empty />}
              </Section>
            </Col>
          </Row>
          <Section title={t('dash.bySector')}>
            <Table
              data-testid="dash-sectors"
              rowKey={(s) => s.sector ?? 'none'}
              size="small"
              pagination={false}
              dataSource={d.sectors}
              columns={[
                { title: t('admin.sector'), dataIndex: 'sector', render: (s: string | null) => sectorName(s) },
                { title: t('dash.redemptions'), dataIndex: 'redemptions' },
                { title: t('dash.used'), dataIndex: 'used', align: 'right', render: (v: number) => <Money fen={v} /> },
              ]}
            />
          </Section>
        </>
      )}
    </Page>
  );
}
