import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@ivl/core';
import { ProgramsService } from '@ivl/funding';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { Transactional, Tx } from '../common/transactional.js';
import { CreateProgramRequest, ProgramQuery } from './dto/program.request.js';
import { ProgramResponse } from './dto/program.response.js';

@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class ProgramsController {
  constructor(private readonly programs: ProgramsService) {}

  @Post()
  @Transactional()
  @ApiCreatedResponse({ type: ProgramResponse })
  async create(@Tx() manager: EntityManager, @CurrentActor() actor: Actor, @Body() body: CreateProgramRequest): Promise<ProgramResponse> {
    return ProgramResponse.from(await this.programs.create(manager, actor, body.toNewProgram()));
  }

  @Get()
  @ApiOkResponse({ type: [ProgramResponse] })
  async list(@CurrentActor() actor: Actor, @Query() query: ProgramQuery): Promise<ProgramResponse[]> {
    return (await this.programs.list(actor, query)).map((item) => ProgramResponse.from(item));
  }

  @Get(':id')
  @ApiOkResponse({ type: ProgramResponse })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ProgramResponse> {
    return ProgramResponse.from(await this.programs.get(actor, id));
  }

  @Post(':id/funding/:fundId/approve')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: ProgramResponse, description: 'the program; active once every funding share is approved' })
  async approveFunding(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('fundId', ParseUUIDPipe) fundId: string,
  ): Promise<ProgramResponse> {
    return ProgramResponse.from(await this.programs.approveFunding(manager, actor, { programId: id, fundId }));
  }
}
