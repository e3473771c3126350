import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '@ivl/core';
import { ChainRepository } from './chain.repository.js';
import type { AnchorRow } from './chain.types.js';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** At most a year and a bit of anchors per request. */
const MAX_DAYS = 400;

/** The published anchors: the public page, the reconciliation exports. */
@Injectable()
export class ChainService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: ChainRepository,
  ) {}

  /** Anchors of the Shanghai days from `from` to `to` (YYYY-MM-DD, inclusive); bad dates or a range over 400 days: 400. */
  anchors(from: string, to: string): Promise<AnchorRow[]> {
    const start = readDate('from', from);
    const end = readDate('to', to);
    if (end < start) throw DomainError.validation('to', 'must not be before from');
    if ((end.getTime() - start.getTime()) / 86_400_000 > MAX_DAYS)
      throw DomainError.validation('to', `at most ${MAX_DAYS} days after from`);
    return this.repo.anchors(this.dataSource.manager, from, to);
  }

  /** The anchors of the days from `from` to `to`, read in the caller's transaction (an export's snapshot). */
  anchorsIn(manager: EntityManager, from: string, to: string): Promise<AnchorRow[]> {
    return this.repo.anchors(manager, from, to);
  }
}

function readDate(field: string, value: string): Date {
  const date = new Date(`${value}T00:00:00Z`);
  if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw DomainError.validation(field, 'must be a date YYYY-MM-DD');
  }
  return date;
}
