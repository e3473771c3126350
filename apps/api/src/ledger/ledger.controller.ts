import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type ChainReport, ChainVerifier } from '@ivl/chain';
import { type Actor, requireRole } from '@ivl/core';
import { type LedgerReport, LedgerVerifier } from '@ivl/ledger';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { LedgerReportResponse } from './dto/ledger-report.response.js';

@ApiTags('ledger')
@ApiBearerAuth()
@Controller('ledger')
export class LedgerController {
  constructor(
    private readonly verifier: LedgerVerifier,
    private readonly chain: ChainVerifier,
  ) {}

  /** Checks every invariant of the money model and recomputes the hash chain; for the city admin and auditors. */
  @Get('verify')
  @ApiOkResponse({ type: LedgerReportResponse })
  async verify(@CurrentActor() actor: Actor): Promise<LedgerReport & { chain: ChainReport }> {
    requireRole(actor, 'ledger.verify');
    const report = await this.verifier.verify();
    return { ...report, chain: await this.chain.verify() };
  }
}
