import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { toShanghaiIso } from '@ivl/core';
import { toJsonAmount } from '@ivl/ledger';
import { BATCH_STATUSES, type BatchStatus, type SettlementBatch, type SettlementBatchDetail, type SettlementRun } from '@ivl/settlement';
import { DocumentResponse } from '../../documents/dto/document.response.js';
import { toDto } from '../../common/to-dto.js';

export class RunResponse {
  @ApiProperty({ format: 'uuid' }) jobId: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() period: string;
  @ApiProperty({ enum: ['waiting', 'active', 'completed', 'failed'] }) state: string;
  @ApiProperty({ type: [String] }) batchIds: string[];
  @ApiPropertyOptional() error?: string;

  static from(r: SettlementRun): RunResponse {
    return toDto(RunResponse, {
      jobId: r.jobId,
      regionCode: r.regionCode,
      period: r.period,
      state: r.state,
      batchIds: r.batchIds,
      ...(r.error ? { error: r.error } : {}),
    });
  }
}

export class LineResponse {
  @ApiProperty({ format: 'uuid' }) providerId: string;
  @ApiProperty() providerName: string;
  @ApiProperty() uscc: string;
  @ApiProperty() bankName: string;
  @ApiProperty() accountName: string;
  @ApiProperty() accountNo: string;
  @ApiProperty() amount: number;
  @ApiProperty() claimCount: number;
  @ApiProperty({ enum: ['pending', 'returned', 'paid'] }) status: string;
  @ApiPropertyOptional() returnReason?: string;
}

export class BatchResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() period: string;
  @ApiProperty() sequence: number;
  @ApiProperty({ enum: BATCH_STATUSES }) status: BatchStatus;
  @ApiProperty({ description: 'Σ of the lines not returned' }) total: number;
  @ApiProperty({ nullable: true, type: String }) paymentReference: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) approvedAt: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'the end of its payment notice (兑付公示), fixed at approval; null: no notice',
  })
  noticeEndsAt: string | null;
  @ApiProperty({ nullable: true, type: String }) paidAt: string | null;
  @ApiProperty({ type: [LineResponse] }) lines: LineResponse[];
  @ApiPropertyOptional({
    type: [DocumentResponse],
    description: 'GET /settlements/:id and the answer to its pay: its documents (the bank receipt), oldest first',
  })
  documents?: DocumentResponse[];

  static from(b: SettlementBatch | SettlementBatchDetail): BatchResponse {
    return toDto(BatchResponse, {
      id: b.id,
      regionCode: b.regionCode,
      period: b.period,
      sequence: b.sequence,
      status: b.status,
      total: toJsonAmount(b.total),
      paymentReference: b.paymentReference,
      createdAt: toShanghaiIso(b.createdAt),
      approvedAt: b.approvedAt ? toShanghaiIso(b.approvedAt) : null,
      noticeEndsAt: b.noticeEndsAt ? toShanghaiIso(b.noticeEndsAt) : null,
      paidAt: b.paidAt ? toShanghaiIso(b.paidAt) : null,
      lines: b.lines.map((l) =>
        toDto(LineResponse, {
          providerId: l.providerId,
          providerName: l.providerName,
          uscc: l.uscc,
          bankName: l.bankName,
          accountName: l.accountName,
          accountNo: l.accountNo,
          amount: toJsonAmount(l.amount),
          claimCount: l.claimCount,
          status: l.status,
          ...(l.returnReason ? { returnReason: l.returnReason } : {}),
        }),
      ),
      ...('documents' in b ? { documents: DocumentResponse.list(b.documents) } : {}),
    });
  }
}
