import { type DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule, loadConfig } from '@ivl/config';
import { DatabaseModule } from '@ivl/database';
import { RedisModule } from '@ivl/jobs';

/** The BullMQ worker process: processors only, each a thin call into a lib service. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, RedisModule],
    };
  }
}
