import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { type Actor, Clock, DomainError, ErrorCode, toShanghaiIso } from '@ivl/core';
import { toBigInt, TransactionRunner } from '@ivl/database';
import { type Program, ProgramsService } from '@ivl/funding';
import type { Application, ApplicationStatus, Decision, ReviewStage } from './voucher.types.js';
import type { Voucher } from './voucher.types.js';
import { VouchersService } from './vouchers.service.js';

interface ApplicationRow {
  id: string;
  program_id: string;
  enterprise_id: string;
  amount: string;
  purpose: string;
  status: ApplicationStatus;
  stage: ReviewStage;
  county_decision: Decision | null;
  city_decision: Decision | null;
  reject_reason: string | null;
  voucher_id: string | null;
  created_at: Date;
  decided_at: Date | null;
  issuer_region_code: string;
  issuer_level: 'city' | 'county';
  issuer_parent_code: string | null;
}

export interface ApplicationFilter {
  status?: ApplicationStatus;
  programId?: string;
  limit: number;
  offset: number;
}

const SELECT_APPLICATION = `
  SELECT a.*, p.issuer_region_code, r.level AS issuer_level, r.parent_code AS issuer_parent_code
    FROM applications a JOIN programs p ON p.id = a.program_id JOIN regions r ON r.code = p.issuer_region_code`;

/**
 * Applications (申领) and their review: the issuing region's officer reviews first; when the program
 * requires it the city reviews second; the final approval issues the voucher in the same transaction.
 * For a program the city issues, the city's review is the only one.
 */
@Injectable()
export class ApplicationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly programs: ProgramsService,
    private readonly vouchers: VouchersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async apply(actor: Actor, input: { programId: string; amount: bigint; purpose: string }): Promise<Application> {
    if (actor.role !== 'enterprise') throw DomainError.forbidden('only an enterprise applies for vouchers');
    const [enterprise]: Array<{ region_code: string; parent_code: string | null }> = await this.dataSource.query(
      `SELECT e.region_code, r.parent_code FROM enterprises e JOIN regions r ON r.code = e.region_code WHERE e.id = $1`,
      [actor.enterpriseId],
    );
    const program = await this.programs.find(this.dataSource.manager, input.programId);
    // A program is open to enterprises of its issuing region, and a city's program to those of its counties.
    if (!program || !enterprise || ![enterprise.region_code, enterprise.parent_code].includes(program.issuerRegionCode)) {
      throw DomainError.notFound('program');
    }
    if (program.status !== 'active') throw DomainError.invalidState('the program is not active: a funding region has not approved its share yet');
    if (input.amount > program.perVoucherMax) {
      throw new DomainError(ErrorCode.CAP_EXCEEDED, `the per-voucher maximum of this program is ${program.perVoucherMax} fen`);
    }
    return this.tx.run(async (manager) => {
      const [row]: Array<{ id: string }> = await manager.query(
        `INSERT INTO applications (program_id, enterprise_id, amount, purpose, status, stage, created_at)
         VALUES ($1, $2, $3, $4, 'pending', 'county', $5) RETURNING id`,
        [program.id, actor.enterpriseId, input.amount.toString(), input.purpose, this.clock.now()],
      );
      await this.audit.record(manager, actor, {
        entityType: 'application',
        entityId: row!.id,
        action: 'apply',
        toState: 'pending',
        scope: { regionCode: program.issuerRegionCode, enterpriseId: actor.enterpriseId },
        data: { programId: program.id, amount: input.amount.toString() },
      });
      return (await this.find(manager, row!.id))!;
    });
  }

  async approve(actor: Actor, id: string, comment: string | null): Promise<{ application: Application; voucher?: Voucher }> {
    return this.decide(actor, id, true, comment);
  }

  async reject(actor: Actor, id: string, reason: string): Promise<Application> {
    return (await this.decide(actor, id, false, reason)).application;
  }

  async get(actor: Actor, id: string): Promise<Application> {
    const row = await this.findRow(this.dataSource.manager, id);
    if (!row || !this.canRead(actor, row)) throw DomainError.notFound('application');
    return toApplication(row);
  }

  async list(actor: Actor, filter: ApplicationFilter): Promise<Application[]> {
    let scope: { enterpriseId?: string; issuerRegionCode?: string } = {};
    if (actor.role === 'enterprise') scope = { enterpriseId: actor.enterpriseId };
    else if (actor.role === 'county_officer') scope = { issuerRegionCode: actor.regionCode };
    else if (actor.role !== 'city_admin' && actor.role !== 'auditor') throw DomainError.forbidden();
    const rows: ApplicationRow[] = await this.dataSource.query(
      `${SELECT_APPLICATION}
        WHERE ($1::uuid IS NULL OR a.enterprise_id = $1) AND ($2::varchar IS NULL OR p.issuer_region_code = $2)
          AND ($3::text IS NULL OR a.status = $3) AND ($4::uuid IS NULL OR a.program_id = $4)
        ORDER BY a.created_at DESC, a.id LIMIT $5 OFFSET $6`,
      [scope.enterpriseId ?? null, scope.issuerRegionCode ?? null, filter.status ?? null, filter.programId ?? null, filter.limit, filter.offset],
    );
    return rows.map(toApplication);
  }

  private async decide(actor: Actor, id: string, approved: boolean, text: string | null): Promise<{ application: Application; voucher?: Voucher }> {
    if (actor.role !== 'county_officer' && actor.role !== 'city_admin') throw DomainError.forbidden('only officers review applications');
    return this.tx.run(async (manager) => {
      const row = await this.findRow(manager, id, true);
      if (!row || !this.canRead(actor, row)) throw DomainError.notFound('application');
      if (row.status !== 'pending') throw DomainError.invalidState(`the application is ${row.status} already`);
      const stage = this.reviewingStage(row);
      this.assertReviewer(actor, row, stage);

      const now = this.clock.now();
      const decision: Decision = { by: actor.userId, role: actor.role, at: toShanghaiIso(now), approved, comment: text };
      const program = (await this.programs.find(manager, row.program_id, approved))!;
      const final = !approved || stage === 'city' || !this.needsCityReview(row, program);
      let voucher: Voucher | undefined;
      if (approved && final) {
        const [enterprise]: Array<{ controller_key: string | null }> = await manager.query(
          `SELECT controller_key FROM enterprises WHERE id = $1`,
          [row.enterprise_id],
        );
        voucher = await this.vouchers.issue(manager, actor, {
          applicationId: id,
          program,
          enterprise: { id: row.enterprise_id, controllerKey: enterprise!.controller_key },
          amount: toBigInt(row.amount),
        });
      }
      const status: ApplicationStatus = !approved ? 'rejected' : final ? 'approved' : 'pending';
      await manager.query(
        `UPDATE applications SET status = $2, stage = $3, ${stage === 'city' ? 'city_decision' : 'county_decision'} = $4,
                reject_reason = $5, voucher_id = $6, decided_at = $7
          WHERE id = $1`,
        [id, status, final ? 'done' : 'city', JSON.stringify(decision), approved ? null : text, voucher?.id ?? null, final ? now : null],
      );
      await this.audit.record(manager, actor, {
        entityType: 'application',
        entityId: id,
        action: approved ? `approve:${stage}` : `reject:${stage}`,
        fromState: `pending:${stage}`,
        toState: final ? status : 'pending:city',
        reason: text,
        scope: { regionCode: row.issuer_region_code, enterpriseId: row.enterprise_id },
      });
      return { application: (await this.find(manager, id))!, voucher };
    });
  }

  /** The stage awaiting a decision; a city-issued program has only the city's review. */
  private reviewingStage(row: ApplicationRow): 'county' | 'city' {
    return row.stage === 'city' || row.issuer_level === 'city' ? 'city' : 'county';
  }

  private needsCityReview(row: ApplicationRow, program: Program): boolean {
    return program.cityReviewRequired && row.issuer_level !== 'city';
  }

  private assertReviewer(actor: Actor, row: ApplicationRow, stage: 'county' | 'city'): void {
    if (stage === 'county' && actor.role !== 'county_officer') throw DomainError.invalidState('the application awaits the county review');
    if (stage === 'city' && actor.role !== 'city_admin' && !(actor.role === 'county_officer' && row.issuer_level === 'city')) {
      throw DomainError.invalidState('the application awaits the city review');
    }
  }

  private canRead(actor: Actor, row: ApplicationRow): boolean {
    switch (actor.role) {
      case 'city_admin':
      case 'auditor':
        return true;
      case 'county_officer':
        return row.issuer_region_code === actor.regionCode;
      case 'enterprise':
        return row.enterprise_id === actor.enterpriseId;
      default:
        throw DomainError.forbidden();
    }
  }

  private async find(manager: EntityManager, id: string): Promise<Application | undefined> {
    const row = await this.findRow(manager, id);
    return row && toApplication(row);
  }

  private async findRow(manager: EntityManager, id: string, lock = false): Promise<ApplicationRow | undefined> {
    const rows: ApplicationRow[] = await manager.query(`${SELECT_APPLICATION} WHERE a.id = $1 ${lock ? 'FOR UPDATE OF a' : ''}`, [id]);
    return rows[0];
  }
}

function toApplication(row: ApplicationRow): Application {
  return {
    id: row.id,
    programId: row.program_id,
    enterpriseId: row.enterprise_id,
    amount: toBigInt(row.amount),
    purpose: row.purpose,
    status: row.status,
    stage: row.stage,
    countyDecision: row.county_decision,
    cityDecision: row.city_decision,
    rejectReason: row.reject_reason,
    voucherId: row.voucher_id,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
  };
}
