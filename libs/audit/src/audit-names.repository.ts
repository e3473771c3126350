import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditNames } from './audit.types.js';

/*
 * A set-based read joining other libs' tables: users, regions, providers, enterprises (the actor and
 * its office) and, per entity type, the table that names the object (programs, funds, complexes,
 * services, vouchers, applications, claims, redemptions, settlement_batches, settlement_runs,
 * clawbacks, objections, registrations, orders, risk_signals). One round trip for a page of entries.
 */

interface NameRow {
  id: string;
  actor_name: string | null;
  actor_region_name: string | null;
  actor_org_name: string | null;
  entity_name: string | null;
}

/** Each branch runs only for its own entity type, so `entity_id::uuid` is cast only where it is one. */
const ENTITY_NAME = `CASE a.entity_type
  WHEN 'program' THEN (SELECT x.name FROM programs x WHERE x.id = a.entity_id::uuid)
  WHEN 'fund' THEN (SELECT x.name FROM funds x WHERE x.id = a.entity_id::uuid)
  WHEN 'enterprise' THEN (SELECT x.name FROM enterprises x WHERE x.id = a.entity_id::uuid)
  WHEN 'provider' THEN (SELECT x.name FROM providers x WHERE x.id = a.entity_id::uuid)
  WHEN 'complex' THEN (SELECT x.name FROM complexes x WHERE x.id = a.entity_id::uuid)
  WHEN 'region' THEN (SELECT x.name FROM regions x WHERE x.code = a.entity_id)
  WHEN 'user' THEN (SELECT x.username FROM users x WHERE x.id = a.entity_id::uuid)
  WHEN 'registration' THEN (SELECT x.name FROM registrations x WHERE x.id = a.entity_id::uuid)
  WHEN 'objection' THEN (SELECT x.objector_name FROM objections x WHERE x.id = a.entity_id::uuid)
  WHEN 'service' THEN (SELECT s.name || ' · ' || p.name FROM services s JOIN providers p ON p.id = s.provider_id
                        WHERE s.id = a.entity_id::uuid)
  WHEN 'voucher' THEN (SELECT v.code || ' · ' || e.name FROM vouchers v JOIN enterprises e ON e.id = v.enterprise_id
                        WHERE v.id = a.entity_id::uuid)
  WHEN 'application' THEN (SELECT e.name || ' · ' || p.name FROM applications x
                             JOIN enterprises e ON e.id = x.enterprise_id JOIN programs p ON p.id = x.program_id
                            WHERE x.id = a.entity_id::uuid)
  WHEN 'claim' THEN (SELECT p.name || ' · ' || c.invoice_number FROM claims c JOIN providers p ON p.id = c.provider_id
                      WHERE c.id = a.entity_id::uuid)
  WHEN 'redemption' THEN (SELECT v.code || ' · ' || e.name || ' · ' || p.name FROM redemptions r
                            JOIN vouchers v ON v.id = r.voucher_id JOIN enterprises e ON e.id = r.enterprise_id
                            JOIN providers p ON p.id = r.provider_id
                           WHERE r.id = a.entity_id::uuid)
  WHEN 'clawback' THEN (SELECT v.code || ' · ' || p.name FROM clawbacks k JOIN redemptions r ON r.id = k.redemption_id
                          JOIN vouchers v ON v.id = r.voucher_id JOIN providers p ON p.id = k.provider_id
                         WHERE k.id = a.entity_id::uuid)
  WHEN 'order' THEN (SELECT s.name || ' · ' || e.name FROM orders o JOIN services s ON s.id = o.service_id
                       JOIN enterprises e ON e.id = o.enterprise_id
                      WHERE o.id = a.entity_id::uuid)
  WHEN 'settlement_batch' THEN (SELECT g.name || ' ' || b.period || ' 第' || b.sequence || '批' FROM settlement_batches b
                                  JOIN regions g ON g.code = b.region_code WHERE b.id = a.entity_id::uuid)
  WHEN 'settlement_run' THEN (SELECT g.name || ' ' || r.period FROM settlement_runs r JOIN regions g ON g.code = r.region_code
                               WHERE r.id = a.entity_id::uuid)
  WHEN 'risk_signal' THEN (SELECT g.name || ' ' || s.period FROM risk_signals s JOIN regions g ON g.code = s.region_code
                            WHERE s.id = a.entity_id::uuid)
END`;

/** Names for audit entries: who (user, office) and which object, so the log reads in words. */
@Injectable()
export class AuditNamesRepository {
  async namesOf(manager: EntityManager, ids: string[]): Promise<Map<string, AuditNames>> {
    if (ids.length === 0) return new Map();
    const rows: NameRow[] = await manager.query(
      `SELECT a.id, u.username AS actor_name, ur.name AS actor_region_name, COALESCE(up.name, ue.name) AS actor_org_name,
              ${ENTITY_NAME} AS entity_name
         FROM audit_log a
         LEFT JOIN users u ON u.id = a.actor_id
         LEFT JOIN regions ur ON ur.code = u.region_code
         LEFT JOIN providers up ON up.id = u.provider_id
         LEFT JOIN enterprises ue ON ue.id = u.enterprise_id
        WHERE a.id = ANY($1::bigint[])`,
      [ids],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          actorName: r.actor_name ?? null,
          actorRegionName: r.actor_region_name ?? null,
          actorOrgName: r.actor_org_name ?? null,
          entityName: r.entity_name ?? null,
        },
      ]),
    );
  }
}
