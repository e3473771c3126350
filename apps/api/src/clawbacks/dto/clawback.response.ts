import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CLAWBACK_STATUSES, type Clawback, type ClawbackPart, type ClawbackStatus } from '@ivl/clawbacks';
import { toShanghaiIso } from '@ivl/core';
import type { DocumentView } from '@ivl/documents';
import { toJsonAmount } from '@ivl/ledger';
import { toDto } from '../../common/to-dto.js';
import { DocumentResponse } from '../../documents/dto/document.response.js';

export class ClawbackPartResponse {
  @ApiProperty({ format: 'uuid' }) fundId: string;
  @ApiProperty() fundName: string;
  @ApiProperty({ description: "the fund's region: its finance bureau records the repayment" }) regionCode: string;
  @ApiProperty({ description: 'fen' }) amount: number;
  @ApiProperty({ enum: CLAWBACK_STATUSES }) status: ClawbackStatus;
  @ApiProperty({ nullable: true, type: String }) paymentReference: string | null;
  @ApiProperty({ nullable: true, type: String }) recoveredAt: string | null;

  static from(p: ClawbackPart): ClawbackPartResponse {
    return toDto(ClawbackPartResponse, {
      fundId: p.fundId,
      fundName: p.fundName,
      regionCode: p.regionCode,
      amount: toJsonAmount(p.amount),
      status: p.status,
      paymentReference: p.paymentReference,
      recoveredAt: p.recoveredAt ? toShanghaiIso(p.recoveredAt) : null,
    });
  }
}

export class ClawbackResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) redemptionId: string;
  @ApiProperty({ format: 'uuid' }) providerId: string;
  @ApiProperty() providerName: string;
  @ApiProperty({ description: 'fen: the subsidy clawed back' }) amount: number;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: CLAWBACK_STATUSES, description: '"recovered" once every part is' }) status: ClawbackStatus;
  @ApiProperty({ type: [ClawbackPartResponse], description: 'one per funding fund' }) parts: ClawbackPartResponse[];
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) recoveredAt: string | null;
  @ApiPropertyOptional({ type: [DocumentResponse], description: 'its evidence (the audit finding); in the answers about one clawback' })
  documents?: DocumentResponse[];

  static from(c: Clawback | (Clawback & { documents: DocumentView[] })): ClawbackResponse {
    return toDto(ClawbackResponse, {
      id: c.id,
      redemptionId: c.redemptionId,
      providerId: c.providerId,
      providerName: c.providerName,
      amount: toJsonAmount(c.amount),
      reason: c.reason,
      status: c.status,
      parts: c.parts.map((p) => ClawbackPartResponse.from(p)),
      createdAt: toShanghaiIso(c.createdAt),
      recoveredAt: c.recoveredAt ? toShanghaiIso(c.recoveredAt) : null,
      ...('documents' in c ? { documents: DocumentResponse.list(c.documents) } : {}),
    });
  }
}

export class ClawbackPage {
  @ApiProperty({ type: [ClawbackResponse] }) items: ClawbackResponse[];
  @ApiProperty({ description: 'how many match, before limit/offset' }) total: number;
}
