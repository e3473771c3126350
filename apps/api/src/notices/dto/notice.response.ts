import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CATEGORIES, type Category, toShanghaiIso } from '@ivl/core';
import { toJsonAmount } from '@ivl/ledger';
import {
  NOTICE_KINDS,
  type Notice,
  type NoticeItem,
  type NoticeKind,
  OBJECTION_STATUSES,
  type Objection,
  type ObjectionStatus,
  type PublicObjection,
} from '@ivl/notices';
import { toDto } from '../../common/to-dto.js';

/**
 * One item of a notice. Provider notices: name, uscc, regionCode, complexName, categories, status.
 * Voucher notices: programName, enterpriseName, faceValue (fen). Payment notices: providerName,
 * amount (fen). Never bank accounts, contacts or voucher codes.
 */
export class NoticeItemResponse {
  @ApiProperty({ format: 'uuid', description: 'the provider (provider and payment notices) or the voucher (voucher notices)' })
  itemRef: string;
  @ApiProperty({ description: "the provider's status, the voucher's, or the payment line's" }) status: string;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional() uscc?: string;
  @ApiPropertyOptional() regionCode?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) complexName?: string | null;
  @ApiPropertyOptional({ enum: CATEGORIES, isArray: true }) categories?: Category[];
  @ApiPropertyOptional() programName?: string;
  @ApiPropertyOptional() enterpriseName?: string;
  @ApiPropertyOptional({ description: 'fen' }) faceValue?: number;
  @ApiPropertyOptional() providerName?: string;
  @ApiPropertyOptional({ description: 'fen' }) amount?: number;

  static from(item: NoticeItem): NoticeItemResponse {
    if ('uscc' in item) return toDto(NoticeItemResponse, { ...item });
    if ('faceValue' in item) return toDto(NoticeItemResponse, { ...item, faceValue: toJsonAmount(item.faceValue) });
    return toDto(NoticeItemResponse, { ...item, amount: toJsonAmount(item.amount) });
  }
}

/** An objection as the public reads it: never the objector's name or contact. */
export class PublicObjectionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) itemRef: string;
  @ApiProperty({ enum: OBJECTION_STATUSES }) status: ObjectionStatus;
  @ApiProperty() text: string;
  @ApiPropertyOptional({ description: 'the reason of the decision, once decided' }) outcome?: string;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional() decidedAt?: string;

  static from(o: PublicObjection): PublicObjectionResponse {
    return toDto(PublicObjectionResponse, publicFields(o));
  }
}

function publicFields(o: PublicObjection) {
  return {
    id: o.id,
    itemRef: o.itemRef,
    status: o.status,
    text: o.text,
    ...(o.outcome === null ? {} : { outcome: o.outcome }),
    createdAt: toShanghaiIso(o.createdAt),
    ...(o.decidedAt === null ? {} : { decidedAt: toShanghaiIso(o.decidedAt) }),
  };
}

export class NoticeResponse {
  @ApiProperty({ example: 'voucher-0b0e4c1e-5a4d-4a6e-9c1b-6f1f3c3b2a10-2026-03-10' }) id: string;
  @ApiProperty({ enum: NOTICE_KINDS }) kind: NoticeKind;
  @ApiProperty() regionCode: string;
  @ApiProperty({ example: '婺城区创新券发放公示（科技创新券，2026年3月10日）' }) title: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ type: [NoticeItemResponse] }) items: NoticeItemResponse[];
  @ApiProperty({ type: [PublicObjectionResponse] }) objections: PublicObjectionResponse[];

  static from(n: Notice): NoticeResponse {
    return toDto(NoticeResponse, {
      id: n.id,
      kind: n.kind,
      regionCode: n.regionCode,
      title: n.title,
      startsAt: toShanghaiIso(n.startsAt),
      endsAt: toShanghaiIso(n.endsAt),
      items: n.items.map((i) => NoticeItemResponse.from(i)),
      objections: n.objections.map((o) => PublicObjectionResponse.from(o)),
    });
  }
}

export class FiledObjectionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: OBJECTION_STATUSES }) status: ObjectionStatus;
}

/** An objection as the reviewing office reads it: with the objector's name and contact. */
export class ObjectionResponse extends PublicObjectionResponse {
  @ApiProperty() noticeId: string;
  @ApiProperty({ enum: NOTICE_KINDS }) kind: NoticeKind;
  @ApiProperty() regionCode: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) batchId: string | null;
  @ApiProperty() name: string;
  @ApiProperty() contact: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) decidedBy: string | null;

  static fromObjection(o: Objection): ObjectionResponse {
    return toDto(ObjectionResponse, {
      ...publicFields(o),
      noticeId: o.noticeId,
      kind: o.kind,
      regionCode: o.regionCode,
      batchId: o.batchId,
      name: o.name,
      contact: o.contact,
      decidedBy: o.decidedBy,
    });
  }
}

export class ObjectionPage {
  @ApiProperty({ type: [ObjectionResponse] }) items: ObjectionResponse[];
  @ApiProperty() total: number;
}
