import { randomUUID } from 'node:crypto';
import { pdf, upload } from './documents.js';
import { newUscc } from './uscc.js';
import { PASSWORD, type TestApp } from './test-app.js';

/** A sign-up body (POST /registrations) of an enterprise, or of a provider with `kind: 'provider'`. */
export function signUpBody(kind: 'enterprise' | 'provider' = 'enterprise', overrides: Record<string, unknown> = {}) {
  const base = {
    kind,
    username: `reg-${randomUUID().slice(0, 12)}`,
    password: PASSWORD,
    uscc: newUscc(kind === 'enterprise' ? '91330703' : '91330702'),
    name: kind === 'enterprise' ? '金华市金东区精工五金制品有限公司' : '浙江金华检验检测研究院有限公司',
    regionCode: '330702',
    legalRepresentative: '王建国',
    contactName: '陈晓燕',
    contactPhone: '13905791234',
    address: '浙江省金华市婺城区宾虹西路 2666 号',
  };
  const provider =
    kind === 'provider'
      ? {
          provider: {
            categories: ['TESTING', 'DESIGN'],
            accreditations: [{ type: 'CMA', number: 'CMA-2025-0101', validUntil: '2029-06-30' }],
            bankAccount: {
              bankName: '中国工商银行金华分行',
              accountName: '浙江金华检验检测研究院有限公司',
              accountNo: '1208010009200654321',
            },
          },
        }
      : {};
  return { ...base, ...provider, ...overrides };
}

/** Signs up and logs in as the applicant: its registration id, bearer header and username. */
export async function signUp(
  t: TestApp,
  kind: 'enterprise' | 'provider' = 'enterprise',
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; token: string; username: string; uscc: string }> {
  const body = signUpBody(kind, overrides);
  const response = await t.http().post('/registrations').send(body);
  if (response.status !== 201) throw new Error(`sign-up failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { id: response.body.id as string, token: await t.login(body.username, PASSWORD), username: body.username, uscc: body.uscc };
}

/** The applicant uploads its business licence (营业执照) and attaches it to its registration; answers the document id. */
export async function attachLicence(t: TestApp, applicant: { id: string; token: string }): Promise<string> {
  const licence = await upload(t, applicant.token, pdf(`licence ${applicant.id}`), '营业执照.pdf');
  const response = await t
    .http()
    .post(`/registrations/${applicant.id}/documents`)
    .set('authorization', applicant.token)
    .send({ documentIds: [licence.id] });
  if (response.status !== 200) throw new Error(`attach failed: ${response.status} ${JSON.stringify(response.body)}`);
  return licence.id as string;
}
