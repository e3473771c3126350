import type { EntityManager } from 'typeorm';

/** A list's statement in parts, so that its page and its total are read with one WHERE. */
export interface PagedStatement {
  /** The select list, e.g. `SELECT c.*, p.issuer_region_code`. */
  select: string;
  /** The FROM clause with its joins, without the word FROM. */
  from: string;
  /** The filter and scope, without the word WHERE, on `$1…$n` of `params`. */
  where: string;
  orderBy: string;
  params: unknown[];
  limit: number;
  offset: number;
}

/**
 * A page of rows and how many rows the filter finds before `limit`/`offset` (a list's
 * `X-Total-Count`). One statement: the count is an uncorrelated subquery Postgres runs once. Only
 * when the page is past the end (no row to carry the count) does a second statement count.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names its row type, as with manager.query
export async function pagedQuery<Row extends object>(manager: EntityManager, s: PagedStatement): Promise<{ rows: Row[]; total: number }> {
  const n = s.params.length;
  const count = `SELECT count(*)::int AS total FROM ${s.from} WHERE ${s.where}`;
  const rows: Array<Row & { total__: number }> = await manager.query(
    `${s.select}, (${count}) AS total__ FROM ${s.from} WHERE ${s.where} ORDER BY ${s.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...s.params, s.limit, s.offset],
  );
  if (rows.length > 0) return { rows, total: rows[0].total__ };
  if (s.offset === 0) return { rows: [], total: 0 };
  const [{ total }]: Array<{ total: number }> = await manager.query(count, s.params);
  return { rows: [], total };
}
