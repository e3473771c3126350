export { LedgerVerifier } from './ledger-verifier.js';
export type { LedgerProblem, LedgerReport } from './ledger-verifier.js';
export { LedgerModule } from './ledger.module.js';
export { LedgerService } from './ledger.service.js';
export { LEDGER_CLASSES, movesOf, NO_OWNER, TX_KINDS } from './ledger.types.js';
export type { AccountRef, FundBalances, LedgerClass, Move, Posting, TxKind } from './ledger.types.js';
export { fenToYuan, largestRemainder } from '@ivl/rules';
export { exactJson, toJsonAmount } from './money.js';
