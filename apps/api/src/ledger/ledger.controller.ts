import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, requireRole } from '@ivl/core';
import { type LedgerReport, LedgerVerifier } from '@ivl/ledger';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { LedgerReportResponse } from './dto/ledger-report.response.js';

@ApiTags('ledger')
@ApiBearerAuth()
@Controller('ledger')
export class LedgerController {
  constructor(private readonly verifier: LedgerVerifier) {}

  /** Checks every invariant of the money model; for the city admin and auditors. */
  @Get('verify')
  @ApiOkResponse({ type: LedgerReportResponse })
  verify(@CurrentActor() actor: Actor): Promise<LedgerReport> {
    requireRole(actor, 'ledger.verify');
    return this.verifier.verify();
  }
}
