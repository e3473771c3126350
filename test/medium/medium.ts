import { randomUUID } from 'node:crypto';
import type { Abstract, DynamicModule, Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { Queue } from 'bullmq';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ConfigModule, loadConfig } from '@ivl/config';
import { type Actor, Clock, FixedClock, type Role } from '@ivl/core';
import { DatabaseModule, TransactionRunner } from '@ivl/database';
import { bullConnection, QUEUE_NAMES } from '@ivl/jobs';
import { type Fund, FundingModule, FundsService, type NewProgram, type Program, ProgramsService } from '@ivl/funding';
import { type Account, IdentityModule, IdentityService } from '@ivl/identity';
import { LedgerModule, type LedgerReport, LedgerVerifier } from '@ivl/ledger';
import {
  type Enterprise,
  EnterprisesService,
  type NewEnterprise,
  type NewProvider,
  type Provider,
  ProvidersService,
  RegistryModule,
} from '@ivl/registry';
import { ApplicationsService, type Voucher, VouchersModule } from '@ivl/vouchers';
import { createTestDatabase, databaseUrl, dropTestDatabase } from '../support/test-databases.js';
import { enterpriseBody, PASSWORD, providerBody } from '../support/bodies.js';

export { PASSWORD };

/**
 * The medium test layer: a lib service called directly (no HTTP, no guards, no controllers) on a real
 * database cloned from the migrated template. One module and one database per spec file; each test
 * builds the few rows it needs through the context's factories, which go through the libs' own
 * services, so a fixture is always a state the application itself could reach.
 */
export interface MediumService<T> {
  /** The service under test. */
  sut: T;
  ctx: MediumContext;
  /** Runs a use case in one transaction, as the API's transaction boundary does: `m.tx((manager) => m.sut.allocate(manager, actor, …))`. */
  tx<R>(work: (manager: EntityManager) => Promise<R>): Promise<R>;
  close(): Promise<void>;
}

/** Modules every medium module holds: what the context's factories call. */
const FIXTURE_MODULES = [RegistryModule, LedgerModule, FundingModule, VouchersModule, IdentityModule];

export async function newMediumService<T>(
  service: Type<T>,
  options: { imports?: Array<Type<unknown> | DynamicModule>; now?: string; env?: Record<string, string> } = {},
): Promise<MediumService<T>> {
  const databaseName = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl(databaseName),
    DATABASE_POOL_SIZE: '5',
    // The libs that notify write outbox rows, and the outbox dispatcher (JobsModule) delivers them:
    // to queues of this database's own, removed at close.
    QUEUE_PREFIX: `ivl-medium-${databaseName}`,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const clock = new FixedClock(new Date(options.now ?? '2026-03-10T10:00:00+08:00'));
  let moduleRef: TestingModule | undefined;
  try {
    moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), DatabaseModule, ...FIXTURE_MODULES, ...(options.imports ?? [])],
    })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    await moduleRef.init();
  } catch (error) {
    await moduleRef?.close();
    await dropTestDatabase(databaseName);
    throw error;
  }
  const ref = moduleRef;
  const ctx = new MediumContext(ref, clock);
  return {
    sut: ref.get(service, { strict: false }),
    ctx,
    tx: (work) => ctx.tx(work),
    close: async () => {
      await ref.close();
      for (const name of QUEUE_NAMES) {
        const queue = new Queue(name, { connection: bullConnection(config), prefix: config.redis.queuePrefix });
        await queue.obliterate({ force: true });
        await queue.close();
      }
      await dropTestDatabase(databaseName);
    },
  };
}

/** The default rules of a test program; a test overrides only the rule it is about. */
export const PROGRAM_DEFAULTS = {
  name: '科技创新券',
  year: 2026,
  issuerRegionCode: '330702',
  categories: ['TESTING', 'DESIGN', 'RND'],
  ratioBp: 5000,
  fullCoverageUpTo: null,
  outOfRegionRatioBp: null,
  perVoucherMax: 10_000_000n,
  enterpriseAnnualCap: 50_000_000n,
  controllerAnnualCap: null,
  validityDays: 180,
  claimWindowDays: 90,
  cityReviewRequired: false,
} satisfies Omit<NewProgram, 'funding'>;

/** Fixture factories named by intention, and the actors that call the service under test. */
export class MediumContext {
  private readonly actors = new Map<string, Promise<Actor>>();

  constructor(
    private readonly moduleRef: TestingModule,
    readonly clock: FixedClock,
  ) {}

  get<S>(type: Type<S> | Abstract<S>): S {
    return this.moduleRef.get(type, { strict: false });
  }

  /** Runs `work` in one transaction (retried on a deadlock), as the API's transaction boundary does. */
  tx<R>(work: (manager: EntityManager) => Promise<R>): Promise<R> {
    return this.get(TransactionRunner).run(work);
  }

  get db(): DataSource {
    return this.moduleRef.get<DataSource>(getDataSourceToken(), { strict: false });
  }

  /**
   * The actor of a stored user of `role` bound to its scope (a region code, a provider id or an
   * enterprise id), one per role and scope in a file. Stored because rows name who acted
   * (program_funding.approved_by references users); authentication itself is the API's business.
   */
  actor(role: 'city_admin' | 'auditor'): Promise<Actor>;
  actor(role: 'county_officer' | 'finance' | 'provider' | 'enterprise', scope: string): Promise<Actor>;
  actor(role: Role, scope?: string): Promise<Actor> {
    const key = `${role}:${scope ?? ''}`;
    if (!this.actors.has(key)) {
      const field = { county_officer: 'regionCode', finance: 'regionCode', provider: 'providerId', enterprise: 'enterpriseId' }[
        role as string
      ];
      this.actors.set(key, this.newUser(role, field ? { [field]: scope } : {}));
    }
    return this.actors.get(key)!;
  }

  /** A new stored user with PASSWORD (an Account is also the Actor it acts as). */
  newUser(role: Role, scope: { regionCode?: string; providerId?: string; enterpriseId?: string } = {}): Promise<Account> {
    // Created in the name of a city admin who needs no row of its own (the audit log keeps the id only).
    const creator: Actor = { userId: randomUUID(), username: 'medium-setup', role: 'city_admin' };
    const username = `${role}-${randomUUID().slice(0, 8)}`;
    return this.tx((manager) => this.get(IdentityService).createUser(manager, creator, { username, password: PASSWORD, role, ...scope }));
  }

  /** A fund of `regionCode` for 2026, with `allocated` fen moved in by the region's finance bureau. */
  async newFund(regionCode: string, allocated = 0n, year = 2026): Promise<Fund> {
    const funds = this.get(FundsService);
    const admin = await this.actor('city_admin');
    const fund = await this.tx((manager) => funds.create(manager, admin, { regionCode, year, name: `资金池-${randomUUID().slice(0, 8)}` }));
    if (allocated > 0n) {
      const finance = await this.actor('finance', regionCode);
      await this.tx((manager) => funds.allocate(manager, finance, { fundId: fund.id, amount: allocated, reference: `拨款-${allocated}` }));
    }
    return fund;
  }

  /** A program with the default rules (overridable), by `by` (the city admin: every share approved at once). */
  async newProgram(rules: Partial<NewProgram> & Pick<NewProgram, 'funding'>, by?: Actor): Promise<Program> {
    const actor = by ?? (await this.actor('city_admin'));
    return this.tx((manager) => this.get(ProgramsService).create(manager, actor, { ...PROGRAM_DEFAULTS, ...rules }));
  }

  /** An active program of 婺城 paid wholly by one fund of 婺城 holding `allocated` fen. */
  async newFundedProgram(rules: Partial<NewProgram> = {}, allocated = 100_000_000n): Promise<Program> {
    const fund = await this.newFund(rules.issuerRegionCode ?? PROGRAM_DEFAULTS.issuerRegionCode, allocated);
    return this.newProgram({ funding: [{ fundId: fund.id, shareBp: 10_000 }], ...rules });
  }

  async newEnterprise(overrides: Partial<NewEnterprise> = {}): Promise<Enterprise> {
    const admin = await this.actor('city_admin');
    return this.tx((manager) => this.get(EnterprisesService).create(manager, admin, enterpriseBody(overrides) as NewEnterprise));
  }

  async newProvider(overrides: Partial<NewProvider> = {}): Promise<Provider> {
    const admin = await this.actor('city_admin');
    return this.tx((manager) => this.get(ProvidersService).create(manager, admin, providerBody(overrides) as NewProvider));
  }

  /** A voucher of `amount` fen: the enterprise applies, the issuing region's officer (and the city, if needed) approves. */
  async newVoucher(program: Program, enterprise: Enterprise, amount: bigint): Promise<Voucher> {
    const applications = this.get(ApplicationsService);
    const tx = this.get(TransactionRunner);
    const applicant = await this.actor('enterprise', enterprise.id);
    const application = await tx.run((m) => applications.apply(m, applicant, { programId: program.id, amount, purpose: '检测' }));
    const issuer = program.issuerRegionCode;
    const reviewer = issuer === '330700' ? await this.actor('city_admin') : await this.actor('county_officer', issuer);
    const city = await this.actor('city_admin');
    let decided = await tx.run((m) => applications.approve(m, reviewer, { id: application.id, comment: null }));
    if (!decided.voucher) decided = await tx.run((m) => applications.approve(m, city, { id: application.id, comment: null }));
    return decided.voucher!;
  }

  verifyLedger(): Promise<LedgerReport> {
    return this.get(LedgerVerifier).verify();
  }

  /** Rows of a table, to show a refused call wrote nothing. */
  async count(table: 'redemptions' | 'ledger_transactions' | 'allocations' | 'programs' | 'vouchers' | 'audit_log'): Promise<number> {
    const [row]: Array<{ n: number }> = await this.db.query(`SELECT count(*)::int AS n FROM ${table}`);
    return row.n;
  }
}
