import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { containsPattern, periodRange, type Scope } from '@ivl/core';
import { pagedQuery, toBigInt } from '@ivl/database';
import type { Application, ApplicationStatus, Decision, ReviewStage } from './voucher.types.js';

/*
 * Foreign tables read (never written): programs and regions, for an application's issuing region
 * and its level (who reviews it, who reads it); enterprises and regions, for the applicant's region
 * and controller (which programs it may apply to, its controller's cap). The list joins enterprises
 * and programs set-based, to filter by the applicant's region and to search their names and USCC.
 */

/** An application with what its review turns on: the issuing region and its level. */
export interface ReviewedApplication extends Application {
  issuerRegionCode: string;
  issuerLevel: 'city' | 'county';
}

export interface ApplicationFilter {
  status?: ApplicationStatus;
  programId?: string;
  /** The applying enterprise's region. */
  regionCode?: string;
  /** The month (Asia/Shanghai) the application was made, `YYYY-MM`. */
  period?: string;
  /** Any part of the enterprise's name or USCC, the program's name, the purpose or the application's id. */
  q?: string;
  limit: number;
  offset: number;
}

interface ApplicationRow {
  id: string;
  program_id: string;
  enterprise_id: string;
  amount: string;
  purpose: string;
  status: ApplicationStatus;
  stage: ReviewStage;
  county_decision: Decision | null;
  city_decision: Decision | null;
  reject_reason: string | null;
  voucher_id: string | null;
  created_at: Date;
  decided_at: Date | null;
  issuer_region_code: string;
  issuer_level: 'city' | 'county';
}

const SELECT_APPLICATION = `
  SELECT a.*, p.issuer_region_code, r.level AS issuer_level
    FROM applications a JOIN programs p ON p.id = a.program_id JOIN regions r ON r.code = p.issuer_region_code`;

@Injectable()
export class ApplicationRepository {
  /** The regions whose programs an enterprise may apply to: its own and its parent (a city's programs are open to its counties). */
  async applicantRegionsOf(manager: EntityManager, enterpriseId: string): Promise<string[] | undefined> {
    const [row]: [{ region_code: string; parent_code: string | null }?] = await manager.query(
      `SELECT e.region_code, r.parent_code FROM enterprises e JOIN regions r ON r.code = e.region_code WHERE e.id = $1`,
      [enterpriseId],
    );
    return row && [row.region_code, ...(row.parent_code === null ? [] : [row.parent_code])];
  }

  /** The controller key of an enterprise, for the controller's cap at issue. */
  async controllerKeyOf(manager: EntityManager, enterpriseId: string): Promise<string | null> {
    const [row]: [{ controller_key: string | null }?] = await manager.query(`SELECT controller_key FROM enterprises WHERE id = $1`, [
      enterpriseId,
    ]);
    return row?.controller_key ?? null;
  }

  async insert(
    manager: EntityManager,
    a: { programId: string; enterpriseId: string; amount: bigint; purpose: string; createdAt: Date },
  ): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO applications (program_id, enterprise_id, amount, purpose, status, stage, created_at)
       VALUES ($1, $2, $3, $4, 'pending', 'county', $5) RETURNING id`,
      [a.programId, a.enterpriseId, a.amount.toString(), a.purpose, a.createdAt],
    );
    return row.id;
  }

  async findById(manager: EntityManager, id: string): Promise<ReviewedApplication | undefined> {
    const rows: ApplicationRow[] = await manager.query(`${SELECT_APPLICATION} WHERE a.id = $1`, [id]);
    return rows[0] && toApplication(rows[0]);
  }

  /** Locks the application for its review, so two reviewers of it serialise. */
  async lockForReview(manager: EntityManager, id: string): Promise<ReviewedApplication | undefined> {
    const rows: ApplicationRow[] = await manager.query(`${SELECT_APPLICATION} WHERE a.id = $1 FOR UPDATE OF a`, [id]);
    return rows[0] && toApplication(rows[0]);
  }

  /** Records a review stage's decision; a final one sets the outcome, the voucher and the decision time. */
  async recordDecision(
    manager: EntityManager,
    id: string,
    d: {
      stage: 'county' | 'city';
      status: ApplicationStatus;
      final: boolean;
      decision: Decision;
      rejectReason: string | null;
      voucherId: string | null;
      at: Date;
    },
  ): Promise<void> {
    await manager.query(
      `UPDATE applications SET status = $2, stage = $3, ${d.stage === 'city' ? 'city_decision' : 'county_decision'} = $4,
              reject_reason = $5, voucher_id = $6, decided_at = $7
        WHERE id = $1`,
      [id, d.status, d.final ? 'done' : 'city', JSON.stringify(d.decision), d.rejectReason, d.voucherId, d.final ? d.at : null],
    );
  }

  /** The applications `scope` reaches (an enterprise's own, a county's issued, or all), filtered, newest first, and how many match before paging. */
  async listInScope(
    manager: EntityManager,
    scope: Scope,
    filter: ApplicationFilter,
  ): Promise<{ items: ReviewedApplication[]; total: number }> {
    const month = filter.period === undefined ? undefined : periodRange(filter.period);
    const { rows, total } = await pagedQuery<ApplicationRow>(manager, {
      select: 'SELECT a.*, p.issuer_region_code, r.level AS issuer_level',
      from: `applications a JOIN programs p ON p.id = a.program_id JOIN regions r ON r.code = p.issuer_region_code
             JOIN enterprises e ON e.id = a.enterprise_id`,
      where: `($1::uuid IS NULL OR a.enterprise_id = $1) AND ($2::varchar IS NULL OR p.issuer_region_code = $2)
          AND ($3::text IS NULL OR a.status = $3) AND ($4::uuid IS NULL OR a.program_id = $4)
          AND ($5::varchar IS NULL OR e.region_code = $5)
          AND ($6::timestamptz IS NULL OR (a.created_at >= $6 AND a.created_at < $7))
          AND ($8::text IS NULL OR e.name ILIKE $8 OR e.uscc ILIKE $8 OR p.name ILIKE $8 OR a.purpose ILIKE $8 OR a.id::text ILIKE $8)`,
      orderBy: 'a.created_at DESC, a.id',
      params: [
        scope.kind === 'enterprise' ? scope.enterpriseId : null,
        scope.kind === 'region' ? scope.regionCode : null,
        filter.status ?? null,
        filter.programId ?? null,
        filter.regionCode ?? null,
        month?.start ?? null,
        month?.end ?? null,
        filter.q === undefined ? null : containsPattern(filter.q),
      ],
      limit: filter.limit,
      offset: filter.offset,
    });
    return { items: rows.map(toApplication), total };
  }
}

function toApplication(row: ApplicationRow): ReviewedApplication {
  return {
    id: row.id,
    programId: row.program_id,
    enterpriseId: row.enterprise_id,
    amount: toBigInt(row.amount),
    purpose: row.purpose,
    status: row.status,
    stage: row.stage,
    countyDecision: row.county_decision,
    cityDecision: row.city_decision,
    rejectReason: row.reject_reason,
    voucherId: row.voucher_id,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
    issuerRegionCode: row.issuer_region_code,
    issuerLevel: row.issuer_level,
  };
}
