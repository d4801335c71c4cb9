import { setTimeout as sleep } from 'node:timers/promises';
import { type Kysely, sql } from 'kysely';
import type { Database } from './database.js';
import { dialectOf } from './insert-batches.js';
import type { DB } from './schema.js';

/** A Kysely handle that reads: the database's own, or a transaction's (a `WriteTx` is one). */
export type Tx = Kysely<DB>;

declare const writeHandle: unique symbol;

/**
 * A Kysely handle bound to an open transaction that may write: `write()`'s
 * `w.tx` (and `withTransaction`'s handle, for bookkeeping that is not
 * activity, such as the sign-in throttle). Repository functions that
 * insert, update or delete take it, so calling one with the database's own
 * handle (`database.db`) or any read handle does not compile; read functions
 * take `Tx`, which a `WriteTx` is too (docs/decisions/0014).
 */
export type WriteTx = Kysely<DB> & { readonly [writeHandle]: true };

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
export async function withTransaction<T>(database: Database, fn: (tx: WriteTx) => Promise<T>): Promise<T> {
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
          const result = await fn(conn as WriteTx);
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

/**
 * The database's own handle as a write handle, outside any transaction and
 * outside the ledger: only for bookkeeping that is not activity (the last use
 * of a session or an API token, a signed checkpoint's row). Named, so every
 * write that does not go through `write()` can be found by searching for it.
 */
export function unledgered(database: Database): WriteTx {
  return database.db as WriteTx;
}

/**
 * Holds `key`'s lock until the transaction ends, so writers of the same thing
 * in other connections or processes wait for this one to commit or roll
 * back. On PostgreSQL a transaction-level advisory lock (taking it again in
 * the same transaction is free); on SQLite a no-op, since the IMMEDIATE
 * transaction already holds the one write lock. For writes that read a
 * whole set before changing it (an NHI import or refresh reads the
 * inventory, merges, then writes), where row locks cannot cover rows that
 * do not exist yet.
 */
export async function lockUntilCommit(tx: WriteTx, key: string): Promise<void> {
  if (dialectOf(tx) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(tx);
}
