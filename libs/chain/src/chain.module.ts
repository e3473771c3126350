import { Module } from '@nestjs/common';
import { ChainVerifier } from './chain-verifier.js';
import { ChainRepository } from './chain.repository.js';
import { ChainSealer } from './chain.sealer.js';
import { ChainService } from './chain.service.js';

@Module({ providers: [ChainRepository, ChainSealer, ChainVerifier, ChainService], exports: [ChainSealer, ChainVerifier, ChainService] })
export class ChainModule {}
