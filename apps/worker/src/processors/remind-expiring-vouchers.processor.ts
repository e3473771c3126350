import { Injectable, Logger } from '@nestjs/common';
import { type JobHandler, JOBS } from '@ivl/jobs';
import { VouchersService } from '@ivl/vouchers';

/** Reminds holders of vouchers expiring within 30 and within 7 days; safe to run twice, concurrently or late. */
@Injectable()
export class RemindExpiringVouchersProcessor implements JobHandler {
  readonly job = JOBS.remindExpiringVouchers.name;
  private readonly logger = new Logger(RemindExpiringVouchersProcessor.name);

  constructor(private readonly vouchers: VouchersService) {}

  async handle(): Promise<{ reminded: number }> {
    const reminded = await this.vouchers.remindExpiring();
    if (reminded > 0) this.logger.log(`expiry reminders for ${reminded} vouchers`);
    return { reminded };
  }
}
