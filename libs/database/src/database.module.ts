import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@ivl/config';
import { Clock } from '@ivl/core';
import { dataSourceOptions } from './data-source.js';
import { TransactionRunner } from './transaction-runner.js';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => dataSourceOptions(config),
    }),
  ],
  providers: [TransactionRunner, Clock],
  exports: [TransactionRunner, Clock],
})
export class DatabaseModule {}
