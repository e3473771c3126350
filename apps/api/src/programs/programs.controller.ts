import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
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
  async list(@Query() query: ProgramQuery): Promise<ProgramResponse[]> {
    return (await this.programs.list(query)).map(ProgramResponse.from);
  }

  @Get(':id')
  @ApiOkResponse({ type: ProgramResponse })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<ProgramResponse> {
    return ProgramResponse.from(await this.programs.get(id));
  }
}
