import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import {
  type Actor,
  Clock,
  DomainError,
  ErrorCode,
  mayAccess,
  mayTake,
  reachOf,
  readPeriod,
  requireAccess,
  requireRole,
  scopeOf,
  toShanghaiIso,
  required,
} from '@ivl/core';
import { DocumentsService } from '@ivl/documents';
import { type Program, ProgramsService } from '@ivl/funding';
import { NotificationsService } from '@ivl/notifications';
import { formatCode } from '@ivl/rules';
import { type ApplicationFilter, ApplicationRepository, type ReviewedApplication } from './application.repository.js';
import type { Application, ApplicationDetail, ApplicationStatus, Decision } from './voucher.types.js';
import type { Voucher } from './voucher.types.js';
import { VouchersService } from './vouchers.service.js';

/**
 * Applications (申领) and their review: the issuing region's officer reviews first; when the program
 * requires it the city reviews second; the final approval issues the voucher in the same transaction.
 * For a program the city issues, the city's review is the only one. Its documents (the project plan)
 * are attached when it is submitted and read by whoever may read the application.
 */
@Injectable()
export class ApplicationsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly applications: ApplicationRepository,
    private readonly programs: ProgramsService,
    private readonly vouchers: VouchersService,
    private readonly audit: AuditService,
    private readonly documents: DocumentsService,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
  ) {}

  /** An application's documents are read by those who may read the application: its officers, auditors, the applicant. */
  onModuleInit(): void {
    this.documents.registerReader('application', (actor, id) => this.mayRead(actor, id));
  }

  /**
   * An enterprise applies for a voucher, with its documents (the project plan: ids of documents it
   * uploaded, optional); runs in the caller's transaction and answers the application with them.
   */
  async apply(
    manager: EntityManager,
    actor: Actor,
    input: { programId: string; amount: bigint; purpose: string; documentIds?: readonly string[] },
  ): Promise<ApplicationDetail> {
    const scope = scopeOf(actor, 'application.submit');
    if (scope.kind !== 'enterprise') throw DomainError.forbidden();
    const regions = await this.applications.applicantRegionsOf(manager, scope.enterpriseId);
    const program = await this.programs.find(manager, input.programId);
    // A program is open to enterprises of its issuing region, and a city's program to those of its counties.
    if (!program || !regions?.includes(program.issuerRegionCode)) throw DomainError.notFound('program');
    if (program.status !== 'active')
      throw DomainError.invalidState('the program is not active: a funding region has not approved its share yet');
    if (input.amount > program.perVoucherMax) {
      throw new DomainError(ErrorCode.CAP_EXCEEDED, `the per-voucher maximum of this program is ${program.perVoucherMax} fen`);
    }
    const id = await this.applications.insert(manager, {
      programId: program.id,
      enterpriseId: scope.enterpriseId,
      amount: input.amount,
      purpose: input.purpose,
      createdAt: this.clock.now(),
    });
    const documentIds = [...new Set(input.documentIds ?? [])];
    await this.documents.attach(manager, actor, documentIds, { type: 'application', id });
    await this.audit.record(manager, actor, {
      entityType: 'application',
      entityId: id,
      action: 'apply',
      toState: 'pending',
      scope: { regionCode: program.issuerRegionCode, enterpriseId: scope.enterpriseId },
      data: { programId: program.id, amount: input.amount.toString(), ...(documentIds.length > 0 ? { documentIds } : {}) },
    });
    const application = required(await this.applications.findById(manager, id), `application ${id}`);
    return { ...application, documents: await this.documents.listFor(manager, { type: 'application', id }) };
  }

  /** Approves the stage under review; the final approval issues the voucher. Runs in the caller's transaction. */
  async approve(
    manager: EntityManager,
    actor: Actor,
    input: { id: string; comment: string | null },
  ): Promise<{ application: Application; voucher?: Voucher }> {
    return this.decide(manager, actor, input.id, true, input.comment);
  }

  /** Rejects the application at the stage under review; runs in the caller's transaction. */
  async reject(manager: EntityManager, actor: Actor, input: { id: string; reason: string }): Promise<Application> {
    return (await this.decide(manager, actor, input.id, false, input.reason)).application;
  }

  /** One application with its documents, if `actor` may read it (else 404). */
  async get(actor: Actor, id: string): Promise<ApplicationDetail> {
    const manager = this.dataSource.manager;
    const application = await this.applications.findById(manager, id);
    if (!application) throw DomainError.notFound('application');
    requireAccess(actor, 'application.read', targetOf(application), 'application');
    return { ...application, documents: await this.documents.listFor(manager, { type: 'application', id }) };
  }

  /** Whether `actor` may read the application `id` (an unknown one: no), for its documents' readers. */
  private async mayRead(actor: Actor, id: string): Promise<boolean> {
    if (!mayTake(actor, 'application.read')) return false;
    const application = await this.applications.findById(this.dataSource.manager, id);
    return application !== undefined && mayAccess(actor, 'application.read', targetOf(application));
  }

  async list(actor: Actor, filter: ApplicationFilter): Promise<{ items: Application[]; total: number }> {
    const scope = scopeOf(actor, 'application.read');
    if (filter.period !== undefined) readPeriod(filter.period, this.clock.now());
    return this.applications.listInScope(this.dataSource.manager, scope, filter);
  }

  private async decide(
    manager: EntityManager,
    actor: Actor,
    id: string,
    approved: boolean,
    text: string | null,
  ): Promise<{ application: Application; voucher?: Voucher }> {
    requireRole(actor, 'application.review');
    const row = await this.applications.lockForReview(manager, id);
    if (!row) throw DomainError.notFound('application');
    requireAccess(actor, 'application.review', targetOf(row), 'application');
    if (row.status !== 'pending') throw DomainError.invalidState(`the application is ${row.status} already`);
    const stage = this.reviewingStage(row);
    this.assertReviewer(actor, row, stage);
    const now = this.clock.now();
    const decision: Decision = { by: actor.userId, role: actor.role, at: toShanghaiIso(now), approved, comment: text };
    const program = required(await this.programs.find(manager, row.programId, approved), `program ${row.programId}`);
    const final = !approved || stage === 'city' || !this.needsCityReview(row, program);
    let voucher: Voucher | undefined;
    if (approved && final) {
      voucher = await this.vouchers.issue(manager, actor, {
        applicationId: id,
        program,
        enterprise: { id: row.enterpriseId, controllerKey: await this.applications.controllerKeyOf(manager, row.enterpriseId) },
        amount: row.amount,
      });
    }
    const status: ApplicationStatus = !approved ? 'rejected' : final ? 'approved' : 'pending';
    await this.applications.recordDecision(manager, id, {
      stage,
      status,
      final,
      decision,
      rejectReason: approved ? null : text,
      voucherId: voucher?.id ?? null,
      at: now,
    });
    await this.audit.record(manager, actor, {
      entityType: 'application',
      entityId: id,
      action: approved ? `approve:${stage}` : `reject:${stage}`,
      fromState: `pending:${stage}`,
      toState: final ? status : 'pending:city',
      reason: text,
      scope: { regionCode: row.issuerRegionCode, enterpriseId: row.enterpriseId },
    });
    if (final) {
      const concerned = { applicationId: id, enterpriseId: row.enterpriseId, amount: row.amount };
      await this.notifications.notify(
        manager,
        approved
          ? { kind: 'application.approved', ...concerned, voucherCode: voucher ? formatCode(voucher.code) : null }
          : { kind: 'application.rejected', ...concerned, reason: text ?? '' },
      );
    }
    return { application: required(await this.applications.findById(manager, id), `application ${id}`), voucher };
  }

  /** The stage awaiting a decision; a city-issued program has only the city's review. */
  private reviewingStage(row: ReviewedApplication): 'county' | 'city' {
    return row.stage === 'city' || row.issuerLevel === 'city' ? 'city' : 'county';
  }

  private needsCityReview(row: ReviewedApplication, program: Program): boolean {
    return program.cityReviewRequired && row.issuerLevel !== 'city';
  }

  /**
   * The county stage is the issuing county's officer's (a regional reach); the city stage is the city
   * admin's (a city-wide reach), or, for a program the city issues, its own region's officer's.
   */
  private assertReviewer(actor: Actor, row: ReviewedApplication, stage: 'county' | 'city'): void {
    const reach = reachOf(actor, 'application.review');
    if (stage === 'county' && reach !== 'region') throw DomainError.invalidState('the application awaits the county review');
    if (stage === 'city' && reach !== 'all' && row.issuerLevel !== 'city')
      throw DomainError.invalidState('the application awaits the city review');
  }
}

/** Whom an application concerns: its issuing region and its applicant. */
function targetOf(application: ReviewedApplication): { regionCode: string; enterpriseId: string } {
  return { regionCode: application.issuerRegionCode, enterpriseId: application.enterpriseId };
}
