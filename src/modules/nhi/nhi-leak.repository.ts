/** SQL of secret-scanner leaks and of Kubernetes workload-identity links. */
import type { Kysely } from 'kysely';
import type { DB, NhiLeaksTable, NhiWorkloadLinksTable } from '../../platform/db/schema.js';
import { NHI_BATCH } from './nhi.repository.js';

/** Stored leaks of one scanner with these fingerprints. */
export async function leaksByFingerprints(
  db: Kysely<DB>,
  orgId: string,
  scanner: string,
  fingerprints: string[],
): Promise<NhiLeaksTable[]> {
  if (fingerprints.length === 0) return [];
  return db
    .selectFrom('nhi_leaks')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('scanner', '=', scanner)
    .where('fingerprint', 'in', fingerprints)
    .execute();
}

/** Inserts new leaks and rewrites the scanner's facts of changed ones (link and status stay). */
export async function upsertLeaks(db: Kysely<DB>, rows: NhiLeaksTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += NHI_BATCH) {
    await db
      .insertInto('nhi_leaks')
      .values(rows.slice(i, i + NHI_BATCH))
      .onConflict((oc) =>
        oc.columns(['org_id', 'scanner', 'fingerprint']).doUpdateSet((eb) => ({
          rule: eb.ref('excluded.rule'),
          leaked_at: eb.ref('excluded.leaked_at'),
          verified: eb.ref('excluded.verified'),
          location: eb.ref('excluded.location'),
          hints: eb.ref('excluded.hints'),
          redacted: eb.ref('excluded.redacted'),
          last_seen_import_id: eb.ref('excluded.last_seen_import_id'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

/** Records that an import listed these leaks again, unchanged. */
export async function markLeaksSeen(
  db: Kysely<DB>,
  orgId: string,
  ids: string[],
  importId: string,
): Promise<void> {
  for (let i = 0; i < ids.length; i += NHI_BATCH) {
    await db
      .updateTable('nhi_leaks')
      .set({ last_seen_import_id: importId })
      .where('org_id', '=', orgId)
      .where('id', 'in', ids.slice(i, i + NHI_BATCH))
      .execute();
  }
}

/** Every leak of an organization (or of one identity). */
export async function listLeakRows(db: Kysely<DB>, orgId: string, nhiId?: string): Promise<NhiLeaksTable[]> {
  let q = db.selectFrom('nhi_leaks').selectAll().where('org_id', '=', orgId);
  if (nhiId !== undefined) q = q.where('nhi_id', '=', nhiId);
  return q.orderBy('scanner').orderBy('fingerprint').execute();
}

/** Sets the identity a leak is linked to and its status. */
export async function updateLeakLink(
  db: Kysely<DB>,
  orgId: string,
  id: string,
  link: Pick<NhiLeaksTable, 'nhi_id' | 'link_via' | 'status' | 'updated_at'>,
): Promise<void> {
  await db.updateTable('nhi_leaks').set(link).where('org_id', '=', orgId).where('id', '=', id).execute();
}

/** Every workload-identity link of an organization (or of one service account). */
export async function listWorkloadLinks(
  db: Kysely<DB>,
  orgId: string,
  nhiId?: string,
): Promise<NhiWorkloadLinksTable[]> {
  let q = db.selectFrom('nhi_workload_links').selectAll().where('org_id', '=', orgId);
  if (nhiId !== undefined) q = q.where('nhi_id', '=', nhiId);
  return q.orderBy('nhi_id').orderBy('provider').orderBy('reference').execute();
}

/** Inserts workload-identity links. */
export async function insertWorkloadLinks(db: Kysely<DB>, rows: NhiWorkloadLinksTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += NHI_BATCH) {
    await db
      .insertInto('nhi_workload_links')
      .values(rows.slice(i, i + NHI_BATCH))
      .execute();
  }
}

/** Removes one workload-identity link. */
export async function deleteWorkloadLink(db: Kysely<DB>, link: NhiWorkloadLinksTable): Promise<void> {
  await db
    .deleteFrom('nhi_workload_links')
    .where('org_id', '=', link.org_id)
    .where('nhi_id', '=', link.nhi_id)
    .where('provider', '=', link.provider)
    .where('reference', '=', link.reference)
    .execute();
}
