import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ChainModule, ChainVerifier } from '@ivl/chain';
import { ConfigModule, loadConfig, loadDotEnv } from '@ivl/config';
import { DatabaseModule } from '@ivl/database';
import { LedgerModule, LedgerVerifier } from '@ivl/ledger';

loadDotEnv();

@Module({ imports: [ConfigModule.forRoot(loadConfig()), DatabaseModule, LedgerModule, ChainModule] })
class VerifyModule {}

/** `npm run ledger:verify`: checks every invariant of the money model and the hash chain; exits 1 when one fails. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest declares its options as a class but takes a plain object (its documented use)
const app = await NestFactory.createApplicationContext(VerifyModule, { logger: ['error'] });
try {
  const report = await app.get(LedgerVerifier).verify();
  const chain = await app.get(ChainVerifier).verify();
  console.log(JSON.stringify({ ...report, chain }, null, 2));
  process.exitCode = report.balanced && chain.ok ? 0 : 1;
} finally {
  await app.close();
}
