import { ApiProperty } from '@nestjs/swagger';

/** One broken invariant of the money model. */
export class LedgerProblemResponse {
  @ApiProperty() check: string;
  @ApiProperty() detail: string;
}

/** One break of the hash chain, named. */
export class ChainProblemResponse {
  @ApiProperty({
    enum: ['audit', 'ledger', 'seal', 'anchor'],
    description: 'the table of the row (seal: a missing seal; anchor: id is its date)',
  })
  source: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'the row id (the date of an anchor)' }) id: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'the seal sequence; null for an inserted row' }) sequence: number | null;
  @ApiProperty({ enum: ['changed', 'removed', 'inserted'] }) problem: string;
}

export class SealedThroughResponse {
  @ApiProperty({ type: 'integer', description: 'the last sealed sequence (0 before the first seal)' }) sequence: number;
  @ApiProperty({ type: 'string', nullable: true, description: 'when it was sealed, Asia/Shanghai' }) sealedAt: string | null;
}

/** The hash chain recomputed: sealed ledger transactions and audit entries. */
export class ChainReportResponse {
  @ApiProperty({ type: SealedThroughResponse }) sealedThrough: SealedThroughResponse;
  @ApiProperty() ok: boolean;
  @ApiProperty({ type: 'integer' }) sealsChecked: number;
  @ApiProperty({ type: [ChainProblemResponse] }) problems: ChainProblemResponse[];
}

/** The documented shape of GET /ledger/verify, for the OpenAPI document and the portal's generated types. */
export class LedgerReportResponse {
  @ApiProperty() balanced: boolean;
  @ApiProperty({ type: 'integer' }) transactionsChecked: number;
  @ApiProperty({ type: [LedgerProblemResponse] }) problems: LedgerProblemResponse[];
  @ApiProperty({ type: ChainReportResponse }) chain: ChainReportResponse;
}
