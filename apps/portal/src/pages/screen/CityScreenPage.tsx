import { Button, Col, ConfigProvider, Empty, Grid, InputNumber, Row, Space, theme } from 'antd';
import type { EChartsOption } from 'echarts';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { api, ok } from '../../api/client';
import type { Schemas } from '../../api/client';
import { EChart } from '../../components/EChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/hooks';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { formatFen } from '@ivl/rules';
import { currentPeriod, formatDateTime } from '../../lib/time';

type CityDashboard = Schemas['CityDashboardResponse'];

/** How often the screen reads the ledger again. */
const REFRESH_MS = 60_000;

/** fen in 万元 with two decimals: 1,234.56 (the card's big number; the exact ¥ amount is written under it). */
export function formatWan(fen: number): string {
  return (fen / 1_000_000).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

const wanAxis = (v: unknown) => (typeof v === 'number' ? formatWan(v) : String(v));
const fenTip = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? formatFen(v) : String(v));

const INK = '#d6e4ff';
const MUTED = '#8fa8d6';
const ACCENT = '#4fd1ff';
const PANEL: React.CSSProperties = {
  background: 'linear-gradient(180deg, rgba(20,52,102,0.85), rgba(10,28,60,0.85))',
  border: '1px solid rgba(79,209,255,0.35)',
  borderRadius: 8,
  padding: 16,
  height: '100%',
  boxShadow: 'inset 0 0 24px rgba(79,209,255,0.08)',
};
const axisText = { color: MUTED };
const splitLine = { lineStyle: { color: 'rgba(143,168,214,0.15)' } };

function Panel({ title, testId, children }: { title: string; testId?: string; children: ReactNode }) {
  return (
    <div style={PANEL} data-testid={testId}>
      <div style={{ color: ACCENT, fontSize: 16, fontWeight: 600, marginBottom: 12, borderLeft: `4px solid ${ACCENT}`, paddingLeft: 8 }}>
        {title}
      </div>
      {children}
    </div>
  );
}

/** A big number: a count, or fen in 万元 with the exact ¥ amount under it. */
function Card({ label, testId, count, fen, unit }: { label: string; testId: string; count?: number; fen?: number; unit: string }) {
  return (
    <div style={{ ...PANEL, textAlign: 'center', padding: '14px 8px' }} data-testid={testId} data-value={fen ?? count}>
      <div style={{ color: MUTED, fontSize: 14 }}>{label}</div>
      <div style={{ color: ACCENT, fontSize: 34, fontWeight: 700, lineHeight: 1.3, fontVariantNumeric: 'tabular-nums' }}>
        <span data-testid={`${testId}-big`}>{fen !== undefined ? formatWan(fen) : (count ?? 0).toLocaleString('zh-CN')}</span>
        <span style={{ fontSize: 14, marginLeft: 4, color: MUTED }}>{unit}</span>
      </div>
      {fen !== undefined && (
        <div style={{ color: MUTED, fontSize: 12, fontVariantNumeric: 'tabular-nums' }} data-testid={`${testId}-exact`}>
          {formatFen(fen)}
        </div>
      )}
    </div>
  );
}

/**
 * 数据大屏 (issue 16): the city's year for the leadership, read-only, dark, full screen on a wall
 * display (1920×1080) and stacked on a phone: big numbers, issued/used/paid by county (funding
 * region), used by month and by sector, the complexes ranked by use, and cross-region use
 * (通用通兑). Reads GET /dashboard/city/:year again every minute.
 */
export function CityScreenPage() {
  const t = useT();
  const [year, setYear] = useState(Number(currentPeriod().slice(0, 4)));
  const screen = useLoad(() => ok(api.GET('/dashboard/city/{year}', { params: { path: { year } } })), [year]);
  const { reload } = screen;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => {
      clearInterval(timer);
    };
  }, [reload]);
  const root = useRef<HTMLDivElement>(null);
  const [full, setFull] = useState(false);
  useEffect(() => {
    const changed = () => {
      setFull(document.fullscreenElement !== null);
    };
    document.addEventListener('fullscreenchange', changed);
    return () => {
      document.removeEventListener('fullscreenchange', changed);
    };
  }, []);
  const toggleFull = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void root.current?.requestFullscreen().catch(() => undefined);
  };

  // On a phone the counties' bars lie down (names on the left, readable), one chart above the other.
  const narrow = !Grid.useBreakpoint().md;
  const d: CityDashboard | undefined = screen.data;
  const sectorName = (s: string | null | undefined) => (s ? t(`sector.${s}` as MessageKey) : t('sector.none'));
  const regionLabel = (r: { name: string; level: string }) => (r.level === 'city' ? t('screen.cityFunds', { name: r.name }) : r.name);

  const byRegion = useMemo<EChartsOption | null>(
    () =>
      d
        ? {
            backgroundColor: 'transparent',
            tooltip: { trigger: 'axis', valueFormatter: fenTip },
            legend: { bottom: 0, textStyle: { color: INK } },
            grid: { left: 8, right: 8, top: 24, bottom: 40, containLabel: true },
            ...(narrow
              ? {
                  xAxis: { type: 'value', axisLabel: { ...axisText, formatter: wanAxis }, splitLine },
                  yAxis: { type: 'category', inverse: true, data: d.regions.map(regionLabel), axisLabel: { ...axisText, interval: 0 } },
                }
              : {
                  xAxis: { type: 'category', data: d.regions.map(regionLabel), axisLabel: { ...axisText, interval: 0, rotate: 30 } },
                  yAxis: {
                    type: 'value',
                    name: t('screen.unit.wan'),
                    nameTextStyle: axisText,
                    axisLabel: { ...axisText, formatter: wanAxis },
                    splitLine,
                  },
                }),
            series: (['issued', 'used', 'paid'] as const).map((k, i) => ({
              name: t(`screen.${k}`),
              type: 'bar',
              itemStyle: { color: ['#3b82f6', ACCENT, '#facc15'][i] },
              data: d.regions.map((r) => r[k]),
            })),
          }
        : null,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [d, t, narrow],
  );
  const byMonth = useMemo<EChartsOption | null>(
    () =>
      d
        ? {
            backgroundColor: 'transparent',
            tooltip: { trigger: 'axis', valueFormatter: fenTip },
            grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
            xAxis: { type: 'category', data: d.months.map((m) => `${Number(m.period.slice(5))}月`), axisLabel: axisText },
            yAxis: {
              type: 'value',
              name: t('screen.unit.wan'),
              nameTextStyle: axisText,
              axisLabel: { ...axisText, formatter: wanAxis },
              splitLine,
            },
            series: [
              {
                name: t('screen.used'),
                type: 'line',
                smooth: true,
                areaStyle: { color: 'rgba(79,209,255,0.2)' },
                itemStyle: { color: ACCENT },
                data: d.months.map((m) => m.used),
              },
            ],
          }
        : null,
    [d, t],
  );
  const bySector = useMemo<EChartsOption | null>(
    () =>
      d
        ? {
            backgroundColor: 'transparent',
            tooltip: { trigger: 'item', valueFormatter: fenTip },
            legend: { type: 'scroll', bottom: 0, textStyle: { color: INK }, pageTextStyle: { color: INK } },
            series: [
              {
                type: 'pie',
                radius: ['35%', '62%'],
                center: ['50%', '44%'],
                label: { color: INK },
                data: d.sectors.map((s) => ({ name: sectorName(s.sector), value: s.used })),
              },
            ],
          }
        : null,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [d, t],
  );

  const cross = d ? d.flows.filter((f) => f.crossRegion) : [];
  const topUsed = d?.topComplexes[0]?.used ?? 0;
  const topFlow = cross[0]?.used ?? 0;

  return (
    <ConfigProvider theme={{ algorithm: theme.darkAlgorithm }}>
      <div
        ref={root}
        data-testid="page-screen"
        style={{
          background: 'radial-gradient(ellipse at top, #0f2a5a 0%, #07132b 70%)',
          color: INK,
          minHeight: full ? '100vh' : 'calc(100vh - 120px)',
          padding: 16,
          borderRadius: full ? 0 : 8,
          overflow: 'auto',
        }}
      >
        <Row align="middle" gutter={[16, 8]} style={{ marginBottom: 16 }}>
          <Col xs={24} lg={12}>
            <h1 data-testid="screen-title" style={{ color: INK, margin: 0, fontSize: 28, letterSpacing: 2 }}>
              {t('screen.title', { city: d?.cityName ?? '' })}
              <span style={{ fontSize: 18, color: ACCENT, marginLeft: 12 }}>{t('screen.year', { year })}</span>
            </h1>
          </Col>
          <Col xs={24} lg={12} style={{ textAlign: 'right' }}>
            <Space wrap style={{ justifyContent: 'flex-end' }}>
              {d && (
                <span data-testid="screen-as-of" style={{ color: MUTED }}>
                  {t('screen.asOf', { time: formatDateTime(d.asOf) })}
                </span>
              )}
              <InputNumber
                data-testid="screen-year"
                aria-label={t('eval.year')}
                min={2000}
                max={2100}
                value={year}
                onChange={(v) => {
                  if (v) setYear(v);
                }}
              />
              <Button data-testid="screen-fullscreen" onClick={toggleFull}>
                {full ? t('screen.exitFullscreen') : t('screen.fullscreen')}
              </Button>
            </Space>
          </Col>
        </Row>
        <ErrorAlert error={screen.error} />
        {d && (
          <>
            <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
              {(
                [
                  ['vouchersIssued', { count: d.totals.vouchersIssued, unit: t('screen.unit.count') }],
                  ['issued', { fen: d.totals.issued, unit: t('screen.unit.wan') }],
                  ['used', { fen: d.totals.used, unit: t('screen.unit.wan') }],
                  ['redemptions', { count: d.totals.redemptions, unit: t('screen.unit.times') }],
                  ['paid', { fen: d.totals.paid, unit: t('screen.unit.wan') }],
                  ['enterprisesServed', { count: d.totals.enterprisesServed, unit: t('screen.unit.enterprises') }],
                  ['providersPaid', { count: d.totals.providersPaid, unit: t('screen.unit.enterprises') }],
                  ['crossRegionUsed', { fen: d.totals.crossRegionUsed, unit: t('screen.unit.wan') }],
                ] as const
              ).map(([key, v]) => (
                <Col key={key} xs={12} md={6} xxl={3}>
                  <Card label={t(`screen.${key}`)} testId={`screen-total-${key}`} {...v} />
                </Col>
              ))}
            </Row>
            <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
              <Col xs={24} xl={14}>
                <Panel title={t('screen.byRegion')} testId="screen-regions">
                  {byRegion && <EChart option={byRegion} height={narrow ? 460 : 300} testId="screen-chart-region" />}
                </Panel>
              </Col>
              <Col xs={24} xl={10}>
                <Panel title={t('screen.byMonth')}>{byMonth && <EChart option={byMonth} height={300} testId="screen-chart-month" />}</Panel>
              </Col>
            </Row>
            <Row gutter={[12, 12]}>
              <Col xs={24} md={12} xl={7}>
                <Panel title={t('screen.bySector')}>
                  {d.sectors.length && bySector ? (
                    <EChart option={bySector} height={300} testId="screen-chart-sector" />
                  ) : (
                    <Empty description={t('screen.none')} />
                  )}
                </Panel>
              </Col>
              <Col xs={24} md={12} xl={8}>
                <Panel title={t('screen.topComplexes')} testId="screen-complexes">
                  {d.topComplexes.length === 0 && <Empty description={t('screen.none')} />}
                  <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                    {d.topComplexes.map((c, i) => (
                      <li key={c.complexId} data-testid="screen-complex" data-used={c.used} style={{ marginBottom: 10 }}>
                        <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                          <span style={{ color: INK, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={c.name}>
                            <span style={{ color: i < 3 ? '#facc15' : MUTED, marginRight: 6 }}>{t('screen.rank', { rank: i + 1 })}</span>
                            {c.name}
                          </span>
                          <span style={{ color: ACCENT, whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                            {formatFen(c.used)}
                          </span>
                        </div>
                        <div style={{ color: MUTED, fontSize: 12 }}>
                          {t('screen.complexLine', { region: c.regionName, sector: sectorName(c.sector), redemptions: c.redemptions })}
                        </div>
                        <div style={{ height: 4, background: 'rgba(143,168,214,0.15)', borderRadius: 2 }}>
                          <div
                            style={{ width: `${topUsed ? (c.used / topUsed) * 100 : 0}%`, height: 4, background: ACCENT, borderRadius: 2 }}
                          />
                        </div>
                      </li>
                    ))}
                  </ol>
                </Panel>
              </Col>
              <Col xs={24} xl={9}>
                <Panel title={t('screen.flows')} testId="screen-flows">
                  {cross.length === 0 && <Empty description={t('screen.flowsNone')} />}
                  <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                    {cross.map((f) => (
                      <li
                        key={`${f.fromRegionCode}-${f.toRegionCode}`}
                        data-testid="screen-flow"
                        data-from={f.fromRegionCode}
                        data-to={f.toRegionCode}
                        data-used={f.used}
                        style={{ marginBottom: 10 }}
                      >
                        <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                          <span style={{ color: INK }}>
                            {f.fromName}
                            <span style={{ color: ACCENT, margin: '0 6px' }}>→</span>
                            {f.toName}
                          </span>
                          <span style={{ color: ACCENT, whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                            {formatFen(f.used)}
                          </span>
                        </div>
                        <div style={{ color: MUTED, fontSize: 12 }}>
                          {t('screen.flowLine', { redemptions: f.redemptions, paid: formatFen(f.paid) })}
                        </div>
                        <div style={{ height: 4, background: 'rgba(143,168,214,0.15)', borderRadius: 2 }}>
                          <div
                            style={{
                              width: `${topFlow ? (f.used / topFlow) * 100 : 0}%`,
                              height: 4,
                              background: '#facc15',
                              borderRadius: 2,
                            }}
                          />
                        </div>
                      </li>
                    ))}
                  </ul>
                </Panel>
              </Col>
            </Row>
          </>
        )}
      </div>
    </ConfigProvider>
  );
}
