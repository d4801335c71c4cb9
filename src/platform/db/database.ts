import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, type SqliteDatabase, SqliteDialect, sql } from 'kysely';
import { AppError } from '../errors.js';
import { MIGRATIONS } from './migrations/index.js';
import type { DB } from './schema.js';

/** Which SQL engine a database runs on. */
export type Dialect = 'sqlite' | 'postgres';

/** An open database: the Kysely handle, its dialect, and a way to close it. */
export interface Database {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  /** A human description for logs and errors, without credentials. */
  readonly description: string;
  /**
   * How long a transaction waits for the write lock (SQLite) or a row or
   * table lock (PostgreSQL) before it fails as busy (HTTP 503 + Retry-After).
   */
  readonly lockTimeoutMs: number;
  close(): Promise<void>;
}

/** How long the CLI waits for a lock: a long import elsewhere should rather be waited for than refused. */
export const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

/**
 * How long one SQLite statement blocks the process waiting for a lock when
 * the wait is short (the server's): better-sqlite3 is synchronous, so a
 * busy wait stops the event loop; `withTransaction` waits for the write
 * lock asynchronously instead, trying again every few milliseconds.
 */
const SQLITE_STATEMENT_BUSY_MS = 50;

/** Where to find the store: the data folder, and PostgreSQL instead of SQLite when a URL is given. */
export interface DatabaseConfig {
  dataDir: string;
  databaseUrl?: string | undefined;
  /** See {@link Database.lockTimeoutMs}; {@link DEFAULT_LOCK_TIMEOUT_MS} when unset. */
  lockTimeoutMs?: number | undefined;
  /**
   * False: open without applying migrations (an HTTP process of `serve --http-processes N`, whose
   * primary migrated the store before forking it). Default true.
   */
  migrate?: boolean;
}

/** The SQLite file inside a data folder. */
export function sqlitePath(dataDir: string): string {
  return path.join(dataDir, 'auditready.sqlite');
}

/** Prepared statements kept per connection; the least recently used beyond this are left to the GC. */
const STATEMENT_CACHE = 100;

/**
 * The SQLite connection as Kysely sees it, with its prepared statements
 * reused by SQL text. Kysely prepares every query it runs; a bulk import
 * runs the same few statements hundreds of thousands of times, and each
 * fresh statement costs SQLite a parse and code generation, and holds native
 * memory the JS garbage collector cannot see until it finalizes the handle.
 * A statement still busy (a streaming read in progress) is never handed out
 * twice: a second one is prepared beside it.
 */
function cachingStatements(native: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(text: string) {
      const cached = cache.get(text);
      if (cached && !cached.busy) {
        cache.delete(text);
        cache.set(text, cached);
        return cached;
      }
      const statement = native.prepare(text);
      if (!cached) {
        cache.set(text, statement);
        if (cache.size > STATEMENT_CACHE) cache.delete(cache.keys().next().value as string);
      }
      return statement;
    },
    close() {
      cache.clear();
      native.close();
    },
  };
}

function openSqlite(dataDir: string, lockTimeoutMs: number): Database {
  mkdirSync(dataDir, { recursive: true });
  const file = sqlitePath(dataDir);
  const native = new SQLite(file);
  // WAL lets readers run beside the writer; FULL makes every commit durable on power loss.
  native.pragma('journal_mode = WAL');
  native.pragma('synchronous = FULL');
  native.pragma('foreign_keys = ON');
  // A long wait blocks inside SQLite (the CLI's); a short one (the server's) is waited for by withTransaction.
  native.pragma(
    `busy_timeout = ${lockTimeoutMs >= DEFAULT_LOCK_TIMEOUT_MS ? lockTimeoutMs : Math.min(lockTimeoutMs, SQLITE_STATEMENT_BUSY_MS)}`,
  );
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: cachingStatements(native) }) });
  return { db, dialect: 'sqlite', description: `SQLite ${file}`, lockTimeoutMs, close: () => db.destroy() };
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}

async function openPostgres(url: string, lockTimeoutMs: number): Promise<Database> {
  // Loaded only for PostgreSQL: a SQLite CLI run starts without the driver.
  const { default: pg } = await import('pg');
  // lock_timeout: a statement waiting longer for a lock fails with 55P03 (busy) instead of queueing requests.
  const pool = new pg.Pool({ connectionString: url, max: 10, lock_timeout: lockTimeoutMs });
  // An idle connection the server ends (a restart, an administrator) is dropped by the pool and replaced
  // at the next query; without a listener its error would end the process.
  pool.on('error', () => {});
  // A connection the server ends while a request holds it (between the statements of a transaction) reports
  // its error on the client, where the pool listens only while it is idle: without a listener of its own
  // that error ended the process (a PostgreSQL restart under load, test/faults). The statement running on it
  // fails by itself (503 unavailable) and the pool drops the dead client when it is released.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  /**
   * Closes every connection and resolves once each has ended: the pool's own end resolves as soon as it
   * has asked its connections to close, and a server that ends one of them meanwhile (a database
   * dropped right after) would raise its error on a connection nobody listens to any more.
   */
  const close = async () => {
    let open = pool.totalCount;
    const ended = new Promise<void>((resolve) => {
      if (open === 0) resolve();
      pool.on('remove', () => {
        open -= 1;
        if (open <= 0) resolve();
      });
    });
    await db.destroy();
    // Bounded: a connection whose socket is already gone may never report its end.
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, 5000);
      timer.unref();
    });
    await Promise.race([ended, bound]);
    clearTimeout(timer);
  };
  return { db, dialect: 'postgres', description: `PostgreSQL ${redactUrl(url)}`, lockTimeoutMs, close };
}

/**
 * Opens the store (PostgreSQL when a URL is given, else SQLite in the data
 * folder) and applies pending migrations. Migrations always wait as long as
 * the CLI does ({@link DEFAULT_LOCK_TIMEOUT_MS}: another process may be
 * migrating or importing); a shorter `lockTimeoutMs` (the server's) applies
 * to the connections handed back, opened after the migrations.
 */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  const lockTimeoutMs = config.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const open = async (timeoutMs: number) =>
    config.databaseUrl ? openPostgres(config.databaseUrl, timeoutMs) : openSqlite(config.dataDir, timeoutMs);
  if (config.migrate === false) return open(lockTimeoutMs);
  const migrating = await open(Math.max(lockTimeoutMs, DEFAULT_LOCK_TIMEOUT_MS));
  try {
    await migrateToLatest(migrating);
  } catch (err) {
    await migrating.close();
    throw err;
  }
  if (lockTimeoutMs >= DEFAULT_LOCK_TIMEOUT_MS) return migrating;
  await migrating.close();
  return open(lockTimeoutMs);
}

/** Applies every migration not yet applied; fails loudly naming the migration. */
export async function migrateToLatest(database: Database): Promise<void> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => MIGRATIONS },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('unavailable', `migration ${failed} failed on ${database.description}: ${reason}`);
  }
}

/** True when the database answers a trivial query (used by health checks). */
export async function isReachable(database: Database): Promise<boolean> {
  try {
    await sql`select 1`.execute(database.db);
    return true;
  } catch {
    return false;
  }
}
