/** The longest `q` a list accepts: a name, number or USCC is far shorter; longer text is a 400, not a slow scan. */
export const SEARCH_TEXT_MAX = 200;

/**
 * `q` as an ILIKE pattern matching any part of a text: its wildcards (`%`, `_`) and the escape
 * character (`\`) are taken literally, so `q=%` finds a name with a percent sign, not every row.
 */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
