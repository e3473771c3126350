/**
 * The fields of a registration (企业入驻 / 服务机构入库申请), shared by the sign-up page and the
 * correction after a rejection, and their read-only display for the applicant and the reviewers.
 */
import { MinusCircleOutlined } from '@ant-design/icons';
import { Button, DatePicker, Descriptions, Form, Input, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ok } from '../../api/client';
import {
  CATEGORIES,
  type Category,
  type Region,
  type Registration,
  type RegistrationFields,
  type RegistrationKind,
  type RegistrationStatus,
} from '../../api/models';
import { useLoad } from '../../components/hooks';
import { loadRegions } from '../../components/reference';
import { StatusTag } from '../../components/StatusTag';
import { DateTime } from '../../components/Time';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

/** The form's values (dates as dayjs for the pickers). */
export interface FieldValues {
  uscc: string;
  name: string;
  regionCode: string;
  legalRepresentative: string;
  contactName: string;
  contactPhone: string;
  address: string;
  provider?: {
    complexId?: string;
    categories: Category[];
    accreditations?: Array<{ type: 'CMA' | 'CNAS'; number: string; validUntil: Dayjs }>;
    bankAccount: { bankName: string; accountName: string; accountNo: string };
  };
}

/**
 * The city and its nine counties (DOMAIN.md reference data), offered to someone signing up: GET /regions
 * needs a login, which an applicant does not have yet. A logged-in user gets the API's list.
 */
const JINHUA: Region[] = [
  ['330700', '金华市', null],
  ['330702', '婺城区', '330700'],
  ['330703', '金东区', '330700'],
  ['330723', '武义县', '330700'],
  ['330726', '浦江县', '330700'],
  ['330727', '磐安县', '330700'],
  ['330781', '兰溪市', '330700'],
  ['330782', '义乌市', '330700'],
  ['330783', '东阳市', '330700'],
  ['330784', '永康市', '330700'],
].map(([code, name, parentCode]) => ({ code, name, parentCode, level: parentCode ? 'county' : 'city' }) as unknown as Region);

export function useSignUpRegions(): Region[] {
  return useLoad(() => loadRegions().catch(() => JINHUA), []).data ?? JINHUA;
}

/** Complexes a provider may belong to: only when the API lets the caller list them (a logged-in applicant may not). */
function useComplexes() {
  return useLoad(() => ok(api.GET('/complexes')).catch(() => []), []).data ?? [];
}

/** USCC as typed: 18 characters of GB 32100's alphabet (the check character is the server's to judge). */
const USCC = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;
const MOBILE = /^1[3-9]\d{9}$/;

/** The form items of a registration; `kind` adds the provider's part. */
export function RegistrationFieldItems({ kind }: { kind: RegistrationKind }) {
  const t = useT();
  const regions = useSignUpRegions();
  const complexes = useComplexes();
  const required = { required: true, whitespace: true, message: t('common.required') };
  const categoryOptions = CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}` as MessageKey) }));
  return (
    <>
      <Form.Item
        name="uscc"
        label={t('reg.uscc')}
        extra={t('reg.usccHint')}
        normalize={(v: string) => v.toUpperCase().replace(/\s/g, '')}
        rules={[required, { pattern: USCC, message: t('reg.usccInvalid') }]}
      >
        <Input data-testid="reg-uscc" maxLength={18} autoComplete="off" />
      </Form.Item>
      <Form.Item name="name" label={t(kind === 'provider' ? 'reg.providerName' : 'reg.enterpriseName')} rules={[required]}>
        <Input data-testid="reg-name" maxLength={200} />
      </Form.Item>
      <Form.Item
        name="regionCode"
        label={t('reg.region')}
        extra={kind === 'enterprise' ? t('reg.regionHintEnterprise') : undefined}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Select
          data-testid="reg-region"
          showSearch={{ optionFilterProp: 'label' }}
          options={regions.map((r) => ({ value: r.code, label: `${r.name} ${r.code}` }))}
        />
      </Form.Item>
      <Form.Item name="legalRepresentative" label={t('reg.legalRepresentative')} rules={[required]}>
        <Input data-testid="reg-legal" maxLength={100} />
      </Form.Item>
      <Form.Item name="contactName" label={t('reg.contactName')} rules={[required]}>
        <Input data-testid="reg-contact" maxLength={100} />
      </Form.Item>
      <Form.Item name="contactPhone" label={t('reg.contactPhone')} rules={[required, { pattern: MOBILE, message: t('reg.phoneInvalid') }]}>
        <Input data-testid="reg-phone" inputMode="tel" maxLength={11} />
      </Form.Item>
      <Form.Item name="address" label={t('reg.address')} rules={[required]}>
        <Input data-testid="reg-address" maxLength={300} />
      </Form.Item>
      {kind === 'provider' && (
        <>
          {complexes.length > 0 && (
            <Form.Item name={['provider', 'complexId']} label={t('reg.complex')}>
              <Select
                data-testid="reg-complex"
                allowClear
                options={complexes.map((c) => ({ value: c.id, label: c.name }))}
                showSearch={{ optionFilterProp: 'label' }}
              />
            </Form.Item>
          )}
          <Form.Item
            name={['provider', 'categories']}
            label={t('reg.categories')}
            rules={[{ required: true, message: t('reg.categoriesRequired') }]}
          >
            <Select data-testid="reg-categories" mode="multiple" options={categoryOptions} />
          </Form.Item>
          <Form.List name={['provider', 'accreditations']}>
            {(fields, { add, remove }) => (
              <Form.Item label={t('reg.accreditations')} extra={t('reg.accreditationsHint')}>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'type']} rules={[{ required: true, message: t('common.required') }]}>
                      <Select placeholder={t('admin.accType')} style={{ width: 90 }} options={[{ value: 'CMA' }, { value: 'CNAS' }]} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'number']} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
                      <Input placeholder={t('admin.accNumber')} style={{ width: 170 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'validUntil']} rules={[{ required: true, message: t('common.required') }]}>
                      <DatePicker placeholder={t('admin.accValidUntil')} />
                    </Form.Item>
                    <MinusCircleOutlined
                      aria-label={t('documents.remove')}
                      onClick={() => {
                        remove(f.name);
                      }}
                    />
                  </Space>
                ))}
                <Button
                  data-testid="reg-add-accreditation"
                  type="dashed"
                  onClick={() => {
                    add();
                  }}
                >
                  {t('admin.addAcc')}
                </Button>
              </Form.Item>
            )}
          </Form.List>
          <Form.Item name={['provider', 'bankAccount', 'bankName']} label={t('admin.bankName')} rules={[required]}>
            <Input data-testid="reg-bank" maxLength={200} />
          </Form.Item>
          <Form.Item
            name={['provider', 'bankAccount', 'accountName']}
            label={t('admin.accountName')}
            extra={t('reg.accountNameHint')}
            rules={[required]}
          >
            <Input data-testid="reg-account-name" maxLength={200} />
          </Form.Item>
          <Form.Item
            name={['provider', 'bankAccount', 'accountNo']}
            label={t('admin.accountNo')}
            rules={[required, { pattern: /^[0-9A-Za-z -]{4,64}$/, message: t('reg.accountNoInvalid') }]}
          >
            <Input data-testid="reg-account-no" inputMode="numeric" maxLength={64} />
          </Form.Item>
        </>
      )}
    </>
  );
}

/** The API's fields from the form's values (trimmed; the provider part only for a provider). */
export function fieldsOf(kind: RegistrationKind, v: FieldValues): RegistrationFields {
  const fields: RegistrationFields = {
    uscc: v.uscc.trim().toUpperCase(),
    name: v.name.trim(),
    regionCode: v.regionCode,
    legalRepresentative: v.legalRepresentative.trim(),
    contactName: v.contactName.trim(),
    contactPhone: v.contactPhone.trim(),
    address: v.address.trim(),
  };
  if (kind === 'provider' && v.provider)
    fields.provider = {
      ...(v.provider.complexId ? { complexId: v.provider.complexId } : {}),
      categories: v.provider.categories,
      accreditations: (v.provider.accreditations ?? []).map((a) => ({
        type: a.type,
        number: a.number.trim(),
        validUntil: a.validUntil.format('YYYY-MM-DD'),
      })),
      bankAccount: {
        bankName: v.provider.bankAccount.bankName.trim(),
        accountName: v.provider.bankAccount.accountName.trim(),
        accountNo: v.provider.bankAccount.accountNo.trim(),
      },
    };
  return fields;
}

/** A registration's fields as the form's initial values (for a correction after a rejection). */
export function valuesOf(r: Registration): FieldValues {
  return {
    uscc: r.uscc,
    name: r.name,
    regionCode: r.regionCode,
    legalRepresentative: r.legalRepresentative,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    address: r.address,
    provider: r.provider
      ? {
          complexId: r.provider.complexId ?? undefined,
          categories: r.provider.categories,
          accreditations: r.provider.accreditations.map((a) => ({ ...a, validUntil: dayjs(a.validUntil) })),
          // a masked number (6217 **** **** 1234) is not sent back: the applicant types it again
          bankAccount: {
            ...r.provider.bankAccount,
            accountNo: r.provider.bankAccount.accountNo.includes('*') ? '' : r.provider.bankAccount.accountNo,
          },
        }
      : undefined,
  };
}

/** 待审核 / 已通过 / 已驳回, as an applicant and a reviewer read a registration's state. */
export function RegistrationStatusTag({ status }: { status: RegistrationStatus }) {
  const t = useT();
  return <StatusTag status={status} label={t(`reg.status.${status}` as MessageKey)} />;
}

/** Every field of a registration, read-only (the reviewer's drawer, the applicant's page). */
export function RegistrationDetails({ registration: r }: { registration: Registration }) {
  const t = useT();
  const regions = useSignUpRegions();
  const complexes = useComplexes();
  const region = regions.find((x) => x.code === r.regionCode);
  const items = [
    { key: 'kind', label: t('reg.kind'), children: t(`reg.kind.${r.kind}` as MessageKey) },
    { key: 'status', label: t('common.status'), children: <RegistrationStatusTag status={r.status} /> },
    ...(r.rejectionReason ? [{ key: 'reject', label: t('reg.rejectReason'), children: r.rejectionReason }] : []),
    ...(r.comment ? [{ key: 'comment', label: t('review.comment'), children: r.comment }] : []),
    { key: 'username', label: t('auth.username'), children: r.username },
    { key: 'name', label: t(r.kind === 'provider' ? 'reg.providerName' : 'reg.enterpriseName'), children: r.name },
    { key: 'uscc', label: t('reg.uscc'), children: <span data-testid="reg-detail-uscc">{r.uscc}</span> },
    { key: 'region', label: t('reg.region'), children: region ? `${region.name} ${r.regionCode}` : r.regionCode },
    { key: 'legal', label: t('reg.legalRepresentative'), children: r.legalRepresentative },
    { key: 'contact', label: t('reg.contactName'), children: r.contactName },
    { key: 'phone', label: t('reg.contactPhone'), children: r.contactPhone },
    { key: 'address', label: t('reg.address'), children: r.address },
    ...(r.provider
      ? [
          {
            key: 'complex',
            label: t('reg.complex'),
            children: r.provider.complexId
              ? (complexes.find((c) => c.id === r.provider?.complexId)?.name ?? r.provider.complexId)
              : t('sector.none'),
          },
          {
            key: 'categories',
            label: t('reg.categories'),
            children: r.provider.categories.map((c) => t(`category.${c}` as MessageKey)).join('、'),
          },
          {
            key: 'acc',
            label: t('reg.accreditations'),
            children: r.provider.accreditations.length
              ? r.provider.accreditations.map((a) => (
                  <div key={`${a.type}${a.number}`}>
                    {a.type} {a.number}（{t('admin.accValidUntil')} {a.validUntil}）
                  </div>
                ))
              : '—',
          },
          { key: 'bank', label: t('admin.bankName'), children: r.provider.bankAccount.bankName },
          { key: 'accountName', label: t('admin.accountName'), children: r.provider.bankAccount.accountName },
          { key: 'accountNo', label: t('admin.accountNo'), children: r.provider.bankAccount.accountNo },
        ]
      : []),
    { key: 'submitted', label: t('reg.submittedAt'), children: <DateTime iso={r.submittedAt} /> },
    ...(r.submissions > 1 ? [{ key: 'submissions', label: t('reg.submissions'), children: r.submissions }] : []),
    ...(r.decidedAt ? [{ key: 'decided', label: t('reg.decidedAt'), children: <DateTime iso={r.decidedAt} /> }] : []),
  ];
  return <Descriptions data-testid="registration-details" size="small" bordered column={1} items={items} />;
}
