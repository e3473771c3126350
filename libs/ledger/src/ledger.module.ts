import { Module } from '@nestjs/common';
import { LedgerVerifier } from './ledger-verifier.js';
import { LedgerService } from './ledger.service.js';

@Module({ providers: [LedgerService, LedgerVerifier], exports: [LedgerService, LedgerVerifier] })
export class LedgerModule {}
