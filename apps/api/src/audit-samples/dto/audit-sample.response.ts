import { ApiProperty } from '@nestjs/swagger';

/** A sampled confirmed redemption. */
export class SampledRedemptionResponse {
  @ApiProperty() id: string;
  @ApiProperty() providerId: string;
  @ApiProperty() enterpriseId: string;
  @ApiProperty({ type: 'integer', description: 'fen' }) subsidy: number;
  @ApiProperty() confirmedAt: string;
}

/** The documented shape of POST /audit/samples, for the OpenAPI document and the portal's generated types. */
export class AuditSampleResponse {
  @ApiProperty() regionCode: string;
  @ApiProperty() period: string;
  @ApiProperty() seed: string;
  @ApiProperty({ type: 'integer' }) rateBp: number;
  @ApiProperty({ type: 'integer' }) population: number;
  @ApiProperty({ type: 'integer' }) size: number;
  @ApiProperty({ type: [SampledRedemptionResponse] }) redemptions: SampledRedemptionResponse[];
}
