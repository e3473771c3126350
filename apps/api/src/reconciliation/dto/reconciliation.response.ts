import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AnchorResponse } from '../../ledger/dto/anchors.response.js';

/** One ledger class of a month: opening, the movements by name, closing (fen). */
export class ReconClassResponse {
  @ApiProperty({ type: 'integer' }) opening: number;
  @ApiProperty({ type: 'integer' }) closing: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) movements: Record<string, number>;
  @ApiPropertyOptional() consistent?: boolean;
}

/** The reconciled classes of a month. */
export class ReconClassesResponse {
  @ApiProperty() available: ReconClassResponse;
  @ApiProperty() vouchers: ReconClassResponse;
  @ApiProperty() held: ReconClassResponse;
  @ApiProperty() payable: ReconClassResponse;
  @ApiProperty() inSettlement: ReconClassResponse;
  @ApiProperty() paid: ReconClassResponse;
  /** Clawed back from providers, not yet repaid (movements clawedBack, recovered). */
  @ApiProperty() recoverable: ReconClassResponse;
}

/** The month's counts. */
export class ReconCountsResponse {
  @ApiProperty({ type: 'integer' }) vouchersIssued: number;
  @ApiProperty({ type: 'integer' }) redemptions: number;
  @ApiProperty({ type: 'integer' }) enterprisesServed: number;
  @ApiProperty({ type: 'integer' }) providersPaid: number;
}

/** Confirmed and paid subsidies by the providers' region (fen). */
export class ProviderRegionResponse {
  @ApiProperty() regionCode: string;
  @ApiProperty({ type: 'integer' }) confirmed: number;
  @ApiProperty({ type: 'integer' }) paid: number;
}

/** The documented shape of GET /reconciliation/{regionCode}/{period}, for the OpenAPI document and the portal's generated types. */
export class ReconciliationResponse {
  @ApiProperty() regionCode: string;
  @ApiProperty({ example: '2026-03' }) period: string;
  @ApiProperty() classes: ReconClassesResponse;
  @ApiProperty() counts: ReconCountsResponse;
  @ApiProperty({ type: [ProviderRegionResponse] }) byProviderRegion: ProviderRegionResponse[];
  @ApiProperty() balanced: boolean;
  @ApiProperty({ type: [AnchorResponse], description: "the hash-chain anchors of the month's days" }) anchors: AnchorResponse[];
}
