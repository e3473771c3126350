import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import QRCode from 'qrcode';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { type Actor, Clock, DomainError, endOfShanghaiDayAfter, ErrorCode, requireRole, scopeOf, required } from '@ivl/core';
import { type Program, ProgramsService } from '@ivl/funding';
import { largestRemainder, LedgerService, movesOf } from '@ivl/ledger';
import { NotificationsService } from '@ivl/notifications';
import { TransactionRunner } from '@ivl/database';
import { ProvidersService } from '@ivl/registry';
import { VoucherHolds } from './voucher-holds.js';
import { formatCode, parseCode } from '@ivl/rules';
import { generateCodeBody } from './voucher-code.js';
import { type VoucherFilter, VoucherRepository } from './voucher.repository.js';
import type { Voucher, VoucherStatus } from './voucher.types.js';

const DAY_MS = 86_400_000;

export interface IssueRequest {
  applicationId: string;
  program: Program;
  enterprise: { id: string; controllerKey: string | null };
  amount: bigint;
}

/** Issuing, reading, revoking and expiring vouchers. */
@Injectable()
export class VouchersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
    private readonly vouchers: VoucherRepository,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly programs: ProgramsService,
    private readonly providers: ProvidersService,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * Issues the voucher of a finally approved application, inside the approval's transaction with
   * the program row locked, so caps and budgets hold however approvals race. The face value is
   * split over the program's funds by share (largest remainder) and moved from each fund's
   * `available` to the voucher's `vouchers` accounts.
   */
  async issue(manager: EntityManager, actor: Actor, request: IssueRequest): Promise<Voucher> {
    const { program, enterprise, amount } = request;
    // Applications are taken only under active programs; checked again here, where money moves, so a
    // voucher never draws on a share its fund's region has not approved.
    if (program.status !== 'active' || program.funding.some((f) => f.approvedAt === null)) {
      throw DomainError.invalidState('the program is not active: a funding region has not approved its share');
    }
    if (amount > program.perVoucherMax) throw capExceeded(`the per-voucher maximum is ${program.perVoucherMax} fen`);
    const issuedToEnterprise = await this.vouchers.issuedUnderProgram(manager, program.id, { enterpriseId: enterprise.id });
    if (issuedToEnterprise + amount > program.enterpriseAnnualCap) {
      throw capExceeded(`the enterprise has ${issuedToEnterprise} of its ${program.enterpriseAnnualCap} fen cap under this program`);
    }
    if (program.controllerAnnualCap !== null && enterprise.controllerKey !== null) {
      const issuedToController = await this.vouchers.issuedUnderProgram(manager, program.id, { controllerKey: enterprise.controllerKey });
      if (issuedToController + amount > program.controllerAnnualCap) {
        throw capExceeded(`the controller's enterprises have ${issuedToController} of their ${program.controllerAnnualCap} fen cap`);
      }
    }

    const fundIds = program.funding.map((f) => f.fundId);
    const shares = largestRemainder(
      amount,
      program.funding.map((f) => BigInt(f.shareBp)),
    );
    const available = await this.ledger.lockClassBalances(manager, fundIds, 'available');
    fundIds.forEach((fundId, i) => {
      const balance = required(available.get(fundId), `available balance of fund ${fundId}`);
      if (balance < shares[i]) {
        throw new DomainError(ErrorCode.BUDGET_EXHAUSTED, `fund ${fundId} has ${balance} fen available, ${shares[i]} needed`);
      }
    });

    const issuedAt = this.clock.now();
    const validUntil = endOfShanghaiDayAfter(issuedAt, program.validityDays);
    let voucherId: string | undefined;
    let code = '';
    while (!voucherId) {
      code = generateCodeBody();
      voucherId = await this.vouchers.insert(manager, {
        code,
        programId: program.id,
        enterpriseId: enterprise.id,
        applicationId: request.applicationId,
        faceValue: amount,
        issuedAt,
        validUntil,
      });
    }
    const id = voucherId;
    const parts = fundIds.map((fundId, i) => ({ fundId, amount: shares[i] }));
    await this.vouchers.insertParts(
      manager,
      id,
      parts.map((p) => ({ fundId: p.fundId, faceValue: p.amount })),
    );
    await this.ledger.post(manager, {
      kind: 'issue',
      at: issuedAt,
      voucherId: id,
      moves: movesOf(parts, { class: 'available' }, { class: 'vouchers', voucherId: id }),
    });
    await this.audit.record(manager, actor, {
      entityType: 'voucher',
      entityId: id,
      action: 'issue',
      toState: 'active',
      scope: { regionCode: program.issuerRegionCode, enterpriseId: enterprise.id },
      data: { code: formatCode(code), faceValue: amount.toString(), applicationId: request.applicationId },
    });
    return required(await this.vouchers.findById(manager, id), `voucher ${id}`);
  }

  async get(actor: Actor, codeInput: string): Promise<Voucher> {
    const voucher = await this.findReadable(actor, codeInput);
    if (!voucher) throw DomainError.notFound('voucher');
    return voucher;
  }

  async list(actor: Actor, filter: VoucherFilter): Promise<Voucher[]> {
    return this.vouchers.listInScope(this.dataSource.manager, scopeOf(actor, 'voucher.list'), filter);
  }

  /** The voucher code as an SVG QR code, for its enterprise to show at the provider's desk. */
  async qrSvg(actor: Actor, codeInput: string): Promise<string> {
    requireRole(actor, 'voucher.qr');
    const voucher = await this.get(actor, codeInput);
    return QRCode.toString(formatCode(voucher.code), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  }

  /** An officer of the issuing region (or the city admin) revokes a voucher: its balance returns to the funds at once. Runs in the caller's transaction. */
  async revoke(manager: EntityManager, actor: Actor, input: { code: string; reason: string }): Promise<Voucher> {
    const scope = scopeOf(actor, 'voucher.revoke');
    const code = parseCode(input.code);
    const found = code && (await this.vouchers.findByCodeInScope(manager, code, scope));
    if (!found) throw DomainError.notFound('voucher');
    return this.revokeFound(manager, actor, found.id, input.reason);
  }

  /** Revokes a voucher by its id (an upheld objection to its issue names the voucher, not its code); 404 outside the actor's reach. */
  async revokeById(manager: EntityManager, actor: Actor, input: { id: string; reason: string }): Promise<Voucher> {
    const found = await this.vouchers.findByIdInScope(manager, input.id, scopeOf(actor, 'voucher.revoke'));
    if (!found) throw DomainError.notFound('voucher');
    return this.revokeFound(manager, actor, found.id, input.reason);
  }

  private async revokeFound(manager: EntityManager, actor: Actor, id: string, reason: string): Promise<Voucher> {
    const voucher = required(await this.vouchers.lockById(manager, id), `voucher ${id}`);
    if (voucher.status !== 'active' && voucher.status !== 'exhausted') throw DomainError.invalidState(`the voucher is ${voucher.status}`);
    await this.close(manager, actor, voucher, 'revoked', reason);
    return required(await this.vouchers.findById(manager, voucher.id), `voucher ${voucher.id}`);
  }

  /**
   * Expires up to `limit` vouchers past their use deadline in the caller's transaction; returns how
   * many. Safe to run concurrently: due rows are locked with SKIP LOCKED.
   */
  async expireDue(manager: EntityManager, limit: number): Promise<number> {
    const ids = await this.vouchers.lockDueForExpiry(manager, this.clock.now(), limit);
    for (const id of ids)
      await this.close(manager, null, required(await this.vouchers.findById(manager, id), `voucher ${id}`), 'expired', null);
    return ids.length;
  }

  /**
   * The daily expiry reminders (business time from the Clock): a voucher that expires within 7 days
   * is reminded at 7 days, one that expires within 30 (but not 7) at 30 days. Each reminder is one
   * event per voucher, notified once however often or late this runs; a run that comes late
   * skips the 30-day reminder of a voucher already within 7 days. Answers how many vouchers it saw.
   */
  async remindExpiring(): Promise<number> {
    const now = this.clock.now();
    const within = (days: number) => new Date(now.getTime() + days * DAY_MS);
    return this.tx.run(async (manager) => {
      const windows = [
        { days: 7 as const, vouchers: await this.vouchers.findExpiringBetween(manager, now, within(7)) },
        { days: 30 as const, vouchers: await this.vouchers.findExpiringBetween(manager, within(7), within(30)) },
      ];
      for (const { days, vouchers } of windows) {
        for (const v of vouchers) {
          await this.notifications.notify(manager, {
            kind: 'voucher.expiring',
            voucherId: v.id,
            enterpriseId: v.enterpriseId,
            code: formatCode(v.code),
            days,
            validUntil: v.validUntil,
            balance: v.balance,
          });
        }
      }
      return windows.reduce((n, w) => n + w.vouchers.length, 0);
    });
  }

  /** Cancels pending holds first, then returns what is left of each part to its fund's `available`. */
  private async close(
    manager: EntityManager,
    actor: Actor | null,
    voucher: Voucher,
    status: 'expired' | 'revoked',
    reason: string | null,
  ): Promise<void> {
    const at = this.clock.now();
    const released = await this.moduleRef.get(VoucherHolds, { strict: false }).releaseAll(manager, voucher.id, at);
    const parts = await this.ledger.voucherPartBalances(manager, voucher.id, 'vouchers');
    const left = [...parts].filter(([, balance]) => balance > 0n).map(([fundId, amount]) => ({ fundId, amount }));
    const moves = movesOf(left, { class: 'vouchers', voucherId: voucher.id }, { class: 'available' });
    if (moves.length > 0) {
      await this.ledger.post(manager, {
        kind: status === 'expired' ? 'expire' : 'revoke',
        at,
        voucherId: voucher.id,
        reference: reason ?? undefined,
        moves,
      });
    }
    await this.vouchers.close(manager, voucher.id, status, at, reason);
    const scope = { enterpriseId: voucher.enterpriseId, regionCode: await this.programs.issuerRegionOf(manager, voucher.programId) };
    for (const hold of released) {
      await this.audit.record(manager, actor, {
        entityType: 'redemption',
        entityId: hold.redemptionId,
        action: 'cancel',
        fromState: 'pending',
        toState: 'cancelled',
        reason: `voucher ${status}`,
        scope: { ...scope, providerId: hold.providerId },
      });
    }
    await this.audit.record(manager, actor, {
      entityType: 'voucher',
      entityId: voucher.id,
      action: status === 'expired' ? 'expire' : 'revoke',
      fromState: voucher.status,
      toState: status,
      reason,
      scope,
      data: { returned: moves.reduce((sum, m) => sum + m.amount, 0n).toString() },
    });
  }

  /** The voucher of a typed code if the actor may see it; undefined for a mistyped, unknown or out-of-scope code. */
  private async findReadable(actor: Actor, codeInput: string): Promise<Voucher | undefined> {
    const scope = scopeOf(actor, 'voucher.read');
    const code = parseCode(codeInput);
    if (!code) return undefined;
    const voucher = await this.vouchers.findByCodeInScope(this.dataSource.manager, code, scope);
    // A provider looks a code up to redeem it: one that may not redeem learns nothing of it.
    if (voucher && scope.kind === 'provider' && (await this.providers.get(scope.providerId)).status !== 'active') return undefined;
    return voucher;
  }
}

function capExceeded(detail: string): DomainError {
  return new DomainError(ErrorCode.CAP_EXCEEDED, detail);
}

export type { VoucherStatus };
