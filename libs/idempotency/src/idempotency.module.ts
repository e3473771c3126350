import { Module } from '@nestjs/common';
import { IdempotencyKeyRepository } from './idempotency-key.repository.js';
import { IdempotencyService } from './idempotency.service.js';

@Module({ providers: [IdempotencyKeyRepository, IdempotencyService], exports: [IdempotencyService] })
export class IdempotencyModule {}
