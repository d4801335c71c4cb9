import { type Kysely, type Migration, sql } from 'kysely';
import { dialectOf } from '../insert-batches.js';

/**
 * NHI imports now stage in a temporary table of their own connection
 * (docs/decisions/0035, "Write path, 2026-12-07 evening"), so the permanent
 * `nhi_import_staging` is always empty. On PostgreSQL its deletes left the
 * space of the largest import's staged rows in the table's files (about
 * 2 KB per report row, never given back by autovacuum); TRUNCATE returns
 * it. On SQLite the freed pages were reused by the same import: a no-op.
 */
export const nhiStagingReclaimed: Migration = {
  async up(db: Kysely<unknown>) {
    if (dialectOf(db) !== 'postgres') return;
    await sql`truncate nhi_import_staging`.execute(db);
  },
  async down() {
    throw new Error('auditready migrations are forward-only');
  },
};
