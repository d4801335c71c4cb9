import os from 'node:os';
import path from 'node:path';
import type { Actor } from '../core/ledger/chain.js';
import type { EvidenceStores } from '../modules/evidence/evidence.service.js';
import { type Organization, resolveOrganization } from '../modules/organizations/organization.service.js';
import { blobStoreFromEnv } from '../platform/blobs/blob-config.js';
import type { BlobStore } from '../platform/blobs/blob-store.js';
import { type Database, openDatabase } from '../platform/db/database.js';

/** The global options every command sees. */
export type GlobalOptions = {
  data?: string;
  json?: boolean;
  org?: string;
};

/** The data folder: `--data`, else `$AUDITREADY_DATA`, else `./data`. */
export function dataDir(opts: GlobalOptions): string {
  return path.resolve(opts.data ?? process.env.AUDITREADY_DATA ?? 'data');
}

/** Who the ledger names for work done from this shell. */
export function cliActor(): Actor {
  let user = 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // No passwd entry (some containers): the ledger still says it came from the CLI.
  }
  return { type: 'system', id: 'cli', label: `cli:${user}` };
}

/** Opens the store named by the options (PostgreSQL when DATABASE_URL is set), runs `fn`, and closes it. */
export async function withDatabase<T>(
  opts: GlobalOptions,
  fn: (database: Database) => Promise<T>,
): Promise<T> {
  const database = await openDatabase({ dataDir: dataDir(opts), databaseUrl: process.env.DATABASE_URL });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** Opens the store and resolves the organization the command works on. */
export async function withOrganization<T>(
  opts: GlobalOptions,
  fn: (database: Database, org: Organization) => Promise<T>,
): Promise<T> {
  return withDatabase(opts, async (database) => fn(database, await resolveOrganization(database, opts.org)));
}

/** The evidence blob store: the data folder's, or the S3 bucket `AUDITREADY_BLOBS` names. */
export function blobsOf(opts: GlobalOptions): BlobStore {
  return blobStoreFromEnv(dataDir(opts));
}

/** The database and the evidence blob store (see `blobsOf`). */
export function storesOf(opts: GlobalOptions, database: Database): EvidenceStores {
  return { database, blobs: blobsOf(opts) };
}
