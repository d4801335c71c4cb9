/**
 * True when a statement failed because a foreign key still points at the
 * row (SQLite `SQLITE_CONSTRAINT_FOREIGNKEY`, PostgreSQL SQLSTATE 23503):
 * how "delete only while nothing refers to it" is enforced by the schema
 * itself, for tables added later too.
 */
export function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
}
