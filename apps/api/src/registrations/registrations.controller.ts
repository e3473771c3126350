import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@ivl/core';
import { RegistrationsService } from '@ivl/registration';
import { OpenToApplicants, Public } from '../common/auth.guard.js';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { SignUpRateLimit } from '../common/rate-limit.guard.js';
import { toDto } from '../common/to-dto.js';
import { Transactional, Tx } from '../common/transactional.js';
import {
  ApproveRegistrationRequest,
  AttachDocumentsRequest,
  RegistrationQuery,
  RejectRegistrationRequest,
  ResubmitRequest,
  SignUpRequest,
} from './dto/registration.request.js';
import { RegistrationPage, RegistrationResponse, SignUpResponse } from './dto/registration.response.js';

/**
 * Registration (入驻): enterprises and providers sign themselves up (no token), the applicant
 * completes and resubmits its registration, the county officer (enterprises of its region) or the
 * city admin approves or rejects it.
 */
@ApiTags('registrations')
@Controller('registrations')
export class RegistrationsController {
  constructor(private readonly registrations: RegistrationsService) {}

  /** The applicant's username logs in at once (role `applicant`); 409 DUPLICATE for a USCC taken or under review, or a username taken. */
  @Public()
  @SignUpRateLimit()
  @Post()
  @Transactional()
  @ApiCreatedResponse({ type: SignUpResponse })
  @ApiTooManyRequestsResponse({ description: 'too many sign-ups from this address (Retry-After)' })
  async signUp(@Tx() manager: EntityManager, @Body() body: SignUpRequest): Promise<SignUpResponse> {
    return SignUpResponse.from(await this.registrations.signUp(manager, body));
  }

  @Get()
  @ApiBearerAuth()
  @OpenToApplicants()
  @ApiOkResponse({ type: RegistrationPage })
  async list(@CurrentActor() actor: Actor, @Query() query: RegistrationQuery): Promise<RegistrationPage> {
    const { items, total } = await this.registrations.list(actor, query);
    return toDto(RegistrationPage, { items: items.map((r) => RegistrationResponse.from(r, actor)), total });
  }

  @Get(':id')
  @ApiBearerAuth()
  @OpenToApplicants()
  @ApiOkResponse({ type: RegistrationResponse })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<RegistrationResponse> {
    return RegistrationResponse.from(await this.registrations.get(actor, id), actor);
  }

  /** Its applicant, while submitted or rejected: documents it uploaded (the business licence, certificates). */
  @Post(':id/documents')
  @ApiBearerAuth()
  @OpenToApplicants()
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: RegistrationResponse })
  async attach(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AttachDocumentsRequest,
  ): Promise<RegistrationResponse> {
    return RegistrationResponse.from(await this.registrations.attachDocuments(manager, actor, id, body.documentIds), actor);
  }

  /** Its applicant, after a rejection: the corrected fields; under review again. */
  @Post(':id/resubmit')
  @ApiBearerAuth()
  @OpenToApplicants()
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: RegistrationResponse })
  async resubmit(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ResubmitRequest,
  ): Promise<RegistrationResponse> {
    return RegistrationResponse.from(await this.registrations.resubmit(manager, actor, id, body), actor);
  }

  /**
   * Enterprise: the county officer of its region or the city admin; provider: the city admin. It must
   * carry at least one document (the business licence), else 409.
   */
  @Post(':id/approve')
  @ApiBearerAuth()
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: RegistrationResponse })
  async approve(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ApproveRegistrationRequest,
  ): Promise<RegistrationResponse> {
    return RegistrationResponse.from(await this.registrations.approve(manager, actor, id, body.comment), actor);
  }

  @Post(':id/reject')
  @ApiBearerAuth()
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: RegistrationResponse })
  async reject(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RejectRegistrationRequest,
  ): Promise<RegistrationResponse> {
    return RegistrationResponse.from(await this.registrations.reject(manager, actor, id, body.reason), actor);
  }
}
