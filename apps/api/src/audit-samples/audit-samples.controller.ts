import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import { type Actor, toShanghaiIso } from '@ivl/core';
import { toJsonAmount } from '@ivl/ledger';
import { AuditSamplesService } from '@ivl/reconciliation';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { Transactional, Tx } from '../common/transactional.js';
import { AuditSampleRequest } from './dto/audit-sample.request.js';
import { AuditSampleResponse } from './dto/audit-sample.response.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/samples')
export class AuditSamplesController {
  constructor(private readonly samples: AuditSamplesService) {}

  @Post()
  @HttpCode(201)
  @Transactional()
  @ApiCreatedResponse({ type: AuditSampleResponse, description: 'the sample: seed, population, and the sampled confirmed redemptions' })
  async draw(@Tx() manager: EntityManager, @CurrentActor() actor: Actor, @Body() body: AuditSampleRequest): Promise<unknown> {
    const sample = await this.samples.draw(manager, actor, body);
    return {
      ...sample,
      size: sample.redemptions.length,
      redemptions: sample.redemptions.map((r) => ({ ...r, subsidy: toJsonAmount(r.subsidy), confirmedAt: toShanghaiIso(r.confirmedAt) })),
    };
  }
}
