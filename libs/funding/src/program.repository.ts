import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Category, Scope } from '@ivl/core';
import { toBigInt } from '@ivl/database';
import type { NewProgram, Program, ProgramStatus } from './fund.types.js';

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
  /** json_agg of no rows is null. */
  funding: Array<{ fundId: string; shareBp: number; regionCode: string; approvedAt: string | null }> | null;
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

/** The programs and program_funding tables. */
@Injectable()
export class ProgramRepository {
  /** Inserts the program and its funding shares (`approved[i]`: the i-th share is approved now by `by`); answers its id. */
  async insert(
    manager: EntityManager,
    program: Omit<NewProgram, 'funding'> & { status: ProgramStatus; createdAt: Date },
    funding: { fundIds: string[]; sharesBp: number[]; approved: boolean[]; by: string },
  ): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO programs (name, year, issuer_region_code, status, categories, ratio_bp, full_coverage_up_to, out_of_region_ratio_bp,
                             per_voucher_max, enterprise_annual_cap, controller_annual_cap, validity_days, claim_window_days,
                             city_review_required, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
      [
        program.name,
        program.year,
        program.issuerRegionCode,
        program.status,
        [...new Set(program.categories)],
        program.ratioBp,
        program.fullCoverageUpTo?.toString() ?? null,
        program.outOfRegionRatioBp,
        program.perVoucherMax.toString(),
        program.enterpriseAnnualCap.toString(),
        program.controllerAnnualCap?.toString() ?? null,
        program.validityDays,
        program.claimWindowDays,
        program.cityReviewRequired,
        program.createdAt,
      ],
    );
    const id = row.id;
    await manager.query(
      `INSERT INTO program_funding (program_id, position, fund_id, share_bp, approved_at, approved_by)
       SELECT $1, ord - 1, fund_id, share_bp, CASE WHEN approved THEN $5::timestamptz END, CASE WHEN approved THEN $6::uuid END
         FROM unnest($2::uuid[], $3::int[], $4::boolean[]) WITH ORDINALITY AS f(fund_id, share_bp, approved, ord)`,
      [id, funding.fundIds, funding.sharesBp, funding.approved, program.createdAt, funding.by],
    );
    return id;
  }

  /**
   * Locks the program to the end of the transaction. Lock first, read after, in two statements: a
   * read taken in the locking statement would keep the snapshot from before the wait.
   */
  async lockForApproval(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`SELECT 1 FROM programs WHERE id = $1 FOR UPDATE`, [id]);
  }

  async approveShare(manager: EntityManager, programId: string, fundId: string, at: Date, by: string): Promise<void> {
    await manager.query(`UPDATE program_funding SET approved_at = $3, approved_by = $4 WHERE program_id = $1 AND fund_id = $2`, [
      programId,
      fundId,
      at,
      by,
    ]);
  }

  async setStatus(manager: EntityManager, id: string, status: ProgramStatus): Promise<void> {
    await manager.query(`UPDATE programs SET status = $2 WHERE id = $1`, [id, status]);
  }

  /** The program, optionally locked FOR UPDATE. */
  async findById(manager: EntityManager, id: string, lock = false): Promise<Program | undefined> {
    const rows: ProgramRow[] = await manager.query(`${SELECT_PROGRAM} WHERE p.id = $1 ${lock ? 'FOR UPDATE OF p' : ''}`, [id]);
    return rows[0] ? toProgram(rows[0]) : undefined;
  }

  /** The program if it is readable with `proposedScope` (the scope of proposed programs; undefined: none). */
  async findReadable(manager: EntityManager, proposedScope: Scope | undefined, id: string): Promise<Program | undefined> {
    const rows: ProgramRow[] = await manager.query(`${SELECT_PROGRAM} WHERE ${READABLE} AND p.id = $3`, [
      ...readableParams(proposedScope),
      id,
    ]);
    return rows[0] ? toProgram(rows[0]) : undefined;
  }

  async listReadable(
    manager: EntityManager,
    proposedScope: Scope | undefined,
    filter: { issuerRegionCode?: string; year?: number; status?: ProgramStatus },
  ): Promise<Program[]> {
    const rows: ProgramRow[] = await manager.query(
      `${SELECT_PROGRAM} WHERE ${READABLE} AND ($3::varchar IS NULL OR p.issuer_region_code = $3) AND ($4::int IS NULL OR p.year = $4)
          AND ($5::text IS NULL OR p.status = $5)
        ORDER BY p.created_at, p.id`,
      [...readableParams(proposedScope), filter.issuerRegionCode ?? null, filter.year ?? null, filter.status ?? null],
    );
    return rows.map(toProgram);
  }

  async issuerRegionOf(manager: EntityManager, programId: string): Promise<string | undefined> {
    const [row]: [{ issuer_region_code: string }?] = await manager.query(`SELECT issuer_region_code FROM programs WHERE id = $1`, [
      programId,
    ]);
    return row?.issuer_region_code;
  }
}

/** $1 and $2 of READABLE: every proposed program, or those concerning one region, or none. */
function readableParams(scope: Scope | undefined): [boolean, string | null] {
  if (scope?.kind === 'all') return [true, null];
  return [false, scope?.kind === 'region' ? scope.regionCode : null];
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
