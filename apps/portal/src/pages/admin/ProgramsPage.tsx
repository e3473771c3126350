import { MinusCircleOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import { CATEGORIES, type Category, type FundingShare, type Program, type ProgramStatus } from '../../api/models';
import { useUser } from '../../auth/auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormModal } from '../../components/FormModal';
import { useAction, useLoad } from '../../components/hooks';
import { Money } from '../../components/Money';
import { fenOf, MoneyInput, moneyRule } from '../../components/MoneyInput';
import { useFunds } from '../../components/names';
import { Page } from '../../components/Page';
import { forgetCached } from '../../components/reference';
import { RegionName, RegionSelect, useRegions } from '../../components/regions';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { bpToPercent, fundingInWords, ruleInWords } from '../../lib/rule-words';
import { formatDateTime } from '../../lib/time';
import { currentPeriod } from '../../lib/time';
import { AsyncPopconfirm } from '../../components/AsyncPopconfirm';

interface NewProgram {
  name: string;
  year: number;
  issuerRegionCode: string;
  funding: Array<{ fundId: string; share: number }>;
  categories: Category[];
  ratio: number;
  fullCoverageUpTo?: string;
  outOfRegionRatio?: number | null;
  perVoucherMax: string;
  enterpriseAnnualCap: string;
  controllerAnnualCap?: string;
  validityDays: number;
  claimWindowDays: number;
  cityReviewRequired: boolean;
}

/** Percent typed with at most two decimals → basis points, by string (no float arithmetic). */
function percentToBp(p: number): number {
  const [whole, frac = ''] = String(p).split('.');
  return Number(whole) * 100 + Number((frac + '00').slice(0, 2));
}

const STATUS_COLORS: Record<ProgramStatus, string> = { proposed: 'gold', active: 'green' };

/**
 * Programs with their rules and co-funding in words; create one (city admin, county officer). A
 * share on another region's fund waits for that region: its finance bureau (or the city admin)
 * approves it here, and the program is in force once every share is approved.
 */
export function ProgramsPage() {
  const { t, lang } = useI18n();
  const user = useUser();
  const regions = useRegions();
  const funds = useFunds();
  const [year, setYear] = useState<number | undefined>(Number(currentPeriod().slice(0, 4)));
  const [issuer, setIssuer] = useState<string>();
  const [status, setStatus] = useState<ProgramStatus>();
  const list = useLoad(
    () => ok(api.GET('/programs', { params: { query: { year, issuerRegionCode: issuer, status } } })),
    [year, issuer, status],
  );
  const act = useAction();
  const canApprove = (share: FundingShare) =>
    !share.approvedAt && (user.role === 'city_admin' || (user.role === 'finance' && user.regionCode === share.regionCode));
  const approveShare = async (program: Program, share: FundingShare) => {
    const updated = await act(
      () => api.POST('/programs/{id}/funding/{fundId}/approve', { params: { path: { id: program.id, fundId: share.fundId } } }),
      program.funding.every((f) => f.fundId === share.fundId || f.approvedAt) ? t('program.activated') : undefined,
    );
    if (updated) {
      forgetCached('programs');
      list.reload();
    }
  };
  const levelOf = (share: { fundId: string; regionCode?: string }) => {
    const fund = funds.get(share.fundId);
    const code = share.regionCode ?? fund?.regionCode;
    const region = code ? regions.find((r) => r.code === code) : undefined;
    return { level: region?.level, name: region?.name ?? fund?.name ?? share.fundId.slice(0, 8) };
  };
  const canCreate = user.role === 'city_admin' || user.role === 'county_officer';
  return (
    <Page
      title={t('menu.programs')}
      testId="page-programs"
      extra={
        <Space wrap>
          <InputNumber
            data-testid="filter-year"
            placeholder={t('common.year')}
            min={2000}
            max={2100}
            value={year}
            onChange={(v) => {
              setYear(v ?? undefined);
            }}
          />
          <RegionSelect data-testid="filter-region" allowClear placeholder={t('admin.issuer')} value={issuer} onChange={setIssuer} />
          <Select<ProgramStatus>
            data-testid="filter-status"
            allowClear
            placeholder={t('common.status')}
            style={{ minWidth: 160 }}
            value={status}
            onChange={setStatus}
            options={(['proposed', 'active'] as const).map((s) => ({ value: s, label: t(`program.status.${s}`) }))}
          />
          {canCreate && (
            <FormModal<NewProgram>
              title={t('common.create')}
              buttonLabel={t('common.create')}
              testId="program-create"
              width={680}
              initialValues={{
                year: Number(currentPeriod().slice(0, 4)),
                issuerRegionCode: user.regionCode,
                funding: [{ fundId: '', share: 100 }],
                ratio: 50,
                validityDays: 180,
                claimWindowDays: 90,
                cityReviewRequired: false,
              }}
              onSubmit={async (v) => {
                await api.POST('/programs', {
                  body: {
                    name: v.name.trim(),
                    year: v.year,
                    issuerRegionCode: v.issuerRegionCode,
                    funding: v.funding.map((f) => ({ fundId: f.fundId, shareBp: percentToBp(f.share) })),
                    categories: v.categories,
                    ratioBp: percentToBp(v.ratio),
                    ...(v.fullCoverageUpTo ? { fullCoverageUpTo: fenOf(v.fullCoverageUpTo) } : {}),
                    ...(v.outOfRegionRatio !== undefined && v.outOfRegionRatio !== null
                      ? { outOfRegionRatioBp: percentToBp(v.outOfRegionRatio) }
                      : {}),
                    perVoucherMax: fenOf(v.perVoucherMax),
                    enterpriseAnnualCap: fenOf(v.enterpriseAnnualCap),
                    ...(v.controllerAnnualCap ? { controllerAnnualCap: fenOf(v.controllerAnnualCap) } : {}),
                    validityDays: v.validityDays,
                    claimWindowDays: v.claimWindowDays,
                    cityReviewRequired: v.cityReviewRequired,
                  },
                });
                forgetCached('programs');
                list.reload();
              }}
            >
              {() => (
                <>
                  <Form.Item name="name" label={t('common.name')} rules={[{ required: true, whitespace: true }]}>
                    <Input data-testid="program-name" />
                  </Form.Item>
                  <Space wrap>
                    <Form.Item name="year" label={t('common.year')} rules={[{ required: true }]}>
                      <InputNumber data-testid="program-year" min={2000} max={2100} precision={0} />
                    </Form.Item>
                    <Form.Item name="issuerRegionCode" label={t('admin.issuer')} rules={[{ required: true }]}>
                      <RegionSelect
                        data-testid="program-issuer"
                        only={user.role === 'county_officer' && user.regionCode ? [user.regionCode] : undefined}
                      />
                    </Form.Item>
                  </Space>
                  <Form.List name="funding">
                    {(fields, { add, remove }) => (
                      <Form.Item label={t('admin.funding')}>
                        {fields.map((f) => (
                          <Space key={f.key} align="baseline" wrap>
                            <Form.Item name={[f.name, 'fundId']} rules={[{ required: true }]}>
                              <Select
                                placeholder={t('admin.fund')}
                                style={{ width: 260 }}
                                options={[...funds.values()].map((x) => ({ value: x.id, label: `${x.name} (${x.year})` }))}
                              />
                            </Form.Item>
                            <Form.Item name={[f.name, 'share']} rules={[{ required: true }]}>
                              <InputNumber placeholder={t('admin.share')} min={0.01} max={100} precision={2} suffix="%" />
                            </Form.Item>
                            {fields.length > 1 && (
                              <MinusCircleOutlined
                                onClick={() => {
                                  remove(f.name);
                                }}
                              />
                            )}
                          </Space>
                        ))}
                        <Button
                          type="dashed"
                          onClick={() => {
                            add({ share: 0 });
                          }}
                        >
                          {t('admin.addShare')}
                        </Button>
                      </Form.Item>
                    )}
                  </Form.List>
                  <Form.Item name="categories" label={t('admin.categories')} rules={[{ required: true }]}>
                    <Select
                      data-testid="program-categories"
                      mode="multiple"
                      options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}` as MessageKey) }))}
                    />
                  </Form.Item>
                  <Space wrap>
                    <Form.Item name="ratio" label={t('admin.ratio')} rules={[{ required: true }]}>
                      <InputNumber data-testid="program-ratio" min={0} max={100} precision={2} />
                    </Form.Item>
                    <Form.Item name="fullCoverageUpTo" label={t('admin.fullCoverage')} rules={[moneyRule(t, false)]}>
                      <MoneyInput data-testid="program-full-coverage" />
                    </Form.Item>
                    <Form.Item name="outOfRegionRatio" label={t('admin.outOfRegionRatio')}>
                      <InputNumber data-testid="program-out-ratio" min={0} max={100} precision={2} />
                    </Form.Item>
                  </Space>
                  <Space wrap>
                    <Form.Item name="perVoucherMax" label={t('admin.perVoucherMax')} rules={[moneyRule(t)]}>
                      <MoneyInput data-testid="program-per-voucher-max" />
                    </Form.Item>
                    <Form.Item name="enterpriseAnnualCap" label={t('admin.enterpriseAnnualCap')} rules={[moneyRule(t)]}>
                      <MoneyInput data-testid="program-enterprise-cap" />
                    </Form.Item>
                    <Form.Item name="controllerAnnualCap" label={t('admin.controllerAnnualCap')} rules={[moneyRule(t, false)]}>
                      <MoneyInput data-testid="program-controller-cap" />
                    </Form.Item>
                  </Space>
                  <Space wrap>
                    <Form.Item name="validityDays" label={t('admin.validityDays')} rules={[{ required: true }]}>
                      <InputNumber data-testid="program-validity" min={1} max={3650} precision={0} />
                    </Form.Item>
                    <Form.Item name="claimWindowDays" label={t('admin.claimWindowDays')} rules={[{ required: true }]}>
                      <InputNumber data-testid="program-claim-window" min={1} max={3650} precision={0} />
                    </Form.Item>
                    <Form.Item name="cityReviewRequired" label={t('admin.cityReview')} valuePropName="checked">
                      <Switch data-testid="program-city-review" />
                    </Form.Item>
                  </Space>
                </>
              )}
            </FormModal>
          )}
        </Space>
      }
    >
      <ErrorAlert error={list.error} />
      <Table<Program>
        data-testid="programs-table"
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('common.year'), dataIndex: 'year' },
          { title: t('admin.issuer'), dataIndex: 'issuerRegionCode', render: (c: string) => <RegionName code={c} /> },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: ProgramStatus) => (
              <Tag color={STATUS_COLORS[s]} data-testid="program-status" data-status={s}>
                {t(`program.status.${s}`)}
              </Tag>
            ),
          },
          {
            title: t('admin.rule'),
            key: 'rule',
            render: (_: unknown, p) => <span data-testid="program-rule">{ruleInWords(p, lang)}</span>,
          },
          {
            title: t('admin.funding'),
            key: 'funding',
            render: (_: unknown, p) => (
              <span data-testid="program-funding">
                {fundingInWords(
                  p.funding.map((f) => ({ shareBp: f.shareBp, ...levelOf(f) })),
                  lang,
                )}
              </span>
            ),
          },
          {
            title: t('program.approvals'),
            key: 'approvals',
            render: (_: unknown, p) => (
              <Space orientation="vertical" size={4}>
                {p.funding.map((f) => (
                  <Space
                    key={f.fundId}
                    size={6}
                    data-testid="program-share"
                    data-fund={f.fundId}
                    data-approved={String(f.approvedAt !== null)}
                  >
                    <span>
                      <RegionName code={f.regionCode} /> {bpToPercent(f.shareBp)}
                    </span>
                    {f.approvedAt ? (
                      <Tag color="green" title={formatDateTime(f.approvedAt)}>
                        {t('program.shareApproved')}
                      </Tag>
                    ) : canApprove(f) ? (
                      <AsyncPopconfirm
                        title={t('program.approveShareQ', {
                          region: regions.find((r) => r.code === f.regionCode)?.name ?? f.regionCode,
                          fund: funds.get(f.fundId)?.name ?? f.fundId.slice(0, 8),
                          share: bpToPercent(f.shareBp),
                        })}
                        onConfirm={() => approveShare(p, f)}
                        okButtonProps={{ 'data-testid': 'confirm-ok' }}
                      >
                        <Button data-testid="share-approve" size="small" type="primary">
                          {t('program.approveShare')}
                        </Button>
                      </AsyncPopconfirm>
                    ) : (
                      <Tag color="gold">{t('program.sharePending')}</Tag>
                    )}
                  </Space>
                ))}
              </Space>
            ),
          },
          { title: t('admin.perVoucherMax'), dataIndex: 'perVoucherMax', align: 'right', render: (v: number) => <Money fen={v} /> },
          {
            title: t('admin.enterpriseAnnualCap'),
            dataIndex: 'enterpriseAnnualCap',
            align: 'right',
            render: (v: number) => <Money fen={v} />,
          },
          {
            title: t('admin.categories'),
            dataIndex: 'categories',
            render: (cs: string[]) => cs.map((c) => <Tag key={c}>{t(`category.${c}` as MessageKey)}</Tag>),
          },
          { title: t('admin.validityDays'), dataIndex: 'validityDays' },
          { title: t('admin.claimWindowDays'), dataIndex: 'claimWindowDays' },
          { title: t('admin.cityReview'), dataIndex: 'cityReviewRequired', render: (v: boolean) => (v ? t('common.yes') : t('common.no')) },
        ]}
      />
    </Page>
  );
}
