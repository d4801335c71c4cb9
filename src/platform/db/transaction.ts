import { setTimeout as sleep } from 'node:timers/promises';
import { type Kysely, sql } from 'kysely';
import type { Database } from './database.js';
import type { DB } from './schema.js';

/** A Kysely handle bound to one open transaction. */
export type Tx = Kysely<DB>;

function isSqliteBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** The write lock was held by another process when the transaction began: nothing ran yet. */
class LockNotTaken extends Error {
  constructor(override readonly cause: unknown) {
    super('write lock not taken');
  }
}

/**
 * Runs `fn` inside one transaction: the one way auditready opens a
 * transaction on either engine. On SQLite it begins IMMEDIATE so the write
 * lock is taken up front (a deferred transaction that reads first can fail
 * to upgrade when another process wrote meanwhile); on PostgreSQL it is a
 * plain READ COMMITTED transaction whose ordering comes from row locks.
 *
 * While another process holds SQLite's write lock, the lock is tried again
 * with a growing pause until the store's lock timeout, and the connection
 * is handed back meanwhile, so reads of this process go on (SQLite's own
 * busy wait is synchronous in better-sqlite3 and would stop the event
 * loop); then the last SQLITE_BUSY is thrown (HTTP: 503 busy + Retry-After).
 */
export async function withTransaction<T>(database: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const deadline = Date.now() + database.lockTimeoutMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      return await database.db.connection().execute(async (conn) => {
        if (database.dialect === 'sqlite') {
          try {
            await sql.raw('begin immediate').execute(conn);
          } catch (err) {
            throw isSqliteBusy(err) ? new LockNotTaken(err) : err;
          }
        } else await sql.raw('begin').execute(conn);
        try {
          const result = await fn(conn);
          await sql.raw('commit').execute(conn);
          return result;
        } catch (err) {
          await sql.raw('rollback').execute(conn);
          throw err;
        }
      });
    } catch (err) {
      if (!(err instanceof LockNotTaken)) throw err;
      if (Date.now() + pause > deadline) throw err.cause;
      await sleep(pause);
    }
  }
}
