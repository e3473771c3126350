import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { type Actor, Clock, DomainError, mayAccess, mayTake, requireAccess, requireRole, type Scope, scopeOf, required } from '@ivl/core';
import { RegionsService } from '@ivl/registry';
import type { NewProgram, Program, ProgramStatus } from './fund.types.js';
import { FundsService } from './funds.service.js';
import { ProgramRepository } from './program.repository.js';

/** Voucher programs (创新券政策): their rules, co-funding shares and the funding regions' approval of those shares. */
@Injectable()
export class ProgramsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ProgramRepository,
    private readonly audit: AuditService,
    private readonly regions: RegionsService,
    private readonly funds: FundsService,
    private readonly clock: Clock,
  ) {}

  async create(manager: EntityManager, actor: Actor, input: NewProgram): Promise<Program> {
    requireAccess(actor, 'program.create', { regionCode: input.issuerRegionCode });
    await this.regions.requireExisting(input.issuerRegionCode, 'issuerRegionCode', manager);
    assertCapsInOrder(input);
    const fundIds = input.funding.map((f) => f.fundId);
    if (new Set(fundIds).size !== fundIds.length) throw DomainError.validation('funding', 'a fund may appear only once');
    if (input.funding.reduce((sum, f) => sum + f.shareBp, 0) !== 10_000) {
      throw DomainError.validation('funding', 'shares must sum to 10000 basis points');
    }
    const funds = new Map((await this.funds.findByIds(manager, fundIds)).map((f) => [f.id, f]));
    const named = fundIds.map((id) => funds.get(id));
    const unknown = named.findIndex((fund) => !fund);
    if (unknown >= 0) throw DomainError.validation(`funding[${unknown}].fundId`, 'unknown fund');
    const known = named.filter((fund) => fund !== undefined);
    const otherYear = known.find((fund) => fund.year !== input.year);
    if (otherYear) {
      throw DomainError.validation(
        'year',
        `must equal the year of every fund it names (fund "${otherYear.name}" is for ${otherYear.year})`,
      );
    }
    // The issuer may commit its own region's money; another region's share waits for that region,
    // unless the creator may approve that fund's share itself (the city admin, who may commit any fund).
    const approved = known.map(
      ({ regionCode }) => regionCode === input.issuerRegionCode || mayAccess(actor, 'program.approve-funding', { regionCode }),
    );
    const status: ProgramStatus = approved.every(Boolean) ? 'active' : 'proposed';

    const { funding, ...rules } = input;
    const id = await this.repository.insert(
      manager,
      { ...rules, status, createdAt: this.clock.now() },
      { fundIds, sharesBp: funding.map((f) => f.shareBp), approved, by: actor.userId },
    );
    await this.audit.record(manager, actor, {
      entityType: 'program',
      entityId: id,
      action: 'create',
      toState: status,
      scope: { regionCode: input.issuerRegionCode },
      data: { name: input.name, funding: funding.map((f, i) => ({ ...f, approved: approved[i] })) },
    });
    return required(await this.repository.findById(manager, id), `program ${id}`);
  }

  /**
   * The fund's region agrees to pay its share of a proposed program (the city admin may approve any
   * share, finance only those of its region's funds). The last approval makes the program active.
   */
  async approveFunding(manager: EntityManager, actor: Actor, input: { programId: string; fundId: string }): Promise<Program> {
    const { programId, fundId } = input;
    requireRole(actor, 'program.approve-funding');
    // Of two regions approving the last two shares at once, the second must see the first's approval
    // (else the program stays proposed for ever): the program is locked before it is read.
    await this.repository.lockForApproval(manager, programId);
    const program = await this.repository.findById(manager, programId);
    const share = program?.funding.find((f) => f.fundId === fundId);
    if (!program || !share) throw DomainError.notFound('funding share');
    requireAccess(actor, 'program.approve-funding', { regionCode: share.regionCode }, 'funding share');
    if (share.approvedAt) throw DomainError.invalidState('this funding share is approved already');
    await this.repository.approveShare(manager, programId, fundId, this.clock.now(), actor.userId);
    const status: ProgramStatus = program.funding.every((f) => f.fundId === fundId || f.approvedAt) ? 'active' : 'proposed';
    if (status !== program.status) await this.repository.setStatus(manager, programId, status);
    await this.audit.record(manager, actor, {
      entityType: 'program',
      entityId: programId,
      action: 'approve-funding',
      fromState: program.status,
      toState: status,
      scope: { regionCode: program.issuerRegionCode },
      data: { fundId, fundRegionCode: share.regionCode, shareBp: share.shareBp },
    });
    return required(await this.repository.findById(manager, programId), `program ${programId}`);
  }

  async get(actor: Actor, id: string): Promise<Program> {
    const program = await this.repository.findReadable(this.dataSource.manager, proposedScopeOf(actor), id);
    if (!program) throw DomainError.notFound('program');
    return program;
  }

  list(actor: Actor, filter: { issuerRegionCode?: string; year?: number; status?: ProgramStatus }): Promise<Program[]> {
    return this.repository.listReadable(this.dataSource.manager, proposedScopeOf(actor), filter);
  }

  /** The program, optionally locked FOR UPDATE (final approvals lock it so caps hold when they race). */
  find(manager: EntityManager, id: string, lock = false): Promise<Program | undefined> {
    return this.repository.findById(manager, id, lock);
  }

  /** The region that issued a program (whose officer reviews its applications and claims); undefined for an unknown id. */
  issuerRegionOf(manager: EntityManager, programId: string): Promise<string | undefined> {
    return this.repository.issuerRegionOf(manager, programId);
  }
}

/** Which proposed programs the actor reads: city-wide readers all, a bureau those concerning its region, parties none. */
function proposedScopeOf(actor: Actor): Scope | undefined {
  return mayTake(actor, 'program.read-proposed') ? scopeOf(actor, 'program.read-proposed') : undefined;
}

/** docs/domain.md caps: one voucher never exceeds what the enterprise (or its controller) may get in the year. */
function assertCapsInOrder(input: NewProgram): void {
  if (input.perVoucherMax > input.enterpriseAnnualCap) throw DomainError.validation('perVoucherMax', 'must not exceed enterpriseAnnualCap');
  if (input.controllerAnnualCap !== null && input.perVoucherMax > input.controllerAnnualCap) {
    throw DomainError.validation('perVoucherMax', 'must not exceed controllerAnnualCap');
  }
}
