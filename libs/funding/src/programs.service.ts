import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { type Actor, bureauRegionOf, type Category, Clock, DomainError } from '@ivl/core';
import { toBigInt, TransactionRunner } from '@ivl/database';
import { RegionsService } from '@ivl/registry';
import type { NewProgram, Program, ProgramStatus } from './fund.types.js';
import { FundsService } from './funds.service.js';

interface ProgramRow {
  id: string;
  name: string;
  year: number;
  issuer_region_code: string;
  status: ProgramStatus;
  categories: Category[];
  ratio_bp: number;
  full_coverage_up_to: string | null;
  out_of_region_ratio_bp: number | null;
  per_voucher_max: string;
  enterprise_annual_cap: string;
  controller_annual_cap: string | null;
  validity_days: number;
  claim_window_days: number;
  city_review_required: boolean;
  created_at: Date;
  funding: Array<{ fundId: string; shareBp: number; regionCode: string; approvedAt: string | null }>;
}

const SELECT_PROGRAM = `
  SELECT p.*, (SELECT json_agg(json_build_object('fundId', f.fund_id, 'shareBp', f.share_bp, 'regionCode', fu.region_code,
                                                 'approvedAt', f.approved_at) ORDER BY f.position)
                 FROM program_funding f JOIN funds fu ON fu.id = f.fund_id WHERE f.program_id = p.id) AS funding
    FROM programs p`;

/**
 * Who reads a program: an active one is public to every signed-in user; a proposed one only to the
 * city-wide readers ($1) and to the bureaus ($2) of its issuer region or of a region whose fund it
 * names (they must see it to approve it). Everyone else gets 404, as if it did not exist yet.
 */
const READABLE = `(p.status = 'active' OR $1::boolean OR p.issuer_region_code = $2::varchar
  OR EXISTS (SELECT 1 FROM program_funding f JOIN funds fu ON fu.id = f.fund_id WHERE f.program_id = p.id AND fu.region_code = $2::varchar))`;

/** Voucher programs (创新券政策): their rules, co-funding shares and the funding regions' approval of those shares. */
@Injectable()
export class ProgramsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly regions: RegionsService,
    private readonly funds: FundsService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, input: NewProgram): Promise<Program> {
    const allowed = actor.role === 'city_admin' || (actor.role === 'county_officer' && actor.regionCode === input.issuerRegionCode);
    if (!allowed) throw DomainError.forbidden('only the city admin or the officer of the issuing region creates a program');
    await this.regions.requireExisting(input.issuerRegionCode, 'issuerRegionCode');
    assertCapsInOrder(input);
    const fundIds = input.funding.map((f) => f.fundId);
    if (new Set(fundIds).size !== fundIds.length) throw DomainError.validation('funding', 'a fund may appear only once');
    if (input.funding.reduce((sum, f) => sum + f.shareBp, 0) !== 10_000) {
      throw DomainError.validation('funding', 'shares must sum to 10000 basis points');
    }
    const funds = new Map((await this.funds.findByIds(this.dataSource.manager, fundIds)).map((f) => [f.id, f]));
    const unknown = fundIds.findIndex((id) => !funds.has(id));
    if (unknown >= 0) throw DomainError.validation(`funding[${unknown}].fundId`, 'unknown fund');
    const otherYear = fundIds.find((id) => funds.get(id)!.year !== input.year);
    if (otherYear) {
      throw DomainError.validation('year', `must equal the year of every fund it names (fund "${funds.get(otherYear)!.name}" is for ${funds.get(otherYear)!.year})`);
    }
    // The issuer may commit its own region's money; another region's share waits for that region,
    // unless the city admin, who may commit any fund, creates the program.
    const approved = fundIds.map((id) => actor.role === 'city_admin' || funds.get(id)!.regionCode === input.issuerRegionCode);
    const status: ProgramStatus = approved.every(Boolean) ? 'active' : 'proposed';

    return this.tx.run(async (manager) => {
      const now = this.clock.now();
      const [row]: Array<{ id: string }> = await manager.query(
        `INSERT INTO programs (name, year, issuer_region_code, status, categories, ratio_bp, full_coverage_up_to, out_of_region_ratio_bp,
                               per_voucher_max, enterprise_annual_cap, controller_annual_cap, validity_days, claim_window_days,
                               city_review_required, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
        [
          input.name,
          input.year,
          input.issuerRegionCode,
          status,
          [...new Set(input.categories)],
          input.ratioBp,
          input.fullCoverageUpTo?.toString() ?? null,
          input.outOfRegionRatioBp,
          input.perVoucherMax.toString(),
          input.enterpriseAnnualCap.toString(),
          input.controllerAnnualCap?.toString() ?? null,
          input.validityDays,
          input.claimWindowDays,
          input.cityReviewRequired,
          now,
        ],
      );
      const id = row!.id;
      await manager.query(
        `INSERT INTO program_funding (program_id, position, fund_id, share_bp, approved_at, approved_by)
         SELECT $1, ord - 1, fund_id, share_bp, CASE WHEN approved THEN $5::timestamptz END, CASE WHEN approved THEN $6::uuid END
           FROM unnest($2::uuid[], $3::int[], $4::boolean[]) WITH ORDINALITY AS f(fund_id, share_bp, approved, ord)`,
        [id, fundIds, input.funding.map((f) => f.shareBp), approved, now, actor.userId],
      );
      await this.audit.record(manager, actor, {
        entityType: 'program',
        entityId: id,
        action: 'create',
        toState: status,
        scope: { regionCode: input.issuerRegionCode },
        data: { name: input.name, funding: input.funding.map((f, i) => ({ ...f, approved: approved[i] })) },
      });
      return (await this.find(manager, id))!;
    });
  }

  /**
   * The fund's region agrees to pay its share of a proposed program (the city admin may approve any
   * share, finance only those of its region's funds). The last approval makes the program active.
   */
  async approveFunding(actor: Actor, programId: string, fundId: string): Promise<Program> {
    if (actor.role !== 'city_admin' && actor.role !== 'finance') {
      throw DomainError.forbidden("only the city admin or the finance bureau of the fund's region approves a funding share");
    }
    return this.tx.run(async (manager) => {
      // Lock first, read after, in two statements: a read taken in the locking statement would keep
      // the snapshot from before the wait, and of two regions approving the last two shares at once
      // the second would not see the first's approval and leave the program proposed for ever.
      await manager.query(`SELECT 1 FROM programs WHERE id = $1 FOR UPDATE`, [programId]);
      const program = await this.find(manager, programId);
      const share = program?.funding.find((f) => f.fundId === fundId);
      if (!program || !share || (actor.role === 'finance' && share.regionCode !== actor.regionCode)) throw DomainError.notFound('funding share');
      if (share.approvedAt) throw DomainError.invalidState('this funding share is approved already');
      const now = this.clock.now();
      await manager.query(`UPDATE program_funding SET approved_at = $3, approved_by = $4 WHERE program_id = $1 AND fund_id = $2`, [
        programId,
        fundId,
        now,
        actor.userId,
      ]);
      const status: ProgramStatus = program.funding.every((f) => f.fundId === fundId || f.approvedAt) ? 'active' : 'proposed';
      if (status !== program.status) await manager.query(`UPDATE programs SET status = $2 WHERE id = $1`, [programId, status]);
      await this.audit.record(manager, actor, {
        entityType: 'program',
        entityId: programId,
        action: 'approve-funding',
        fromState: program.status,
        toState: status,
        scope: { regionCode: program.issuerRegionCode },
        data: { fundId, fundRegionCode: share.regionCode, shareBp: share.shareBp },
      });
      return (await this.find(manager, programId))!;
    });
  }

  async get(actor: Actor, id: string): Promise<Program> {
    const scope = proposedReadScope(actor);
    const rows: ProgramRow[] = await this.dataSource.query(`${SELECT_PROGRAM} WHERE ${READABLE} AND p.id = $3`, [scope.all, scope.regionCode, id]);
    if (!rows[0]) throw DomainError.notFound('program');
    return toProgram(rows[0]);
  }

  async list(actor: Actor, filter: { issuerRegionCode?: string; year?: number; status?: ProgramStatus }): Promise<Program[]> {
    const scope = proposedReadScope(actor);
    const rows: ProgramRow[] = await this.dataSource.query(
      `${SELECT_PROGRAM} WHERE ${READABLE} AND ($3::varchar IS NULL OR p.issuer_region_code = $3) AND ($4::int IS NULL OR p.year = $4)
          AND ($5::text IS NULL OR p.status = $5)
        ORDER BY p.created_at, p.id`,
      [scope.all, scope.regionCode, filter.issuerRegionCode ?? null, filter.year ?? null, filter.status ?? null],
    );
    return rows.map(toProgram);
  }

  /** The program, optionally locked FOR UPDATE (final approvals lock it so caps hold when they race). */
  async find(manager: EntityManager, id: string, lock = false): Promise<Program | undefined> {
    const rows: ProgramRow[] = await manager.query(`${SELECT_PROGRAM} WHERE p.id = $1 ${lock ? 'FOR UPDATE OF p' : ''}`, [id]);
    return rows[0] ? toProgram(rows[0]) : undefined;
  }

  /** The region that issued a program (whose officer reviews its applications and claims); undefined for an unknown id. */
  async issuerRegionOf(manager: EntityManager, programId: string): Promise<string | undefined> {
    const [row]: Array<{ issuer_region_code: string }> = await manager.query(`SELECT issuer_region_code FROM programs WHERE id = $1`, [programId]);
    return row?.issuer_region_code;
  }
}

function toProgram(row: ProgramRow): Program {
  return {
    id: row.id,
    name: row.name,
    year: row.year,
    issuerRegionCode: row.issuer_region_code,
    status: row.status,
    funding: (row.funding ?? []).map((f) => ({ ...f, approvedAt: f.approvedAt === null ? null : new Date(f.approvedAt) })),
    categories: row.categories,
    ratioBp: row.ratio_bp,
    fullCoverageUpTo: row.full_coverage_up_to === null ? null : toBigInt(row.full_coverage_up_to),
    outOfRegionRatioBp: row.out_of_region_ratio_bp,
    perVoucherMax: toBigInt(row.per_voucher_max),
    enterpriseAnnualCap: toBigInt(row.enterprise_annual_cap),
    controllerAnnualCap: row.controller_annual_cap === null ? null : toBigInt(row.controller_annual_cap),
    validityDays: row.validity_days,
    claimWindowDays: row.claim_window_days,
    cityReviewRequired: row.city_review_required,
    createdAt: row.created_at,
  };
}

/** City-wide readers see every proposed program; a bureau those that concern its region; parties none. */
function proposedReadScope(actor: Actor): { all: boolean; regionCode: string | null } {
  if (actor.role === 'provider' || actor.role === 'enterprise') return { all: false, regionCode: null };
  const regionCode = bureauRegionOf(actor);
  return { all: regionCode === undefined, regionCode: regionCode ?? null };
}

/** docs/domain.md caps: one voucher never exceeds what the enterprise (or its controller) may get in the year. */
function assertCapsInOrder(input: NewProgram): void {
  if (input.perVoucherMax > input.enterpriseAnnualCap) throw DomainError.validation('perVoucherMax', 'must not exceed enterpriseAnnualCap');
  if (input.controllerAnnualCap !== null && input.perVoucherMax > input.controllerAnnualCap) {
    throw DomainError.validation('perVoucherMax', 'must not exceed controllerAnnualCap');
  }
}
