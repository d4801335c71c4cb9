import { type RawBuilder, sql } from 'kysely';

/**
 * `lower(column) LIKE '%search%'` with `%`, `_` and `\` in the search taken
 * literally. Written the same on SQLite (whose LIKE ignores ASCII case) and
 * PostgreSQL (whose LIKE does not), so both engines match the same rows.
 */
export function containsIgnoringCase(column: string, search: string): RawBuilder<boolean> {
  const pattern = `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}
