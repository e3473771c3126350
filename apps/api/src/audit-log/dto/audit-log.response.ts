import { ApiProperty } from '@nestjs/swagger';

export class AuditLogEntryResponse {
  @ApiProperty() id: string;
  @ApiProperty() at: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorRole: string | null;
  @ApiProperty({ nullable: true, type: String, description: "the acting user's username" }) actorName: string | null;
  @ApiProperty({ nullable: true, type: String, description: "the acting user's region (its office)" }) actorRegionName: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the provider or enterprise the user acts for' }) actorOrgName: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the object by name (program, enterprise, voucher code, batch…)' })
  entityName: string | null;
  @ApiProperty() entityType: string;
  @ApiProperty() entityId: string;
  @ApiProperty() action: string;
  @ApiProperty({ nullable: true, type: String }) fromState: string | null;
  @ApiProperty({ nullable: true, type: String }) toState: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true }) data: Record<string, unknown> | null;
}
