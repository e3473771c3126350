import type { FastifyReply } from 'fastify';

/** The response header of a first-stage list that carries its total before `limit`/`offset`. */
export const TOTAL_COUNT = 'X-Total-Count';

/** For `@ApiOkResponse({ headers })`: documents the header in the OpenAPI document. */
export const TOTAL_COUNT_HEADER = {
  [TOTAL_COUNT]: { description: 'how many rows the filter finds before limit/offset', schema: { type: 'integer' } },
} as const;

/** Sends `page.total` as `X-Total-Count` and answers the page's items as the JSON array the list always answered. */
export function withTotalCount<T, R>(reply: FastifyReply, page: { items: T[]; total: number }, present: (item: T) => R): R[] {
  void reply.header(TOTAL_COUNT, String(page.total));
  return page.items.map(present);
}
