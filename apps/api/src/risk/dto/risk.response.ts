import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { toShanghaiIso } from '@ivl/core';
import { RISK_KINDS, RISK_SEVERITIES, RISK_STATUSES, type RiskScan, type RiskSignal } from '@ivl/risk';
import { toDto } from '../../common/to-dto.js';

export class ScanResponse {
  @ApiProperty({ format: 'uuid' }) jobId: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() period: string;
  @ApiProperty({ enum: ['waiting', 'active', 'completed', 'failed'] }) state: string;
  @ApiPropertyOptional({ type: 'integer', description: 'signals found by the scan (already known and new), once completed' })
  signals?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'of which new' }) newSignals?: number;
  @ApiPropertyOptional() error?: string;

  static from(s: RiskScan): ScanResponse {
    return toDto(ScanResponse, {
      jobId: s.jobId,
      regionCode: s.regionCode,
      period: s.period,
      state: s.state,
      ...(s.signals === null ? {} : { signals: s.signals }),
      ...(s.newSignals === null ? {} : { newSignals: s.newSignals }),
      ...(s.error ? { error: s.error } : {}),
    });
  }
}

export class SignalResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: RISK_KINDS }) kind: string;
  @ApiProperty({ enum: RISK_SEVERITIES }) severity: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() period: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the parties: providerId, enterpriseId, programId, claimIds…' })
  subject: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'what was found: redemptionIds and redemptions (amounts in fen, times), shared traits, file hash…',
  })
  evidence: Record<string, unknown>;
  @ApiProperty() detectedAt: string;
  @ApiProperty({ enum: RISK_STATUSES }) status: string;
  @ApiPropertyOptional() decidedBy?: string;
  @ApiPropertyOptional() decidedAt?: string;
  @ApiPropertyOptional() reason?: string;

  static from(s: RiskSignal): SignalResponse {
    return toDto(SignalResponse, {
      id: s.id,
      kind: s.kind,
      severity: s.severity,
      regionCode: s.regionCode,
      period: s.period,
      subject: s.subject,
      evidence: s.evidence,
      detectedAt: toShanghaiIso(s.detectedAt),
      status: s.status,
      ...(s.decidedBy ? { decidedBy: s.decidedBy } : {}),
      ...(s.decidedAt ? { decidedAt: toShanghaiIso(s.decidedAt) } : {}),
      ...(s.decisionReason ? { reason: s.decisionReason } : {}),
    });
  }
}

export class SignalPageResponse {
  @ApiProperty({ type: [SignalResponse] }) items: SignalResponse[];
  @ApiProperty({ type: 'integer' }) total: number;
}
