import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Accreditation } from '@ivl/registry';
import type { Category, ProviderStatus, Scope } from '@ivl/core';
import { preparedAutocommit, preparedQuery, toBigInt } from '@ivl/database';
import type { Redemption, RedemptionStatus } from './redemption.types.js';

/*
 * Foreign tables read (never written): vouchers (locked: a redemption serialises on its voucher's
 * row), voucher_parts, ledger_accounts, programs, enterprises and providers, in the one statement the
 * hot path reads everything it decides on; vouchers for a redemption's code; programs and funds for
 * the issuing and funding regions a scope reaches and a program's claim window; enterprises for the
 * name a redemption is read with (the provider's list shows whom it served).
 */

/** Everything a redemption decides on, read in one statement with the voucher row locked. */
export interface RedemptionContext {
  voucherId: string;
  balance: bigint;
  status: string;
  validUntil: Date;
  enterpriseId: string;
  enterpriseUscc: string;
  enterpriseController: string | null;
  programId: string;
  programCategories: Category[];
  ratioBp: number;
  fullCoverageUpTo: bigint | null;
  outOfRegionRatioBp: number | null;
  issuerRegionCode: string;
  parts: Array<{ fundId: string; balance: bigint }>;
}

export interface ProviderContext {
  /** Named in the enterprise's notification of the redemption. */
  name: string;
  status: ProviderStatus;
  regionCode: string;
  categories: Category[];
  accreditations: Accreditation[];
  uscc: string;
  controllerKey: string | null;
}

interface RedemptionRow {
  id: string;
  voucher_id: string;
  code: string;
  program_id: string;
  provider_id: string;
  enterprise_id: string;
  enterprise_name: string | null;
  category: Category;
  order_amount: string;
  subsidy: string;
  description: string;
  status: RedemptionStatus;
  created_at: Date;
  confirmed_at: Date | null;
  cancelled_at: Date | null;
  claim_id: string | null;
  parts: Array<{ fundId: string; amount: string }> | null;
  rating: { stars: number; comment: string | null; createdAt: string } | null;
}

export interface RedemptionFilter {
  status?: RedemptionStatus;
  voucherCode?: string;
  claimable?: boolean;
  limit: number;
  offset: number;
}

/** A redemption as a claim locks it: what the claim checks and sums. */
export interface ClaimableRedemption {
  id: string;
  providerId: string;
  programId: string;
  status: RedemptionStatus;
  claimId: string | null;
  subsidy: bigint;
  confirmedAt: Date | null;
  claimWindowDays: number;
}

/** A pending redemption just cancelled, with the parts its hold returns. */
export interface CancelledHold {
  id: string;
  providerId: string;
  subsidy: bigint;
  parts: Array<{ fundId: string; amount: bigint }>;
}

/** The clause of a scope, on parameters $1 (provider), $2 (enterprise), $3 (issuing region) and $4 (a funding region). */
const IN_SCOPE = `($1::uuid IS NULL OR r.provider_id = $1) AND ($2::uuid IS NULL OR r.enterprise_id = $2)
          AND ($3::varchar IS NULL OR r.program_id IN (SELECT id FROM programs WHERE issuer_region_code = $3))
          AND ($4::varchar IS NULL OR EXISTS (SELECT 1 FROM redemption_parts p JOIN funds f ON f.id = p.fund_id
                                               WHERE p.redemption_id = r.id AND f.region_code = $4))`;

/** A county officer reaches the redemptions of vouchers its region issued, a finance bureau those its region's funds back. */
function scopeParams(scope: Scope): [string | null, string | null, string | null, string | null] {
  return [
    scope.kind === 'provider' ? scope.providerId : null,
    scope.kind === 'enterprise' ? scope.enterpriseId : null,
    scope.kind === 'region' && scope.role === 'county_officer' ? scope.regionCode : null,
    scope.kind === 'region' && scope.role === 'finance' ? scope.regionCode : null,
  ];
}

const SELECT_REDEMPTION = `
  SELECT r.*, v.code, (SELECT e.name FROM enterprises e WHERE e.id = r.enterprise_id) AS enterprise_name,
         (SELECT json_agg(json_build_object('fundId', p.fund_id, 'amount', p.amount::text) ORDER BY p.position)
            FROM redemption_parts p WHERE p.redemption_id = r.id) AS parts,
         (SELECT json_build_object('stars', g.stars, 'comment', g.comment, 'createdAt', g.created_at)
            FROM ratings g WHERE g.redemption_id = r.id) AS rating
    FROM redemptions r JOIN vouchers v ON v.id = r.voucher_id`;

/** What a redemption reads of its provider (in the voucher-locking statement, or alone). */
const PROVIDER_COLUMNS = 'name, status, region_code, categories, accreditations, uscc, controller_key';

/** The PROVIDER_COLUMNS of a provider, as a row or as row_to_json builds them. */
interface ProviderRow {
  name: string;
  status: ProviderStatus;
  region_code: string;
  categories: Category[];
  accreditations: Accreditation[];
  uscc: string;
  controller_key: string | null;
}

/** The row of the voucher-locking statement (bigints as text, the provider as JSON when it exists). */
interface LockContextRow {
  id: string;
  balance: string;
  status: string;
  valid_until: Date;
  enterprise_id: string;
  program_id: string;
  uscc: string;
  controller_key: string | null;
  categories: Category[];
  ratio_bp: number;
  full_coverage_up_to: string | null;
  out_of_region_ratio_bp: number | null;
  issuer_region_code: string;
  parts: Array<{ fundId: string; balance: string }>;
  provider: ProviderRow | null;
}

function toProviderContext(row: ProviderRow): ProviderContext {
  return {
    name: row.name,
    status: row.status,
    regionCode: row.region_code,
    categories: row.categories,
    accreditations: row.accreditations,
    uscc: row.uscc,
    controllerKey: row.controller_key,
  };
}

/** The arguments of redeem_hold (migration 1765000000040), in its order. */
export interface RedeemHoldCall {
  userId: string;
  key: string;
  requestHash: string;
  actorRole: string;
  providerId: string;
  id: string;
  code: string;
  category: Category;
  orderAmount: bigint;
  description: string;
  now: Date;
  /** The Shanghai date of `now` (accreditations are valid through a date). */
  today: string;
  /** The 2xx answer's fields known before the call; the function adds enterprise, program, subsidy and parts. */
  body: object;
  outboxJob: string;
}

/** redeem_hold's answer: a refusal (nothing written) or the stored 2xx body. */
export type RedeemHoldAnswer =
  | { refusal: 'provider-status'; status: ProviderStatus }
  | { refusal: 'not-usable' | 'category' | 'accreditation' | 'related-party' | 'nothing-covered' }
  | {
      refusal?: undefined;
      enterpriseId: string;
      programId: string;
      subsidy: number;
      parts: Array<{ fundId: string; amount: number }>;
    };

@Injectable()
export class RedemptionRepository {
  /**
   * A walk-in redemption's whole database work as one autocommit statement (one round trip): see
   * the migration RedeemFunction1765000000040. Raises SQLSTATE IV409 when the key was taken first.
   */
  async redeemHold(manager: EntityManager, c: RedeemHoldCall): Promise<RedeemHoldAnswer> {
    const [row] = await preparedAutocommit<{ answer: RedeemHoldAnswer }>(
      manager,
      'redemption-redeem-hold',
      `SELECT redeem_hold($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) AS answer`,
      [
        c.userId,
        c.key,
        c.requestHash,
        c.actorRole,
        c.providerId,
        c.id,
        c.code,
        c.category,
        c.orderAmount.toString(),
        c.description,
        c.now,
        c.today,
        JSON.stringify(c.body),
        c.outboxJob,
      ],
    );
    return row.answer;
  }

  /**
   * The redemption rule as redeem_hold applies it (ivl_ratio, ivl_subsidy, ivl_split: the rule's one
   * deciding home, migration 1765000000040), for a redemption of an order, which runs in TypeScript:
   * the subsidy of `orderAmount` on `voucher` at a provider of `providerRegionCode` and its
   * largest-remainder draw-down over the voucher's parts (none when the subsidy is 0).
   */
  async decideRule(
    manager: EntityManager,
    voucher: RedemptionContext,
    providerRegionCode: string,
    orderAmount: bigint,
  ): Promise<{ subsidy: bigint; amounts: bigint[] }> {
    const [row] = await preparedQuery<{ subsidy: string; amounts: string[] | null }>(
      manager,
      'redemption-decide-rule',
      `SELECT s.subsidy::text AS subsidy, CASE WHEN s.subsidy > 0 THEN ivl_split(s.subsidy, $8::bigint[])::text[] END AS amounts
         FROM (SELECT ivl_subsidy($1::bigint, $2::bigint, ivl_ratio($3::integer, $4::integer, $5::varchar, $6::varchar), $7::bigint) AS subsidy) s`,
      [
        orderAmount.toString(),
        voucher.balance.toString(),
        voucher.ratioBp,
        voucher.outOfRegionRatioBp,
        voucher.issuerRegionCode,
        providerRegionCode,
        voucher.fullCoverageUpTo?.toString() ?? null,
        voucher.parts.map((p) => p.balance.toString()),
      ],
    );
    return { subsidy: BigInt(row.subsidy), amounts: (row.amounts ?? []).map(BigInt) };
  }

  /** Locks the voucher of `code` and reads its program's rules, its enterprise and its part balances. */
  async lockContext(
    manager: EntityManager,
    code: string,
    providerId: string,
  ): Promise<{ voucher?: RedemptionContext; provider?: ProviderContext }> {
    const rows = await preparedQuery<LockContextRow>(
      manager,
      'redemption-lock-context',
      `SELECT v.id, v.balance, v.status, v.valid_until, v.enterprise_id, v.program_id,
              e.uscc, e.controller_key, p.categories, p.ratio_bp, p.full_coverage_up_to, p.out_of_region_ratio_bp,
              p.issuer_region_code,
              (SELECT json_agg(json_build_object('fundId', vp.fund_id, 'balance', coalesce(a.balance, 0)::text) ORDER BY vp.position)
                 FROM voucher_parts vp
                 LEFT JOIN ledger_accounts a ON a.owner = vp.voucher_id AND a.class = 'vouchers' AND a.fund_id = vp.fund_id
                WHERE vp.voucher_id = v.id) AS parts,
              (SELECT row_to_json(pr) FROM (SELECT ${PROVIDER_COLUMNS} FROM providers WHERE id = $2) pr) AS provider
         FROM vouchers v JOIN programs p ON p.id = v.program_id JOIN enterprises e ON e.id = v.enterprise_id
        WHERE v.code = $1
          FOR UPDATE OF v`,
      [code, providerId],
    );
    const row = rows.at(0);
    if (!row) return { provider: await this.providerContext(manager, providerId) };
    const provider = row.provider ? toProviderContext(row.provider) : undefined;
    const voucher: RedemptionContext = {
      voucherId: row.id,
      balance: toBigInt(row.balance),
      status: row.status,
      validUntil: row.valid_until,
      enterpriseId: row.enterprise_id,
      enterpriseUscc: row.uscc,
      enterpriseController: row.controller_key,
      programId: row.program_id,
      programCategories: row.categories,
      ratioBp: row.ratio_bp,
      fullCoverageUpTo: row.full_coverage_up_to === null ? null : toBigInt(row.full_coverage_up_to),
      outOfRegionRatioBp: row.out_of_region_ratio_bp,
      issuerRegionCode: row.issuer_region_code,
      parts: row.parts.map((p) => ({ fundId: p.fundId, balance: toBigInt(p.balance) })),
    };
    return { voucher, provider };
  }

  /** The provider alone, for a code that locked no voucher (an inactive provider still hears 409 first). */
  private async providerContext(manager: EntityManager, providerId: string): Promise<ProviderContext | undefined> {
    const rows = await preparedQuery<ProviderRow>(
      manager,
      'redemption-provider-context',
      `SELECT ${PROVIDER_COLUMNS} FROM providers WHERE id = $1`,
      [providerId],
    );
    const row = rows.at(0);
    return row && toProviderContext(row);
  }

  async insert(
    manager: EntityManager,
    r: Omit<Redemption, 'id' | 'voucherCode' | 'status' | 'confirmedAt' | 'cancelledAt' | 'claimId'>,
  ): Promise<string> {
    const [row]: Array<{ id: string }> = await preparedQuery(
      manager,
      'redemption-insert',
      `WITH r AS (
         INSERT INTO redemptions (voucher_id, program_id, provider_id, enterprise_id, category, order_amount, subsidy, description, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9) RETURNING id
       ), parts AS (
         INSERT INTO redemption_parts (redemption_id, position, fund_id, amount)
         SELECT r.id, ord - 1, fund_id, amount FROM r, unnest($10::uuid[], $11::bigint[]) WITH ORDINALITY AS p(fund_id, amount, ord)
       )
       SELECT id FROM r`,
      [
        r.voucherId,
        r.programId,
        r.providerId,
        r.enterpriseId,
        r.category,
        r.orderAmount.toString(),
        r.subsidy.toString(),
        r.description,
        r.createdAt,
        r.parts.map((p) => p.fundId),
        r.parts.map((p) => p.amount.toString()),
      ],
    );
    return row.id;
  }

  async findById(manager: EntityManager, id: string): Promise<Redemption | undefined> {
    const rows: RedemptionRow[] = await manager.query(`${SELECT_REDEMPTION} WHERE r.id = $1`, [id]);
    return rows[0] && toRedemption(rows[0]);
  }

  /** Locks the redemption for its confirmation (the caller holds its voucher's lock already). */
  async lockForConfirmation(manager: EntityManager, id: string): Promise<Redemption | undefined> {
    const rows: RedemptionRow[] = await manager.query(`${SELECT_REDEMPTION} WHERE r.id = $1 FOR UPDATE OF r`, [id]);
    return rows[0] && toRedemption(rows[0]);
  }

  /** The redemption if `scope` reaches it. */
  async findInScope(manager: EntityManager, scope: Scope, id: string): Promise<Redemption | undefined> {
    const rows: RedemptionRow[] = await manager.query(`${SELECT_REDEMPTION} WHERE ${IN_SCOPE} AND r.id = $5`, [...scopeParams(scope), id]);
    return rows[0] && toRedemption(rows[0]);
  }

  async markConfirmed(manager: EntityManager, id: string, at: Date): Promise<void> {
    await manager.query(`UPDATE redemptions SET status = 'confirmed', confirmed_at = $2 WHERE id = $1`, [id, at]);
  }

  /** Cancels the pending redemptions of a voucher (or only `onlyId`), returning each one's parts. */
  async cancelPending(manager: EntityManager, voucherId: string, at: Date, onlyId?: string): Promise<CancelledHold[]> {
    const rows: Array<{ id: string; provider_id: string; subsidy: string; parts: Array<{ fundId: string; amount: string }> }> =
      await manager.query(
        `WITH cancelled AS (
         UPDATE redemptions SET status = 'cancelled', cancelled_at = $2
          WHERE voucher_id = $1 AND status = 'pending' AND ($3::uuid IS NULL OR id = $3)
          RETURNING id, provider_id, subsidy
       )
       SELECT c.id, c.provider_id, c.subsidy,
              (SELECT json_agg(json_build_object('fundId', p.fund_id, 'amount', p.amount::text) ORDER BY p.position)
                 FROM redemption_parts p WHERE p.redemption_id = c.id) AS parts
         FROM cancelled c ORDER BY c.id`,
        [voucherId, at, onlyId ?? null],
      );
    return rows.map((row) => ({
      id: row.id,
      providerId: row.provider_id,
      subsidy: toBigInt(row.subsidy),
      parts: row.parts.map((p) => ({ fundId: p.fundId, amount: toBigInt(p.amount) })),
    }));
  }

  /** Locks redemptions for a claim, in id order, so two claims racing for the same ones serialise instead of deadlocking. */
  async lockForClaim(manager: EntityManager, ids: string[]): Promise<ClaimableRedemption[]> {
    const rows: Array<{
      id: string;
      provider_id: string;
      program_id: string;
      status: RedemptionStatus;
      claim_id: string | null;
      subsidy: string;
      confirmed_at: Date | null;
      claim_window_days: number;
    }> = await manager.query(
      `SELECT r.id, r.provider_id, r.program_id, r.status, r.claim_id, r.subsidy, r.confirmed_at, p.claim_window_days
           FROM redemptions r JOIN programs p ON p.id = r.program_id
          WHERE r.id = ANY($1::uuid[]) ORDER BY r.id FOR UPDATE OF r`,
      [ids],
    );
    return rows.map((r) => ({
      id: r.id,
      providerId: r.provider_id,
      programId: r.program_id,
      status: r.status,
      claimId: r.claim_id,
      subsidy: toBigInt(r.subsidy),
      confirmedAt: r.confirmed_at,
      claimWindowDays: r.claim_window_days,
    }));
  }

  /** Marks redemptions as in the claim `claimId`. */
  async attachToClaim(manager: EntityManager, ids: string[], claimId: string): Promise<void> {
    await manager.query(`UPDATE redemptions SET claim_id = $1 WHERE id = ANY($2::uuid[])`, [claimId, ids]);
  }

  /** Frees the redemptions of a rejected claim: claimable again. */
  async detachFromClaim(manager: EntityManager, claimId: string): Promise<void> {
    await manager.query(`UPDATE redemptions SET claim_id = NULL WHERE claim_id = $1`, [claimId]);
  }

  /** What the redemptions hold per fund, summed: a claim's parts. */
  async sumPartsByFund(manager: EntityManager, ids: string[]): Promise<Array<{ fundId: string; amount: bigint }>> {
    const rows: Array<{ fund_id: string; amount: string }> = await manager.query(
      `SELECT fund_id, sum(amount)::text AS amount FROM redemption_parts WHERE redemption_id = ANY($1::uuid[])
        GROUP BY fund_id HAVING sum(amount) > 0 ORDER BY fund_id`,
      [ids],
    );
    return rows.map((r) => ({ fundId: r.fund_id, amount: toBigInt(r.amount) }));
  }

  /** The redemptions `scope` reaches, filtered; `voucherCode` is a parsed code body. */
  async listInScope(manager: EntityManager, scope: Scope, filter: RedemptionFilter): Promise<Redemption[]> {
    const rows: RedemptionRow[] = await manager.query(
      `${SELECT_REDEMPTION}
        WHERE ${IN_SCOPE}
          AND ($5::text IS NULL OR r.status = $5) AND ($6::text IS NULL OR v.code = $6)
          AND ($9::boolean IS NULL OR (r.status = 'confirmed' AND r.claim_id IS NULL) = $9)
        ORDER BY r.created_at DESC, r.id LIMIT $7 OFFSET $8`,
      [...scopeParams(scope), filter.status ?? null, filter.voucherCode ?? null, filter.limit, filter.offset, filter.claimable ?? null],
    );
    return rows.map(toRedemption);
  }
}

function toRedemption(row: RedemptionRow): Redemption {
  return {
    id: row.id,
    voucherId: row.voucher_id,
    voucherCode: row.code,
    programId: row.program_id,
    providerId: row.provider_id,
    enterpriseId: row.enterprise_id,
    ...(row.enterprise_name ? { enterpriseName: row.enterprise_name } : {}),
    category: row.category,
    orderAmount: toBigInt(row.order_amount),
    subsidy: toBigInt(row.subsidy),
    description: row.description,
    status: row.status,
    parts: (row.parts ?? []).map((p) => ({ fundId: p.fundId, amount: toBigInt(p.amount) })),
    createdAt: row.created_at,
    confirmedAt: row.confirmed_at,
    cancelledAt: row.cancelled_at,
    claimId: row.claim_id ?? null,
    rating: row.rating ? { stars: row.rating.stars, comment: row.rating.comment, createdAt: new Date(row.rating.createdAt) } : null,
  };
}
