import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '@ivl/core';
import { EvaluationService, evaluationPdf, evaluationXlsx, rankingPdf, rankingXlsx } from '@ivl/evaluation';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { ComplexEvaluationParams, EvaluationYearParams } from './dto/evaluation.request.js';
import { cityRankingJson, CityRankingResponse, complexEvaluationJson, ComplexEvaluationResponse } from './dto/evaluation.response.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PDF = 'application/pdf';

/** The city's yearly evaluation of complexes (考核评价): one complex's year, and the ranking of all. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller()
export class EvaluationController {
  constructor(private readonly evaluation: EvaluationService) {}

  @Get('complexes/:id/evaluation/:year.xlsx')
  @Header('content-type', XLSX)
  @ApiProduces(XLSX)
  async complexXlsx(
    @CurrentActor() actor: Actor,
    @Param() params: ComplexEvaluationParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const e = await this.evaluation.complexEvaluation(actor, params.id, params.year);
    void reply.header('content-disposition', `attachment; filename="evaluation-${params.year}-${params.id}.xlsx"`);
    return evaluationXlsx(e);
  }

  @Get('complexes/:id/evaluation/:year.pdf')
  @Header('content-type', PDF)
  @ApiProduces(PDF)
  async complexPdf(
    @CurrentActor() actor: Actor,
    @Param() params: ComplexEvaluationParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const e = await this.evaluation.complexEvaluation(actor, params.id, params.year);
    void reply.header('content-disposition', `attachment; filename="evaluation-${params.year}-${params.id}.pdf"`);
    return evaluationPdf(e);
  }

  @Get('complexes/:id/evaluation/:year')
  @ApiOkResponse({ type: ComplexEvaluationResponse })
  async complex(@CurrentActor() actor: Actor, @Param() params: ComplexEvaluationParams): Promise<unknown> {
    return complexEvaluationJson(await this.evaluation.complexEvaluation(actor, params.id, params.year));
  }

  @Get('evaluation/:year.xlsx')
  @Header('content-type', XLSX)
  @ApiProduces(XLSX)
  async rankingXlsx(
    @CurrentActor() actor: Actor,
    @Param() params: EvaluationYearParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const r = await this.evaluation.ranking(actor, params.year);
    void reply.header('content-disposition', `attachment; filename="evaluation-ranking-${params.year}.xlsx"`);
    return rankingXlsx(r);
  }

  @Get('evaluation/:year.pdf')
  @Header('content-type', PDF)
  @ApiProduces(PDF)
  async rankingPdf(
    @CurrentActor() actor: Actor,
    @Param() params: EvaluationYearParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const r = await this.evaluation.ranking(actor, params.year);
    void reply.header('content-disposition', `attachment; filename="evaluation-ranking-${params.year}.pdf"`);
    return rankingPdf(r);
  }

  @Get('evaluation/:year')
  @ApiOkResponse({ type: CityRankingResponse })
  async ranking(@CurrentActor() actor: Actor, @Param() params: EvaluationYearParams): Promise<unknown> {
    return cityRankingJson(await this.evaluation.ranking(actor, params.year));
  }
}
