import { Module } from '@nestjs/common';
import { LedgerVerifier } from './ledger-verifier.js';
import { LedgerRepository } from './ledger.repository.js';
import { LedgerService } from './ledger.service.js';

@Module({ providers: [LedgerService, LedgerVerifier, LedgerRepository], exports: [LedgerService, LedgerVerifier] })
export class LedgerModule {}
