import { type Kysely, type Migration, sql } from 'kysely';
import { dialectOf } from '../insert-batches.js';

/**
 * The NHI import staging table unlogged on PostgreSQL (issue 20 item 4,
 * docs/decisions/0035): its rows live only inside the import's transaction
 * (staged by COPY, read back, deleted before commit), so writing them to the
 * write-ahead log buys nothing; a crash empties an unlogged table, which is
 * what it holds between imports anyway. SQLite has no such thing: a no-op.
 */
export const nhiStagingUnlogged: Migration = {
  async up(db: Kysely<unknown>) {
    if (dialectOf(db) !== 'postgres') return;
    await sql`alter table nhi_import_staging set unlogged`.execute(db);
  },
  async down() {
    throw new Error('auditready migrations are forward-only');
  },
};
