import { ApiProperty } from '@nestjs/swagger';

/** The last hash of the chain sealed on one Shanghai day (账本锚点). */
export class AnchorResponse {
  @ApiProperty({ example: '2026-03-09' }) date: string;
  @ApiProperty({ type: 'integer', description: 'the sequence of the seal the anchor names' }) sequence: number;
  @ApiProperty({ description: 'SHA-256, 64 hex digits' }) hash: string;
}
