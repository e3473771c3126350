import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The double-entry ledger. Entries carry a signed amount (+ into a class, − out of it) on an
 * account (fund, class, owner: a voucher or provider for some classes). The database itself:
 * - keeps each account's balance (trigger on entry insert) and refuses a negative one but for
 *   `appropriation` (CHECK);
 * - refuses a transaction whose entries do not sum to zero, checked at commit (deferred trigger);
 * - refuses entries added to a transaction of another database transaction;
 * - refuses any UPDATE, DELETE or TRUNCATE of entries and transactions, and any change of an
 *   account balance that does not come from an entry.
 */
export class Ledger1764200000000 implements MigrationInterface {
  name = 'Ledger1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE funds (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_code varchar(6) NOT NULL REFERENCES regions(code),
        year        int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        name        varchar(200) NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT funds_region_year_name_key UNIQUE (region_code, year, name)
      );

      CREATE TABLE ledger_transactions (
        id            bigserial PRIMARY KEY,
        kind          text NOT NULL CHECK (kind IN ('allocate','issue','hold','release','confirm','expire','revoke',
                        'batch','return','pay')),
        at            timestamptz NOT NULL,
        voucher_id    uuid,
        redemption_id uuid,
        reference     text,
        created_xid   xid8 NOT NULL DEFAULT pg_current_xact_id()
      );
      CREATE INDEX ledger_transactions_at_idx ON ledger_transactions (at);
      CREATE INDEX ledger_transactions_voucher_idx ON ledger_transactions (voucher_id) WHERE voucher_id IS NOT NULL;

      -- owner: the voucher of a vouchers or held account, the provider of a payable,
      -- in_settlement or paid account, the nil uuid for the fund-level classes.
      CREATE TABLE ledger_accounts (
        id          bigserial PRIMARY KEY,
        fund_id     uuid NOT NULL REFERENCES funds(id),
        class       text NOT NULL CHECK (class IN ('appropriation','available','vouchers','held','payable',
                      'in_settlement','paid')),
        owner       uuid NOT NULL,
        balance     bigint NOT NULL DEFAULT 0,
        CONSTRAINT ledger_accounts_key UNIQUE (fund_id, class, owner),
        CONSTRAINT ledger_accounts_not_negative CHECK (class = 'appropriation' OR balance >= 0)
      );
      CREATE INDEX ledger_accounts_owner_idx ON ledger_accounts (owner, class);

      CREATE TABLE ledger_entries (
        id          bigserial PRIMARY KEY,
        tx_id       bigint NOT NULL REFERENCES ledger_transactions(id),
        fund_id     uuid NOT NULL,
        class       text NOT NULL,
        owner       uuid NOT NULL,
        amount      bigint NOT NULL CHECK (amount <> 0)
      );
      CREATE INDEX ledger_entries_tx_idx ON ledger_entries (tx_id);

      -- Every entry moves its account's balance, and only inside the transaction that created its ledger transaction.
      CREATE FUNCTION ledger_apply_entry() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        creator xid8;
      BEGIN
        SELECT created_xid INTO creator FROM ledger_transactions WHERE id = NEW.tx_id;
        IF creator IS DISTINCT FROM pg_current_xact_id() THEN
          RAISE EXCEPTION 'ledger transaction % is closed: entries are added only in the database transaction that created it', NEW.tx_id
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        UPDATE ledger_accounts SET balance = balance + NEW.amount
         WHERE fund_id = NEW.fund_id AND class = NEW.class AND owner = NEW.owner;
        IF NOT FOUND THEN
          INSERT INTO ledger_accounts AS a (fund_id, class, owner, balance)
          VALUES (NEW.fund_id, NEW.class, NEW.owner, NEW.amount)
          ON CONFLICT ON CONSTRAINT ledger_accounts_key DO UPDATE SET balance = a.balance + EXCLUDED.balance;
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER ledger_entries_apply BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION ledger_apply_entry();

      -- Debits equal credits: checked once per ledger transaction, at commit.
      CREATE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        total numeric;
        n int;
      BEGIN
        SELECT coalesce(sum(amount), 0), count(*) INTO total, n FROM ledger_entries WHERE tx_id = NEW.id;
        IF n < 2 OR total <> 0 THEN
          RAISE EXCEPTION 'ledger transaction % is not balanced (% entries, sum %)', NEW.id, n, total
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NULL;
      END $$;
      CREATE CONSTRAINT TRIGGER ledger_transactions_balanced AFTER INSERT ON ledger_transactions
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced();

      CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the ledger is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'integrity_constraint_violation';
      END $$;
      CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
        FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
      CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
      CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON ledger_transactions
        FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
      CREATE TRIGGER ledger_transactions_no_truncate BEFORE TRUNCATE ON ledger_transactions
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

      -- Account balances move only through entries (the entry trigger runs at depth 1).
      CREATE FUNCTION ledger_guard_account() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR pg_trigger_depth() < 2 THEN
          RAISE EXCEPTION 'ledger account balances change only through ledger entries'
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER ledger_accounts_guard BEFORE INSERT OR UPDATE OR DELETE ON ledger_accounts
        FOR EACH ROW EXECUTE FUNCTION ledger_guard_account();
      CREATE TRIGGER ledger_accounts_no_truncate BEFORE TRUNCATE ON ledger_accounts
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

      CREATE TABLE allocations (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        fund_id     uuid NOT NULL REFERENCES funds(id),
        amount      bigint NOT NULL CHECK (amount > 0),
        reference   varchar(200) NOT NULL,
        tx_id       bigint NOT NULL REFERENCES ledger_transactions(id),
        created_by  uuid,
        created_at  timestamptz NOT NULL
      );
      CREATE INDEX allocations_fund_idx ON allocations (fund_id, created_at);

      CREATE TABLE idempotency_keys (
        user_id      uuid NOT NULL,
        key          varchar(128) NOT NULL,
        request_hash char(64) NOT NULL,
        status_code  int NOT NULL,
        body         json NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE idempotency_keys, allocations, ledger_entries, ledger_accounts, ledger_transactions, funds;
      DROP FUNCTION ledger_apply_entry, ledger_check_balanced, ledger_refuse_change, ledger_guard_account;
    `);
  }
}
