import type { Database } from '../db/database.js';
import { INSTALLATION_CHAIN } from './ledger.js';

/** Per database handle and organization and ignored set: the head last looked at, and its newest entry that counts. */
const seen = new WeakMap<Database, Map<string, { head: number; counted: number }>>();

/**
 * The version of everything an organization's readers read: its ledger head
 * and the installation's (catalogs), as `org.installation`. Every write
 * appends to one of the two chains, so a result computed at the same version
 * is still right, in this process or any other.
 */
export async function recordsVersion(database: Database, orgId: string): Promise<string> {
  const { orgHead, installationHead } = await ledgerHeads(database, orgId);
  return `${orgHead}.${installationHead}`;
}

/** The organization's and the installation's chain heads (0 for a chain with no entry yet), in one read. */
async function ledgerHeads(
  database: Database,
  orgId: string,
): Promise<{ orgHead: number; installationHead: number }> {
  const heads = await database.db
    .selectFrom('ledger_heads')
    .select(['chain', 'seq'])
    .where('chain', 'in', [orgId, INSTALLATION_CHAIN])
    .execute();
  const headOf = (chain: string) => Number(heads.find((h) => h.chain === chain)?.seq ?? 0);
  return { orgHead: headOf(orgId), installationHead: headOf(INSTALLATION_CHAIN) };
}

/**
 * A version of an organization's records for a reader that never reads
 * some record types: the sequence number of the organization's newest
 * ledger entry of any other record type, and the installation chain's head
 * (catalogs). Every write appends to the ledger in its own transaction
 * (convention 6), so while this version stands still, nothing the reader
 * reads has changed, although uploads and reviews of evidence (say) went
 * on. Each process remembers the head it looked at last, so a call reads
 * the two heads and, when the organization's moved, only the entries
 * appended since (one short range of the chain's index), whichever process
 * wrote them.
 */
export async function recordsVersionApartFrom(
  database: Database,
  orgId: string,
  ignoredRecordTypes: readonly string[],
): Promise<string> {
  return (await recordsVersions(database, orgId, ignoredRecordTypes)).apart;
}

/**
 * Both versions from one read of the heads: `all`, the organization's and
 * the installation's heads ({@link recordsVersion}), and `apart`, {@link recordsVersionApartFrom}'s.
 */
export async function recordsVersions(
  database: Database,
  orgId: string,
  ignoredRecordTypes: readonly string[],
): Promise<{ all: string; apart: string }> {
  const { orgHead, installationHead } = await ledgerHeads(database, orgId);
  let byKey = seen.get(database);
  if (!byKey) {
    byKey = new Map();
    seen.set(database, byKey);
  }
  const key = `${orgId}|${ignoredRecordTypes.join(',')}`;
  const known = byKey.get(key);
  let counted = known?.counted ?? 0;
  if (known?.head !== orgHead) {
    // Only the entries since the head last looked at (all of them the first time, or should the head go back).
    const from = known && known.head < orgHead ? known.head : 0;
    const newest = await database.db
      .selectFrom('activity')
      .select('seq')
      .where('chain', '=', orgId)
      .where('seq', '>', from)
      .where('seq', '<=', orgHead)
      .where('record_type', 'not in', ignoredRecordTypes)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (newest) counted = Number(newest.seq);
    else if (from === 0) counted = 0;
    byKey.set(key, { head: orgHead, counted });
  }
  return { all: `${orgHead}.${installationHead}`, apart: `${counted}.${installationHead}` };
}
