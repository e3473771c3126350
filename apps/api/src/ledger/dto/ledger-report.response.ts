import { ApiProperty } from '@nestjs/swagger';

/** One broken invariant of the money model. */
export class LedgerProblemResponse {
  @ApiProperty() check: string;
  @ApiProperty() detail: string;
}

/** The documented shape of GET /ledger/verify, for the OpenAPI document and the portal's generated types. */
export class LedgerReportResponse {
  @ApiProperty() balanced: boolean;
  @ApiProperty({ type: 'integer' }) transactionsChecked: number;
  @ApiProperty({ type: [LedgerProblemResponse] }) problems: LedgerProblemResponse[];
}
