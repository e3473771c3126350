/*
 * Reads beside its own table: users (identity lib), read-only, joined for the applicant's username
 * that each registration shows (a set-based read the lists need row by row).
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Scope } from '@ivl/core';
import type {
  ProviderDetails,
  Registration,
  RegistrationDetails,
  RegistrationFilter,
  RegistrationKind,
  RegistrationStatus,
} from './registration.types.js';

interface RegistrationRow {
  id: string;
  kind: RegistrationKind;
  status: RegistrationStatus;
  applicant_user_id: string;
  username: string;
  uscc: string;
  name: string;
  region_code: string;
  legal_representative: string;
  contact_name: string;
  contact_phone: string;
  address: string;
  provider_details: ProviderDetails | null;
  submissions: number;
  submitted_at: Date;
  decided_at: Date | null;
  decision_comment: string | null;
  rejection_reason: string | null;
  enterprise_id: string | null;
  provider_id: string | null;
  created_at: Date;
}

const SELECT = `SELECT r.*, u.username FROM registrations r JOIN users u ON u.id = r.applicant_user_id`;

/**
 * The clause of a scope on $1 (region: enterprise registrations only), $2 (applicant user),
 * $3 (enterprise), $4 (provider), $5 (nothing at all: a scope this table does not know).
 */
const IN_SCOPE = `NOT $5::boolean
  AND ($1::varchar IS NULL OR (r.kind = 'enterprise' AND r.region_code = $1))
  AND ($2::uuid IS NULL OR r.applicant_user_id = $2)
  AND ($3::uuid IS NULL OR r.enterprise_id = $3)
  AND ($4::uuid IS NULL OR r.provider_id = $4)`;

function scopeParams(scope: Scope): [string | null, string | null, string | null, string | null, boolean] {
  switch (scope.kind) {
    case 'all':
      return [null, null, null, null, false];
    case 'region':
      return [scope.regionCode, null, null, null, false];
    case 'applicant':
      return [null, scope.userId, null, null, false];
    case 'enterprise':
      return [null, null, scope.enterpriseId, null, false];
    case 'provider':
      return [null, null, null, scope.providerId, false];
    default:
      return [null, null, null, null, true];
  }
}

/** The registrations table. */
@Injectable()
export class RegistrationRepository {
  async insert(
    manager: EntityManager,
    registration: RegistrationDetails & { kind: RegistrationKind; applicantUserId: string; submittedAt: Date },
  ): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO registrations (kind, applicant_user_id, uscc, name, region_code, legal_representative, contact_name, contact_phone,
                                  address, provider_details, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        registration.kind,
        registration.applicantUserId,
        registration.uscc,
        registration.name,
        registration.regionCode,
        registration.legalRepresentative,
        registration.contactName,
        registration.contactPhone,
        registration.address,
        registration.provider === null ? null : JSON.stringify(registration.provider),
        registration.submittedAt,
      ],
    );
    return row.id;
  }

  async findById(manager: EntityManager, id: string): Promise<Registration | null> {
    const rows: RegistrationRow[] = await manager.query(`${SELECT} WHERE r.id = $1`, [id]);
    return rows[0] ? toRegistration(rows[0]) : null;
  }

  /** The registration, locked to the end of the transaction (decisions and resubmissions serialise on it). */
  async lockById(manager: EntityManager, id: string): Promise<Registration | null> {
    const rows: RegistrationRow[] = await manager.query(`${SELECT} WHERE r.id = $1 FOR UPDATE OF r`, [id]);
    return rows[0] ? toRegistration(rows[0]) : null;
  }

  /** Whether a registration of `kind` with this USCC is under review (another than `exceptId`). */
  async underReview(manager: EntityManager, kind: RegistrationKind, uscc: string, exceptId: string | null = null): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM registrations WHERE kind = $1 AND uscc = $2 AND status = 'submitted' AND ($3::uuid IS NULL OR id <> $3)`,
      [kind, uscc, exceptId],
    );
    return rows.length > 0;
  }

  /** The registrations `scope` reaches, filtered, newest first, and how many there are before paging. */
  async listInScope(manager: EntityManager, scope: Scope, filter: RegistrationFilter): Promise<{ items: Registration[]; total: number }> {
    const values: unknown[] = [
      ...scopeParams(scope),
      filter.status ?? null,
      filter.kind ?? null,
      filter.q ?? null,
      filter.limit,
      filter.offset,
    ];
    const rows: Array<RegistrationRow & { total: string }> = await manager.query(
      `${SELECT.replace('SELECT r.*', 'SELECT r.*, count(*) OVER () AS total')}
        WHERE ${IN_SCOPE}
          AND ($6::text IS NULL OR r.status = $6) AND ($7::text IS NULL OR r.kind = $7)
          AND ($8::text IS NULL OR strpos(lower(r.name), lower($8)) > 0 OR strpos(r.uscc, upper($8)) > 0)
        ORDER BY r.submitted_at DESC, r.id LIMIT $9 OFFSET $10`,
      values,
    );
    if (rows.length === 0 && filter.offset > 0) {
      // Paged past the end: the window function has no row to count on.
      const [{ total }]: Array<{ total: string }> = await manager.query(
        `SELECT count(*) AS total FROM registrations r
          WHERE ${IN_SCOPE} AND ($6::text IS NULL OR r.status = $6) AND ($7::text IS NULL OR r.kind = $7)
            AND ($8::text IS NULL OR strpos(lower(r.name), lower($8)) > 0 OR strpos(r.uscc, upper($8)) > 0)`,
        values.slice(0, 8),
      );
      return { items: [], total: Number(total) };
    }
    return { items: rows.map(toRegistration), total: rows.length > 0 ? Number(rows[0].total) : 0 };
  }

  async markApproved(
    manager: EntityManager,
    id: string,
    decision: { at: Date; by: string; comment: string | null; enterpriseId: string | null; providerId: string | null },
  ): Promise<void> {
    await manager.query(
      `UPDATE registrations SET status = 'approved', decided_at = $2, decided_by = $3, decision_comment = $4, enterprise_id = $5, provider_id = $6
        WHERE id = $1`,
      [id, decision.at, decision.by, decision.comment, decision.enterpriseId, decision.providerId],
    );
  }

  async markRejected(manager: EntityManager, id: string, decision: { at: Date; by: string; reason: string }): Promise<void> {
    await manager.query(
      `UPDATE registrations SET status = 'rejected', decided_at = $2, decided_by = $3, rejection_reason = $4, decision_comment = NULL
        WHERE id = $1`,
      [id, decision.at, decision.by, decision.reason],
    );
  }

  /** Under review again with the corrected details; the last decision is cleared (the audit log keeps it). */
  async resubmit(manager: EntityManager, id: string, details: RegistrationDetails, at: Date): Promise<void> {
    await manager.query(
      `UPDATE registrations
          SET status = 'submitted', uscc = $2, name = $3, region_code = $4, legal_representative = $5, contact_name = $6,
              contact_phone = $7, address = $8, provider_details = $9, submissions = submissions + 1, submitted_at = $10,
              decided_at = NULL, decided_by = NULL, decision_comment = NULL, rejection_reason = NULL
        WHERE id = $1`,
      [
        id,
        details.uscc,
        details.name,
        details.regionCode,
        details.legalRepresentative,
        details.contactName,
        details.contactPhone,
        details.address,
        details.provider === null ? null : JSON.stringify(details.provider),
        at,
      ],
    );
  }
}

function toRegistration(row: RegistrationRow): Registration {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    applicantUserId: row.applicant_user_id,
    username: row.username,
    uscc: row.uscc,
    name: row.name,
    regionCode: row.region_code,
    legalRepresentative: row.legal_representative,
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    address: row.address,
    provider: row.provider_details,
    submissions: row.submissions,
    submittedAt: row.submitted_at,
    decidedAt: row.decided_at,
    decisionComment: row.decision_comment,
    rejectionReason: row.rejection_reason,
    enterpriseId: row.enterprise_id,
    providerId: row.provider_id,
    createdAt: row.created_at,
  };
}
