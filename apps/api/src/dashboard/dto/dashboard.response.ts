import { ApiProperty } from '@nestjs/swagger';

/** One Asia/Shanghai month of the dashboard (amounts in fen). */
export class DashboardMonthResponse {
  @ApiProperty({ example: '2026-03' }) period: string;
  @ApiProperty({ type: 'integer' }) vouchersIssued: number;
  @ApiProperty({ type: 'integer' }) issued: number;
  @ApiProperty({ type: 'integer' }) used: number;
  @ApiProperty({ type: 'integer' }) paid: number;
}

/** Confirmed use by the enterprises' sector (null: no sector). */
export class DashboardSectorResponse {
  @ApiProperty({ nullable: true, type: String }) sector: string | null;
  @ApiProperty({ type: 'integer' }) redemptions: number;
  @ApiProperty({ type: 'integer' }) used: number;
}

/** The documented shape of GET /dashboard/{regionCode}/{year}, for the OpenAPI document and the portal's generated types. */
export class DashboardResponse {
  @ApiProperty() regionCode: string;
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty({ type: [DashboardMonthResponse] }) months: DashboardMonthResponse[];
  @ApiProperty({ type: [DashboardSectorResponse] }) sectors: DashboardSectorResponse[];
}
