import { type Kysely, sql } from 'kysely';
import type { Database } from './database.js';
import type { DB } from './schema.js';

/** A Kysely handle bound to one open transaction. */
export type Tx = Kysely<DB>;

/**
 * Runs `fn` inside one transaction: the one way auditready opens a
 * transaction on either engine. On SQLite it begins IMMEDIATE so the write
 * lock is taken up front (a deferred transaction that reads first can fail
 * to upgrade when another process wrote meanwhile); on PostgreSQL it is a
 * plain READ COMMITTED transaction whose ordering comes from row locks.
 */
export async function withTransaction<T>(database: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return database.db.connection().execute(async (conn) => {
    await sql.raw(database.dialect === 'sqlite' ? 'begin immediate' : 'begin').execute(conn);
    try {
      const result = await fn(conn);
      await sql.raw('commit').execute(conn);
      return result;
    } catch (err) {
      await sql.raw('rollback').execute(conn);
      throw err;
    }
  });
}
