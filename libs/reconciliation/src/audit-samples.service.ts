import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { type Actor, Clock, readPeriod, requireRole } from '@ivl/core';
import { ReconciliationRepository } from './reconciliation.repository.js';

export interface AuditSample {
  regionCode: string;
  period: string;
  seed: string;
  rateBp: number;
  population: number;
  riskWeighted: boolean;
  /** Random draws first, then (risk-weighted) the risk-flagged redemptions the draw missed; each says why. */
  redemptions: Array<{
    id: string;
    providerId: string;
    enterpriseId: string;
    subsidy: bigint;
    confirmedAt: Date;
    reason: 'random' | 'risk';
    signalIds: string[];
  }>;
}

/**
 * Audit sampling: a reproducible random sample of a region's confirmed redemptions of a period
 * (those funded by the region's funds), at least `rateBp` (default 5%) of them. The order is
 * md5(seed ‖ id): the same seed and population give the same sample. A risk-weighted sample adds
 * every redemption of the population that a high-severity risk signal of the period names and
 * that is not dismissed (reason `risk`, with the signal ids).
 */
@Injectable()
export class AuditSamplesService {
  constructor(
    private readonly repo: ReconciliationRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Draws and audits a sample in the caller's transaction. */
  async draw(
    manager: EntityManager,
    actor: Actor,
    input: { regionCode: string; period: string; seed?: string; rateBp?: number; riskWeighted?: boolean },
  ): Promise<AuditSample> {
    requireRole(actor, 'audit-sample.draw');
    const { start, end } = readPeriod(input.period, this.clock.now());
    const seed = input.seed ?? this.clock.now().toISOString();
    const rateBp = input.rateBp ?? 500;
    const rows = await this.repo.drawConfirmedRedemptions(manager, { regionCode: input.regionCode, start, end, seed, rateBp });
    const population = rows[0]?.population ?? 0;
    const riskWeighted = input.riskWeighted ?? false;
    const flagged = riskWeighted
      ? await this.repo.riskFlaggedRedemptions(manager, { regionCode: input.regionCode, period: input.period, start, end })
      : [];
    const signalsOf = new Map(flagged.map((r) => [r.id, r.signalIds]));
    const drawn = new Set(rows.map((r) => r.id));
    const redemptions = [
      ...rows.map(({ population: _, ...r }) => ({ ...r, reason: 'random' as const, signalIds: signalsOf.get(r.id) ?? [] })),
      ...flagged.filter((r) => !drawn.has(r.id)).map((r) => ({ ...r, reason: 'risk' as const })),
    ];
    await this.audit.record(manager, actor, {
      entityType: 'audit_sample',
      entityId: `${input.regionCode}:${input.period}`,
      action: 'draw',
      scope: { regionCode: input.regionCode },
      data: { seed, rateBp, population, size: redemptions.length, riskWeighted, risk: redemptions.length - rows.length },
    });
    return {
      regionCode: input.regionCode,
      period: input.period,
      seed,
      rateBp,
      population,
      riskWeighted,
      redemptions,
    };
  }
}
