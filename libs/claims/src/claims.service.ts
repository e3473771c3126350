import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { ProgramsService } from '@ivl/funding';
import { type Actor, Clock, DomainError, endOfShanghaiDayAfter, ErrorCode, shanghaiDate } from '@ivl/core';
import { isUniqueViolation, toBigInt, TransactionRunner } from '@ivl/database';
import type { Claim, ClaimStatus, NewClaim } from './claim.types.js';

interface ClaimRow {
  id: string;
  provider_id: string;
  program_id: string;
  amount: string;
  invoice_number: string;
  invoice_date: string;
  status: ClaimStatus;
  reject_reason: string | null;
  created_at: Date;
  decided_at: Date | null;
  issuer_region_code: string;
  redemption_ids: string[];
}

const SELECT_CLAIM = `
  SELECT c.id, c.provider_id, c.program_id, c.amount, c.invoice_number, to_char(c.invoice_date, 'YYYY-MM-DD') AS invoice_date,
         c.status, c.reject_reason, c.created_at, c.decided_at, p.issuer_region_code,
         ARRAY(SELECT i.redemption_id FROM claim_items i WHERE i.claim_id = c.id ORDER BY i.redemption_id) AS redemption_ids
    FROM claims c JOIN programs p ON p.id = c.program_id`;

/**
 * Claims (兑付申请): a provider claims confirmed redemptions of one program with the invoice it
 * issued to the funders; the issuing region's officer approves (the claim's parts per fund become
 * due for settlement) or rejects (its redemptions become claimable again).
 */
@Injectable()
export class ClaimsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly programs: ProgramsService,
    private readonly clock: Clock,
  ) {}

  /** Runs in the caller's transaction, with its idempotency key. */
  async submit(manager: EntityManager, actor: Actor, input: NewClaim): Promise<Claim> {
    if (actor.role !== 'provider') throw DomainError.forbidden('only a provider submits claims');
    const ids = [...new Set(input.redemptionIds)].sort();
    if (ids.length !== input.redemptionIds.length) throw DomainError.validation('redemptionIds', 'a redemption may appear only once');
    const today = shanghaiDate(this.clock.now());
    if (input.invoice.date > today) throw DomainError.validation('invoice.date', `must not be later than today, ${today}`);
    const [provider]: Array<{ status: string }> = await manager.query(`SELECT status FROM providers WHERE id = $1`, [actor.providerId]);
    if (provider!.status !== 'active') throw DomainError.invalidState(`the provider is ${provider!.status}`);

    // Locked in id order, so two claims racing for the same redemptions serialise instead of deadlocking.
    const rows: Array<{ id: string; provider_id: string; program_id: string; status: string; claim_id: string | null; subsidy: string; confirmed_at: Date | null; claim_window_days: number }> =
      await manager.query(
        `SELECT r.id, r.provider_id, r.program_id, r.status, r.claim_id, r.subsidy, r.confirmed_at, p.claim_window_days
           FROM redemptions r JOIN programs p ON p.id = r.program_id
          WHERE r.id = ANY($1::uuid[]) ORDER BY r.id FOR UPDATE OF r`,
        [ids],
      );
    const mine = rows.filter((r) => r.provider_id === actor.providerId);
    if (mine.length !== ids.length) throw DomainError.notFound('redemption');
    const programIds = new Set(mine.map((r) => r.program_id));
    if (programIds.size > 1) throw DomainError.validation('redemptionIds', 'a claim covers redemptions of one program');
    for (const r of mine) {
      if (r.status !== 'confirmed') throw DomainError.invalidState(`redemption ${r.id} is ${r.status}, not confirmed`);
      if (r.claim_id !== null) throw DomainError.invalidState(`redemption ${r.id} is in claim ${r.claim_id} already`);
    }
    const now = this.clock.now();
    const late = mine.find((r) => endOfShanghaiDayAfter(r.confirmed_at!, r.claim_window_days) < now);
    if (late) throw new DomainError(ErrorCode.CLAIM_WINDOW_CLOSED, `redemption ${late.id} was confirmed more than ${late.claim_window_days} days ago`);
    const total = mine.reduce((sum, r) => sum + toBigInt(r.subsidy), 0n);
    if (input.invoice.amount !== total) {
      throw DomainError.validation('invoice.amount', `must equal the sum of the subsidies, ${total} fen`);
    }

    const programId = mine[0]!.program_id;
    let id: string;
    try {
      const [row]: Array<{ id: string }> = await manager.query(
        `INSERT INTO claims (provider_id, program_id, amount, invoice_number, invoice_date, status, created_at)
         VALUES ($1, $2, $3, $4, $5, 'submitted', $6) RETURNING id`,
        [actor.providerId, programId, total.toString(), input.invoice.number, input.invoice.date, now],
      );
      id = row!.id;
    } catch (error) {
      if (!isUniqueViolation(error, 'claims_invoice_key')) throw error;
      throw DomainError.duplicate(`invoice ${input.invoice.number} was used in another claim`);
    }
    await manager.query(`INSERT INTO claim_items (claim_id, redemption_id) SELECT $1, unnest($2::uuid[])`, [id, ids]);
    await manager.query(`UPDATE redemptions SET claim_id = $1 WHERE id = ANY($2::uuid[])`, [id, ids]);
    const issuer = (await this.programs.issuerRegionOf(manager, programId))!;
    await this.audit.record(manager, actor, {
      entityType: 'claim',
      entityId: id,
      action: 'submit',
      toState: 'submitted',
      scope: { regionCode: issuer, providerId: actor.providerId },
      data: { amount: total.toString(), invoice: input.invoice.number, redemptions: ids.length },
    });
    return (await this.find(manager, id))!;
  }

  async approve(actor: Actor, id: string): Promise<Claim> {
    return this.decide(actor, id, true, null);
  }

  async reject(actor: Actor, id: string, reason: string): Promise<Claim> {
    return this.decide(actor, id, false, reason);
  }

  async get(actor: Actor, id: string): Promise<Claim> {
    const row = await this.findRow(this.dataSource.manager, id);
    if (!row || !this.canRead(actor, row)) throw DomainError.notFound('claim');
    return toClaim(row);
  }

  async list(actor: Actor, filter: { status?: ClaimStatus; programId?: string; limit: number; offset: number }): Promise<Claim[]> {
    let providerId: string | null = null;
    let issuer: string | null = null;
    if (actor.role === 'provider') providerId = actor.providerId;
    else if (actor.role === 'county_officer' || actor.role === 'finance') issuer = actor.regionCode;
    else if (actor.role !== 'city_admin' && actor.role !== 'auditor') throw DomainError.forbidden();
    const rows: ClaimRow[] = await this.dataSource.query(
      `${SELECT_CLAIM}
        WHERE ($1::uuid IS NULL OR c.provider_id = $1) AND ($2::varchar IS NULL OR p.issuer_region_code = $2)
          AND ($3::text IS NULL OR c.status = $3) AND ($4::uuid IS NULL OR c.program_id = $4)
        ORDER BY c.created_at DESC, c.id LIMIT $5 OFFSET $6`,
      [providerId, issuer, filter.status ?? null, filter.programId ?? null, filter.limit, filter.offset],
    );
    return rows.map(toClaim);
  }

  private async decide(actor: Actor, id: string, approved: boolean, reason: string | null): Promise<Claim> {
    if (actor.role !== 'county_officer' && actor.role !== 'city_admin') throw DomainError.forbidden('only officers review claims');
    return this.tx.run(async (manager) => {
      const row = await this.findRow(manager, id, true);
      if (!row || !this.canRead(actor, row)) throw DomainError.notFound('claim');
      if (row.status !== 'submitted') throw DomainError.invalidState(`the claim is ${row.status} already`);
      const now = this.clock.now();
      await manager.query(`UPDATE claims SET status = $2, reject_reason = $3, decided_at = $4, decided_by = $5 WHERE id = $1`, [
        id,
        approved ? 'approved' : 'rejected',
        reason,
        now,
        actor.userId,
      ]);
      if (approved) {
        // What the claim owes per fund, due for settlement by each fund's region.
        await manager.query(
          `INSERT INTO claim_parts (claim_id, fund_id, fund_region_code, provider_id, amount, approved_at)
           SELECT $1, rp.fund_id, f.region_code, $2, sum(rp.amount), $3
             FROM claim_items i JOIN redemption_parts rp ON rp.redemption_id = i.redemption_id JOIN funds f ON f.id = rp.fund_id
            WHERE i.claim_id = $1
            GROUP BY rp.fund_id, f.region_code
           HAVING sum(rp.amount) > 0`,
          [id, row.provider_id, now],
        );
      } else {
        await manager.query(`UPDATE redemptions SET claim_id = NULL WHERE claim_id = $1`, [id]);
      }
      await this.audit.record(manager, actor, {
        entityType: 'claim',
        entityId: id,
        action: approved ? 'approve' : 'reject',
        fromState: 'submitted',
        toState: approved ? 'approved' : 'rejected',
        reason,
        scope: { regionCode: row.issuer_region_code, providerId: row.provider_id },
      });
      return (await this.find(manager, id))!;
    });
  }

  private canRead(actor: Actor, row: ClaimRow): boolean {
    switch (actor.role) {
      case 'city_admin':
      case 'auditor':
        return true;
      case 'provider':
        return row.provider_id === actor.providerId;
      case 'county_officer':
      case 'finance':
        return row.issuer_region_code === actor.regionCode;
      default:
        throw DomainError.forbidden();
    }
  }

  private async find(manager: EntityManager, id: string): Promise<Claim | undefined> {
    const row = await this.findRow(manager, id);
    return row && toClaim(row);
  }

  private async findRow(manager: EntityManager, id: string, lock = false): Promise<ClaimRow | undefined> {
    const rows: ClaimRow[] = await manager.query(`${SELECT_CLAIM} WHERE c.id = $1 ${lock ? 'FOR UPDATE OF c' : ''}`, [id]);
    return rows[0];
  }
}

function toClaim(row: ClaimRow): Claim {
  const amount = toBigInt(row.amount);
  return {
    id: row.id,
    providerId: row.provider_id,
    programId: row.program_id,
    amount,
    invoice: { number: row.invoice_number, date: row.invoice_date, amount },
    status: row.status,
    rejectReason: row.reject_reason,
    redemptionIds: row.redemption_ids,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
  };
}
