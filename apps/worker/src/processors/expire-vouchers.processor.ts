import { Injectable } from '@nestjs/common';
import { type JobHandler, JOBS } from '@ivl/jobs';
import { VouchersService } from '@ivl/vouchers';

/** Expires vouchers past their use deadline and returns their balances to the funds. */
@Injectable()
export class ExpireVouchersProcessor implements JobHandler {
  readonly job = JOBS.expireVouchers.name;

  constructor(private readonly vouchers: VouchersService) {}

  async handle(): Promise<{ expired: number }> {
    return { expired: await this.vouchers.expireDue() };
  }
}
