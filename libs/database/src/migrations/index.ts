import { Registry1764100000000 } from './1764100000000-registry.js';
import { SeedRegions1764100000001 } from './1764100000001-seed-regions.js';
import { Ledger1764200000000 } from './1764200000000-ledger.js';
import { Vouchers1764200000001 } from './1764200000001-vouchers.js';
import { Settlement1764300000000 } from './1764300000000-settlement.js';
import { LedgerEntryTime1764400000000 } from './1764400000000-ledger-entry-time.js';
import { BackfillLedgerEntryTime1764400000001 } from './1764400000001-backfill-ledger-entry-time.js';
import { HotPathForeignKeys1764500000000 } from './1764500000000-hot-path-foreign-keys.js';
import { ClosedMonths1764600000000 } from './1764600000000-closed-months.js';
import { ProgramFundingApproval1764700000000 } from './1764700000000-program-funding-approval.js';
import { BackfillProgramStatus1764700000001 } from './1764700000001-backfill-program-status.js';
import { UserAccounts1764700000002 } from './1764700000002-user-accounts.js';
import { OutboxFinished1764700000003 } from './1764700000003-outbox-finished.js';
import { Documents1764700000004 } from './1764700000004-documents.js';
import { Registrations1764700000005 } from './1764700000005-registrations.js';
import { Services1764800000000 } from './1764800000000-services.js';
import { Orders1764800000001 } from './1764800000001-orders.js';
import { Notifications1764800000002 } from './1764800000002-notifications.js';
import { Chain1764900000000 } from './1764900000000-chain.js';
import { Notices1764900000010 } from './1764900000010-notices.js';
import { Risk1764900000020 } from './1764900000020-risk.js';
import { Clawbacks1764900000030 } from './1764900000030-clawbacks.js';
import { ListSearch1765000000020 } from './1765000000020-list-search.js';
import { RedeemFunction1765000000040 } from './1765000000040-redeem-function.js';
import { ClosedDays1765100000000 } from './1765100000000-closed-days.js';
import { ChainSealsOneIndexLess1765400000000 } from './1765400000000-chain-seals-one-index-less.js';

/** Every migration in order, as classes (TypeORM globs do not work under ESM). */
export const MIGRATIONS = [
  Registry1764100000000,
  SeedRegions1764100000001,
  Ledger1764200000000,
  Vouchers1764200000001,
  Settlement1764300000000,
  LedgerEntryTime1764400000000,
  BackfillLedgerEntryTime1764400000001,
  HotPathForeignKeys1764500000000,
  ClosedMonths1764600000000,
  ProgramFundingApproval1764700000000,
  BackfillProgramStatus1764700000001,
  UserAccounts1764700000002,
  OutboxFinished1764700000003,
  Documents1764700000004,
  Registrations1764700000005,
  Services1764800000000,
  Orders1764800000001,
  Notifications1764800000002,
  Chain1764900000000,
  Notices1764900000010,
  Risk1764900000020,
  Clawbacks1764900000030,
  ListSearch1765000000020,
  RedeemFunction1765000000040,
  ClosedDays1765100000000,
  ChainSealsOneIndexLess1765400000000,
];
