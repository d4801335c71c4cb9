import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Actor } from '../src/core/ledger/chain.js';
import { type Database, type Dialect, openDatabase } from '../src/platform/db/database.js';

/** The engine this integration run targets (`AUDITREADY_TEST_DB=sqlite|postgres`). */
export const TEST_DIALECT: Dialect = process.env.AUDITREADY_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

/** The PostgreSQL server the suite creates its throw-away databases on. */
export const POSTGRES_ADMIN_URL =
  process.env.AUDITREADY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh, empty, migrated store for one test file, and how to throw it away. */
export interface TestStore {
  database: Database;
  dataDir: string;
  /** Set on PostgreSQL: the URL of this store's own database. */
  databaseUrl: string | undefined;
  /** Environment for child processes (the CLI) that must use this same store. */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** The actor integration tests write as. */
export const TEST_ACTOR: Actor = { type: 'system', id: 'test', label: 'test-suite' };

/**
 * The environment variable naming the migrated database test stores copy on PostgreSQL (set by
 * test/global-setup.ts for the run); unset, a store is an empty database migrated on open.
 */
export const TEMPLATE_ENV = 'AUDITREADY_TEST_PG_TEMPLATE';

/** The URL of a database on the test server. */
export function urlFor(name: string): string {
  const u = new URL(POSTGRES_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A database name no other run or store uses: `PREFIX_<time>_<random>`. */
export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Runs one statement on the test server's admin connection (creating and dropping databases). */
export async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** Creates an empty database of its own (PostgreSQL) or data folder (SQLite) and opens it migrated. */
export async function createTestStore(options: { lockTimeoutMs?: number } = {}): Promise<TestStore> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'auditready-test-'));
  let databaseUrl: string | undefined;
  let dbName: string | undefined;
  if (TEST_DIALECT === 'postgres') {
    dbName = uniqueDatabaseName('auditready_test');
    const template = process.env[TEMPLATE_ENV];
    await adminQuery(`create database ${dbName}${template ? ` template ${template}` : ''}`);
    databaseUrl = urlFor(dbName);
  }
  const database = await openDatabase({ dataDir, databaseUrl, lockTimeoutMs: options.lockTimeoutMs });
  const env: Record<string, string> = { AUDITREADY_DATA: dataDir };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  return {
    database,
    dataDir,
    databaseUrl,
    env,
    async cleanup() {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (dbName) await adminQuery(`drop database if exists ${dbName} with (force)`);
    },
  };
}
