import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { AppConfig } from '@ivl/config';
import { type Action, type Actor, Clock, DomainError, requireAccess, requireRole, scopeOf } from '@ivl/core';
import { NotificationsService } from '@ivl/notifications';
import { ProvidersService } from '@ivl/registry';
import { SettlementService } from '@ivl/settlement';
import { VouchersService } from '@ivl/vouchers';
import { type NoticeHeader, NoticeRepository } from './notice.repository.js';
import { parseNoticeId } from './notice-id.js';
import type {
  NewObjection,
  Notice,
  NoticeFilter,
  NoticeItem,
  NoticeKind,
  Objection,
  ObjectionFilter,
  PublicObjection,
} from './notice.types.js';
import { ObjectionRepository } from './objection.repository.js';

/** Who decides an objection to each kind of notice (the reviewing office). */
const DECIDE: Record<NoticeKind, Action> = {
  provider: 'objection.decide-provider',
  voucher: 'objection.decide-voucher',
  payment: 'objection.decide-payment',
};

/**
 * Public notice (公示) and objections (异议). The notices are derived from their owners' rows: a
 * provider approved through registration (入驻公示, until its `notice_ends_at`), one program's
 * vouchers issued on one Shanghai day (创新券发放公示, VOUCHER_NOTICE_DAYS after that day) and a
 * settlement batch approved while its region had payment notice days (兑付公示, until its
 * `notice_ends_at`). Anyone may object while a notice runs; the reviewing office upholds (the
 * provider is refused, the voucher revoked, the line returned, in the same transaction) or
 * dismisses, with a reason. Notices stay listed with their objections and outcomes after they end;
 * objectors' names and contacts are read only by the offices.
 */
@Injectable()
export class NoticesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notices: NoticeRepository,
    private readonly objections: ObjectionRepository,
    private readonly providers: ProvidersService,
    private readonly vouchers: VouchersService,
    private readonly settlement: SettlementService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** A page of notices, newest first, with their items and objections (no token needed: nothing private in them). */
  async list(filter: NoticeFilter): Promise<{ items: Notice[]; total: number }> {
    const manager = this.dataSource.manager;
    const { headers, total } = await this.notices.listHeaders(manager, {
      ...filter,
      voucherNoticeDays: this.config.notices.voucherNoticeDays,
    });
    return { items: await this.assemble(manager, headers), total };
  }

  /**
   * Files an objection (no token) against a notice that still runs, in the caller's transaction:
   * 404 for an unknown notice, 409 once it has ended, 400 when `itemRef` names no item of it
   * (required for voucher and payment notices; a provider notice has one item, itself).
   */
  async file(manager: EntityManager, noticeId: string, input: NewObjection): Promise<PublicObjection> {
    const parsed = parseNoticeId(noticeId);
    if (!parsed) throw DomainError.notFound('notice');
    const subjectStatus = await this.notices.lockSubject(manager, parsed.kind, parsed.subjectId);
    const { headers } = await this.notices.listHeaders(manager, {
      kind: parsed.kind,
      subjectId: parsed.subjectId,
      ...(parsed.day === undefined ? {} : { day: parsed.day }),
      voucherNoticeDays: this.config.notices.voucherNoticeDays,
      limit: 1,
      offset: 0,
    });
    const notice = (await this.assemble(manager, headers)).at(0);
    if (!notice) throw DomainError.notFound('notice');
    const now = this.clock.now();
    const running =
      now < notice.endsAt && (parsed.kind === 'voucher' || subjectStatus === (parsed.kind === 'provider' ? 'notice' : 'approved'));
    if (!running) throw DomainError.invalidState('the notice has ended: objections are no longer received');
    const itemRef = input.itemRef ?? (parsed.kind === 'provider' ? parsed.subjectId : undefined);
    if (itemRef === undefined)
      throw DomainError.validation('itemRef', 'names the voucher or payment line objected to; it is required here');
    const item = notice.items.find((i) => i.itemRef === itemRef);
    if (!item) throw DomainError.validation('itemRef', 'names no item of this notice');
    if (parsed.kind === 'payment' && 'amount' in item && item.status !== 'pending') {
      throw DomainError.invalidState(`the payment line is ${item.status}: objections are no longer received`);
    }
    const objection = await this.objections.insert(manager, {
      noticeId: notice.id,
      kind: parsed.kind,
      itemRef,
      regionCode: notice.regionCode,
      providerId: parsed.kind === 'voucher' ? null : itemRef,
      voucherId: parsed.kind === 'voucher' ? itemRef : null,
      batchId: parsed.kind === 'payment' ? parsed.subjectId : null,
      name: input.name,
      contact: input.contact,
      address: input.address,
      text: input.text,
      at: now,
    });
    await this.audit.record(manager, null, {
      entityType: 'objection',
      entityId: objection.id,
      action: 'file',
      toState: 'open',
      scope: { regionCode: notice.regionCode, providerId: objection.providerId },
      data: { noticeId: notice.id, kind: parsed.kind, itemRef },
    });
    return objection;
  }

  /** The objections the actor's office handles (or audits), newest first, with the objectors' names and contacts. */
  listObjections(actor: Actor, filter: ObjectionFilter): Promise<{ items: Objection[]; total: number }> {
    return this.objections.listInScope(this.dataSource.manager, scopeOf(actor, 'objection.read'), filter);
  }

  /**
   * The reviewing office decides an open objection, with a reason, in the caller's transaction.
   * Upheld: the provider is refused, the voucher revoked, the payment line returned. Dismissed: a
   * provider whose notice has ended and that no other objection holds becomes active at once.
   * 403 for a role that never decides this kind, 404 outside the actor's reach, 409 once decided.
   */
  async decide(manager: EntityManager, actor: Actor, id: string, outcome: 'upheld' | 'dismissed', reason: string): Promise<Objection> {
    requireRole(actor, 'objection.read');
    const objection = await this.objections.lockInScope(manager, scopeOf(actor, 'objection.read'), id);
    if (!objection) throw DomainError.notFound('objection');
    requireAccess(actor, DECIDE[objection.kind], { regionCode: objection.regionCode }, 'objection');
    if (objection.status !== 'open') throw DomainError.invalidState(`the objection is ${objection.status} already`);
    const now = this.clock.now();
    const decided = await this.objections.decide(manager, id, { status: outcome, reason, by: actor.userId, at: now });
    if (outcome === 'upheld') await this.applyUpheld(manager, actor, objection, reason);
    else if (objection.kind === 'provider') await this.providers.activateIfNoticeEnded(manager, objection.itemRef, now);
    await this.audit.record(manager, actor, {
      entityType: 'objection',
      entityId: id,
      action: outcome === 'upheld' ? 'uphold' : 'dismiss',
      fromState: 'open',
      toState: outcome,
      reason,
      scope: { regionCode: objection.regionCode, providerId: objection.providerId },
      data: { noticeId: objection.noticeId, kind: objection.kind, itemRef: objection.itemRef },
    });
    return decided;
  }

  private async applyUpheld(manager: EntityManager, actor: Actor, objection: Objection, reason: string): Promise<void> {
    switch (objection.kind) {
      case 'provider': {
        const provider = await this.providers.refuseOnNotice(manager, actor, objection.itemRef, reason);
        // Its users (the former applicant) are told; the objector has no account: the outcome is public.
        await this.notifications.notify(manager, {
          kind: 'provider.refused',
          objectionId: objection.id,
          providerId: provider.id,
          name: provider.name,
          reason,
        });
        return;
      }
      case 'voucher':
        await this.vouchers.revokeById(manager, actor, { id: objection.itemRef, reason });
        return;
      case 'payment':
        if (objection.batchId === null) throw new Error(`payment objection ${objection.id} without its batch`);
        await this.settlement.returnLine(manager, actor, { id: objection.batchId, providerId: objection.itemRef, reason });
        return;
    }
  }

  /** Headers with their items (one set-based read per kind) and public objections. */
  private async assemble(manager: EntityManager, headers: NoticeHeader[]): Promise<Notice[]> {
    const of = (kind: NoticeKind) => headers.filter((h) => h.kind === kind);
    // One after the other: `manager` may be a transaction's, whose one connection runs one query at a time.
    const providers = await this.notices.providerItems(
      manager,
      of('provider').map((h) => h.subjectId),
    );
    const vouchers = await this.notices.voucherItems(
      manager,
      of('voucher').map((h) => ({ programId: h.subjectId, day: h.day ?? '' })),
    );
    const payments = await this.notices.paymentItems(
      manager,
      of('payment').map((h) => h.subjectId),
    );
    const objections = await this.objections.listPublic(
      manager,
      headers.map((h) => h.id),
    );
    return headers.map((h) => {
      let items: NoticeItem[];
      if (h.kind === 'provider') items = [providers.get(h.subjectId)].filter((i) => i !== undefined);
      else if (h.kind === 'voucher') items = vouchers.get(`${h.subjectId}|${h.day ?? ''}`) ?? [];
      else items = payments.get(h.subjectId) ?? [];
      return {
        id: h.id,
        kind: h.kind,
        regionCode: h.regionCode,
        title: titleOf(h),
        startsAt: h.startsAt,
        endsAt: h.endsAt,
        items,
        objections: objections.get(h.id) ?? [],
      };
    });
  }
}

/** The notice's title in Chinese, e.g. 「婺城区创新券发放公示（科技创新券，2026年3月10日）」. */
export function titleOf(h: Pick<NoticeHeader, 'kind' | 'regionName' | 'label' | 'day'>): string {
  switch (h.kind) {
    case 'provider':
      return `服务机构入驻公示（${h.label}）`;
    case 'voucher': {
      const [year, month, day] = (h.day ?? '').split('-').map(Number);
      return `${h.regionName}创新券发放公示（${h.label}，${year}年${month}月${day}日）`;
    }
    case 'payment':
      return `${h.regionName}创新券兑付公示（${h.label}）`;
  }
}
