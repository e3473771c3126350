import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { toShanghaiIso } from '@ivl/core';
import {
  CLAIM_PAYMENT_STATUSES,
  CLAIM_STATUSES,
  type Claim,
  type ClaimDetail,
  type ClaimPayment,
  type ClaimPaymentStatus,
  type ClaimStatus,
} from '@ivl/claims';
import { DocumentResponse } from '../../documents/dto/document.response.js';
import { toJsonAmount } from '@ivl/ledger';
import { InvoiceDto } from './claim.request.js';
import { toDto } from '../../common/to-dto.js';

export class ClaimPaymentResponse {
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty() amount: number;
  @ApiProperty({ enum: CLAIM_PAYMENT_STATUSES, description: 'pending (owed, in no batch), in_batch (纳入结算), paid, returned' })
  status: ClaimPaymentStatus;
  @ApiPropertyOptional({ format: 'uuid' }) batchId?: string;
  @ApiPropertyOptional() paidAt?: string;

  static from(p: ClaimPayment): ClaimPaymentResponse {
    return toDto(ClaimPaymentResponse, {
      regionCode: p.regionCode,
      regionName: p.regionName,
      amount: toJsonAmount(p.amount),
      status: p.status,
      ...(p.batchId ? { batchId: p.batchId } : {}),
      ...(p.paidAt ? { paidAt: toShanghaiIso(p.paidAt) } : {}),
    });
  }
}

export class ClaimResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) programId: string;
  @ApiProperty({ format: 'uuid' }) providerId: string;
  @ApiProperty() amount: number;
  @ApiProperty({ type: InvoiceDto }) invoice: InvoiceDto;
  @ApiProperty({ enum: CLAIM_STATUSES }) status: ClaimStatus;
  @ApiProperty({ nullable: true, type: String }) rejectReason: string | null;
  @ApiProperty({ type: [String] }) redemptionIds: string[];
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) decidedAt: string | null;
  @ApiPropertyOptional({
    type: [DocumentResponse],
    description: 'GET /claims/:id and the answer to POST /claims: its documents (invoice file, service report), oldest first',
  })
  documents?: DocumentResponse[];
  @ApiPropertyOptional({
    type: [ClaimPaymentResponse],
    description: 'GET /claims/:id: what its funds of each region owe and how far that payment has gone (empty before approval)',
  })
  payments?: ClaimPaymentResponse[];

  static from(c: Claim | ClaimDetail): ClaimResponse {
    return toDto(ClaimResponse, {
      id: c.id,
      programId: c.programId,
      providerId: c.providerId,
      amount: toJsonAmount(c.amount),
      invoice: toDto(InvoiceDto, { number: c.invoice.number, date: c.invoice.date, amount: toJsonAmount(c.invoice.amount) }),
      status: c.status,
      rejectReason: c.rejectReason,
      redemptionIds: c.redemptionIds,
      createdAt: toShanghaiIso(c.createdAt),
      decidedAt: c.decidedAt ? toShanghaiIso(c.decidedAt) : null,
      ...('documents' in c ? { documents: DocumentResponse.list(c.documents) } : {}),
      ...('payments' in c ? { payments: c.payments.map((p) => ClaimPaymentResponse.from(p)) } : {}),
    });
  }
}
