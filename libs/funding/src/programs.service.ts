import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { type Actor, type Category, Clock, DomainError } from '@ivl/core';
import { toBigInt, TransactionRunner } from '@ivl/database';
import { RegionsService } from '@ivl/registry';
import type { NewProgram, Program } from './fund.types.js';
import { FundsService } from './funds.service.js';

interface ProgramRow {
  id: string;
  name: string;
  year: number;
  issuer_region_code: string;
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
  funding: Array<{ fundId: string; shareBp: number; regionCode: string }>;
}

const SELECT_PROGRAM = `
  SELECT p.*, (SELECT json_agg(json_build_object('fundId', f.fund_id, 'shareBp', f.share_bp, 'regionCode', fu.region_code) ORDER BY f.position)
                 FROM program_funding f JOIN funds fu ON fu.id = f.fund_id WHERE f.program_id = p.id) AS funding
    FROM programs p`;

/** Voucher programs (创新券政策): their rules and co-funding shares. Programs are public to every signed-in user. */
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
    const fundIds = input.funding.map((f) => f.fundId);
    if (new Set(fundIds).size !== fundIds.length) throw DomainError.validation('funding', 'a fund may appear only once');
    if (input.funding.reduce((sum, f) => sum + f.shareBp, 0) !== 10_000) {
      throw DomainError.validation('funding', 'shares must sum to 10000 basis points');
    }
    const known = new Set((await this.funds.findByIds(this.dataSource.manager, fundIds)).map((f) => f.id));
    const unknown = fundIds.findIndex((id) => !known.has(id));
    if (unknown >= 0) throw DomainError.validation(`funding[${unknown}].fundId`, 'unknown fund');

    return this.tx.run(async (manager) => {
      const [row]: Array<{ id: string }> = await manager.query(
        `INSERT INTO programs (name, year, issuer_region_code, categories, ratio_bp, full_coverage_up_to, out_of_region_ratio_bp,
                               per_voucher_max, enterprise_annual_cap, controller_annual_cap, validity_days, claim_window_days,
                               city_review_required, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
        [
          input.name,
          input.year,
          input.issuerRegionCode,
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
          this.clock.now(),
        ],
      );
      const id = row!.id;
      await manager.query(
        `INSERT INTO program_funding (program_id, position, fund_id, share_bp)
         SELECT $1, ord - 1, fund_id, share_bp FROM unnest($2::uuid[], $3::int[]) WITH ORDINALITY AS f(fund_id, share_bp, ord)`,
        [id, fundIds, input.funding.map((f) => f.shareBp)],
      );
      await this.audit.record(manager, actor, {
        entityType: 'program',
        entityId: id,
        action: 'create',
        scope: { regionCode: input.issuerRegionCode },
        data: { name: input.name, funding: input.funding },
      });
      return (await this.find(manager, id))!;
    });
  }

  async get(id: string): Promise<Program> {
    const program = await this.find(this.dataSource.manager, id);
    if (!program) throw DomainError.notFound('program');
    return program;
  }

  async list(filter: { issuerRegionCode?: string; year?: number }): Promise<Program[]> {
    const rows: ProgramRow[] = await this.dataSource.query(
      `${SELECT_PROGRAM} WHERE ($1::varchar IS NULL OR p.issuer_region_code = $1) AND ($2::int IS NULL OR p.year = $2)
        ORDER BY p.created_at, p.id`,
      [filter.issuerRegionCode ?? null, filter.year ?? null],
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
    funding: row.funding ?? [],
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
