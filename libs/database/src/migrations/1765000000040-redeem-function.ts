import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The redemption in one round trip (issue 17): `redeem_hold(...)` does a walk-in redemption's whole
 * database work as one statement in autocommit — the voucher lock, the checks, the rule, the
 * proportional draw-down, the redemption and its parts, the hold's ledger transaction (the ledger
 * triggers still run), the voucher's balance, the audit row, the notification's outbox row and the
 * idempotency row. A refusal writes nothing and is answered as `{"refusal": ...}` (the API maps it to
 * the same problem+json as before and stores it under the key); a key another request stored first
 * raises SQLSTATE IV409 (everything rolls back, the API replays the stored answer).
 *
 * The rule lives here as `ivl_rule_amount`, `ivl_subsidy`, `ivl_ratio` and `ivl_split` (the order
 * path asks them too); libs/rules keeps the TypeScript copy for the portal's preview, and a property test
 * (test/redeem-function.e2e-spec.ts) proves the two agree on random inputs.
 */
export class RedeemFunction1765000000040 implements MigrationInterface {
  name = 'RedeemFunction1765000000040';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- rule(x) = min(x, F) + floor((x − F)⁺ × ratio / 10000)  (libs/rules ruleAmount)
      CREATE FUNCTION ivl_rule_amount(p_order bigint, p_ratio_bp integer, p_full bigint) RETURNS bigint
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
          SELECT (least(p_order, coalesce(p_full, 0))
                  + div(greatest(p_order - coalesce(p_full, 0), 0)::numeric * p_ratio_bp, 10000))::bigint
        $$;

      -- never more than the voucher's balance (libs/rules subsidyFor)
      CREATE FUNCTION ivl_subsidy(p_order bigint, p_balance bigint, p_ratio_bp integer, p_full bigint) RETURNS bigint
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
          SELECT least(ivl_rule_amount(p_order, p_ratio_bp, p_full), p_balance)
        $$;

      -- the out-of-region ratio when set and the provider is outside the issuing region (libs/rules ratioFor)
      CREATE FUNCTION ivl_ratio(p_ratio_bp integer, p_out_bp integer, p_issuer varchar, p_provider_region varchar) RETURNS integer
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
          SELECT CASE WHEN p_provider_region IS NOT NULL AND p_provider_region <> p_issuer AND p_out_bp IS NOT NULL
                      THEN p_out_bp ELSE p_ratio_bp END
        $$;

      -- largest remainder (libs/rules largestRemainder): floor shares, the leftover fen one by one to
      -- the largest remainders among positive weights, ties to the earlier part. plpgsql, not SQL: a
      -- multi-statement SQL function called from plpgsql is planned again on every call (measured:
      -- the largest single cost of redeem_hold), a plpgsql loop over a few parts is not.
      CREATE FUNCTION ivl_split(p_total bigint, p_weights bigint[]) RETURNS bigint[]
        LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
        DECLARE
          n integer := coalesce(array_length(p_weights, 1), 0);
          total numeric := 0;
          shares bigint[] := '{}';
          rems numeric[] := '{}';
          leftover bigint := p_total;
          best integer;
        BEGIN
          FOR i IN 1..n LOOP total := total + p_weights[i]; END LOOP;
          FOR i IN 1..n LOOP
            shares[i] := div(p_total::numeric * p_weights[i], total)::bigint;
            rems[i] := mod(p_total::numeric * p_weights[i], total);
            leftover := leftover - shares[i];
          END LOOP;
          -- fewer fen are left over than there are positive weights
          FOR k IN 1..leftover LOOP
            best := NULL;
            FOR i IN 1..n LOOP
              IF p_weights[i] > 0 AND (best IS NULL OR rems[i] > rems[best]) THEN best := i; END IF;
            END LOOP;
            shares[best] := shares[best] + 1;
            rems[best] := -1;
          END LOOP;
          RETURN shares;
        END $$;

      CREATE FUNCTION redeem_hold(
        p_user uuid, p_key varchar, p_hash char(64), p_actor_role text, p_provider uuid,
        p_id uuid, p_code text, p_category text, p_order_amount bigint, p_description text,
        p_now timestamptz, p_today text, p_body jsonb, p_outbox_job text
      ) RETURNS jsonb LANGUAGE plpgsql AS $$
      DECLARE
        pr record;
        v record;
        fund_ids uuid[];
        weights bigint[];
        amounts bigint[];
        subsidy bigint;
        tx_id bigint;
        body jsonb;
      BEGIN
        SELECT name, status, region_code, categories, accreditations, uscc, controller_key INTO pr FROM providers WHERE id = p_provider;
        IF NOT FOUND THEN RAISE EXCEPTION 'the acting provider % does not exist', p_provider; END IF;

        SELECT vo.id, vo.balance, vo.status, vo.valid_until, vo.enterprise_id, vo.program_id,
               e.uscc, e.controller_key, p.categories, p.ratio_bp, p.full_coverage_up_to, p.out_of_region_ratio_bp,
               p.issuer_region_code
          INTO v
          FROM vouchers vo JOIN programs p ON p.id = vo.program_id JOIN enterprises e ON e.id = vo.enterprise_id
         WHERE vo.code = p_code::bpchar -- the column's type (char(16)): compared as text, the unique index is not used
           FOR UPDATE OF vo;

        IF pr.status <> 'active' THEN RETURN jsonb_build_object('refusal', 'provider-status', 'status', pr.status); END IF;
        IF v.id IS NULL OR v.status <> 'active' OR v.valid_until < p_now OR v.balance = 0 THEN
          RETURN jsonb_build_object('refusal', 'not-usable');
        END IF;
        IF NOT (p_category = ANY (v.categories)) OR NOT (p_category = ANY (pr.categories)) THEN
          RETURN jsonb_build_object('refusal', 'category');
        END IF;
        IF p_category = 'TESTING' AND NOT EXISTS (
             SELECT 1 FROM jsonb_array_elements(pr.accreditations) a
              WHERE a->>'type' IN ('CMA', 'CNAS') AND a->>'validUntil' >= p_today) THEN
          RETURN jsonb_build_object('refusal', 'accreditation');
        END IF;
        IF v.uscc = pr.uscc OR (v.controller_key IS NOT NULL AND v.controller_key = pr.controller_key) THEN
          RETURN jsonb_build_object('refusal', 'related-party');
        END IF;

        subsidy := ivl_subsidy(p_order_amount, v.balance,
                               ivl_ratio(v.ratio_bp, v.out_of_region_ratio_bp, v.issuer_region_code, pr.region_code),
                               v.full_coverage_up_to);
        IF subsidy = 0 THEN RETURN jsonb_build_object('refusal', 'nothing-covered'); END IF;

        SELECT array_agg(vp.fund_id ORDER BY vp.position), array_agg(coalesce(a.balance, 0) ORDER BY vp.position)
          INTO fund_ids, weights
          FROM voucher_parts vp
          LEFT JOIN ledger_accounts a ON a.owner = vp.voucher_id AND a.class = 'vouchers' AND a.fund_id = vp.fund_id
         WHERE vp.voucher_id = v.id;
        amounts := ivl_split(subsidy, weights);

        INSERT INTO redemptions (id, voucher_id, program_id, provider_id, enterprise_id, category, order_amount, subsidy,
                                 description, status, created_at)
        VALUES (p_id, v.id, v.program_id, p_provider, v.enterprise_id, p_category, p_order_amount, subsidy,
                p_description, 'pending', p_now);
        INSERT INTO redemption_parts (redemption_id, position, fund_id, amount)
        SELECT p_id, ord - 1, f, a FROM unnest(fund_ids, amounts) WITH ORDINALITY AS u(f, a, ord);

        INSERT INTO ledger_transactions (kind, at, voucher_id, redemption_id, reference)
        VALUES ('hold', p_now, v.id, p_id, NULL) RETURNING id INTO tx_id;
        INSERT INTO ledger_entries (tx_id, fund_id, class, owner, amount, at, kind)
        SELECT tx_id, e.fund_id, e.class, v.id, e.amount, p_now, 'hold'
          FROM (SELECT f AS fund_id, c.class, CASE WHEN c.class = 'vouchers' THEN -a ELSE a END AS amount
                  FROM unnest(fund_ids, amounts) AS u(f, a), (VALUES ('held'), ('vouchers')) AS c(class)
                 WHERE a > 0) e
         ORDER BY e.fund_id, e.class;

        UPDATE vouchers SET balance = balance - subsidy, held = held + subsidy,
               status = CASE WHEN status IN ('active', 'exhausted')
                             THEN CASE WHEN balance - subsidy = 0 AND held + subsidy = 0 THEN 'exhausted' ELSE 'active' END
                             ELSE status END
         WHERE id = v.id;

        INSERT INTO audit_log (at, actor_id, actor_role, entity_type, entity_id, action, from_state, to_state, reason,
                               region_code, provider_id, enterprise_id, data)
        VALUES (p_now, p_user, p_actor_role, 'redemption', p_id::text, 'redeem', NULL, 'pending', NULL,
                v.issuer_region_code, p_provider, v.enterprise_id,
                jsonb_build_object('voucherId', v.id, 'orderAmount', p_order_amount::text, 'subsidy', subsidy::text));

        INSERT INTO outbox (job_name, job_id, data)
        VALUES (p_outbox_job, 'notify.redemption.awaiting-confirmation.' || p_id,
                jsonb_build_object('event', jsonb_build_object(
                                     'kind', 'redemption.awaiting-confirmation', 'redemptionId', p_id,
                                     'enterpriseId', v.enterprise_id, 'providerName', pr.name,
                                     'orderAmount', p_order_amount::text, 'subsidy', subsidy::text),
                                   'at', to_char(p_now AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
        ON CONFLICT (job_id) DO NOTHING;

        body := p_body || jsonb_build_object(
          'enterpriseId', v.enterprise_id, 'programId', v.program_id,
          'subsidy', subsidy, 'enterprisePays', p_order_amount - subsidy,
          'parts', (SELECT jsonb_agg(jsonb_build_object('fundId', f, 'amount', a) ORDER BY ord)
                      FROM unnest(fund_ids, amounts) WITH ORDINALITY AS u(f, a, ord)));

        INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, body)
        VALUES (p_user, p_key, p_hash, 201, body::json)
        ON CONFLICT (user_id, key) DO NOTHING;
        IF NOT FOUND THEN RAISE EXCEPTION 'idempotency key taken' USING ERRCODE = 'IV409'; END IF;
        RETURN body;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION redeem_hold(uuid, varchar, char, text, uuid, uuid, text, text, bigint, text, timestamptz, text, jsonb, text);
      DROP FUNCTION ivl_split(bigint, bigint[]);
      DROP FUNCTION ivl_ratio(integer, integer, varchar, varchar);
      DROP FUNCTION ivl_subsidy(bigint, bigint, integer, bigint);
      DROP FUNCTION ivl_rule_amount(bigint, integer, bigint);
    `);
  }
}
