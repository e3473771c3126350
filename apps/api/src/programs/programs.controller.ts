import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ivl/core';
import { ProgramsService } from '@ivl/funding';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { CreateProgramRequest, ProgramQuery } from './dto/program.request.js';
import { ProgramResponse } from './dto/program.response.js';

@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class ProgramsController {
  constructor(private readonly programs: ProgramsService) {}

  @Post()
  @ApiCreatedResponse({ type: ProgramResponse })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateProgramRequest): Promise<ProgramResponse> {
    return ProgramResponse.from(await this.programs.create(actor, body.toNewProgram()));
  }

  @Get()
  @ApiOkResponse({ type: [ProgramResponse] })
  async list(@CurrentActor() actor: Actor, @Query() query: ProgramQuery): Promise<ProgramResponse[]> {
    return (await this.programs.list(actor, query)).map(ProgramResponse.from);
  }

  @Get(':id')
  @ApiOkResponse({ type: ProgramResponse })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ProgramResponse> {
    return ProgramResponse.from(await this.programs.get(actor, id));
  }

  @Post(':id/funding/:fundId/approve')
  @HttpCode(200)
  @ApiOkResponse({ type: ProgramResponse, description: 'the program; active once every funding share is approved' })
  async approveFunding(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('fundId', ParseUUIDPipe) fundId: string,
  ): Promise<ProgramResponse> {
    return ProgramResponse.from(await this.programs.approveFunding(actor, id, fundId));
  }
}
