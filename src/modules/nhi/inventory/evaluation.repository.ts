/**
 * The record of an organization's last evaluation of its inventory, and what
 * a re-import reads to tell whether that evaluation still stands for all but
 * its own families (docs/decisions/0035, "Re-evaluating what can have
 * changed"): the ledger heads since, every identity's family, and the
 * identities whose dates cross a rule threshold between the two dates.
 */
import { type Kysely, type SqlBool, sql } from 'kysely';
import type { DateWindow } from '../../../core/nhi/reevaluation.js';
import { THIRD_PARTY_KINDS } from '../../../core/nhi/reevaluation.js';
import { dialectOf } from '../../../platform/db/insert-batches.js';
import type { DB, NhiEvaluationsTable } from '../../../platform/db/schema.js';
import type { WriteTx } from '../../../platform/db/transaction.js';
import { INSTALLATION_CHAIN } from '../../../platform/ledger/ledger.js';

/** Rows read per round by {@link scanFamilies}. */
const SCAN_PAGE = 5000;

export async function readEvaluation(
  db: Kysely<DB>,
  orgId: string,
): Promise<NhiEvaluationsTable | undefined> {
  return db.selectFrom('nhi_evaluations').selectAll().where('org_id', '=', orgId).executeTakeFirst();
}

export async function writeEvaluation(db: WriteTx, row: NhiEvaluationsTable): Promise<void> {
  const { org_id: _key, ...fields } = row;
  await db
    .insertInto('nhi_evaluations')
    .values(row)
    .onConflict((oc) => oc.column('org_id').doUpdateSet(fields))
    .execute();
}

/** The organization's and the installation's ledger heads (0 for a chain with no entry yet). */
export async function ledgerHeadsOf(
  db: Kysely<DB>,
  orgId: string,
): Promise<{ org: number; installation: number }> {
  const heads = await db
    .selectFrom('ledger_heads')
    .select(['chain', 'seq'])
    .where('chain', 'in', [orgId, INSTALLATION_CHAIN])
    .execute();
  const headOf = (chain: string) => Number(heads.find((h) => h.chain === chain)?.seq ?? 0);
  return { org: headOf(orgId), installation: headOf(INSTALLATION_CHAIN) };
}

/**
 * Whether the organization's ledger holds, after `seq`, an entry other than
 * those of `ignored` record types and the closing entry (`nhi-import` or
 * `nhi-refresh`) of batch `batchId`: something the rules may read changed.
 */
export async function recordedSince(
  db: Kysely<DB>,
  orgId: string,
  seq: number,
  batchId: string,
  ignored: readonly string[],
): Promise<boolean> {
  const other = await db
    .selectFrom('activity')
    .select('seq')
    .where('chain', '=', orgId)
    .where('seq', '>', seq)
    .where('record_type', 'not in', [...ignored])
    .where((eb) =>
      eb.not(eb.and([eb('record_id', '=', batchId), eb('record_type', 'in', ['nhi-import', 'nhi-refresh'])])),
    )
    .limit(1)
    .executeTakeFirst();
  return other !== undefined;
}

/** What one pass over an organization's identities tells a re-import. */
export interface FamilyScan {
  /** Digest of every identity's (id, family). */
  digest: string;
  /** The same without the identities created at `writtenAt`. */
  digestBefore: string;
  /** Families of the identities written at `writtenAt`. */
  written: Set<string>;
  /** Whether one of those is a workload-identity candidate. */
  writtenWorkload: boolean;
  /** Distinct positive own rotation policies. */
  policies: Set<number>;
}

/**
 * One pass over the identities (a page at a time): the family digests, and
 * the families of the rows a run wrote (`created_at` / `updated_at` equal to
 * the run's time, which every row it writes carries).
 */
export async function scanFamilies(
  db: Kysely<DB>,
  orgId: string,
  writtenAt: string | null,
  isWorkload: (r: { provider: string; kind: string }) => boolean,
): Promise<FamilyScan> {
  const all = new FamilyDigest();
  const before = new FamilyDigest();
  const scan: Omit<FamilyScan, 'digest' | 'digestBefore'> = {
    written: new Set(),
    writtenWorkload: false,
    policies: new Set(),
  };
  for (let after: string | null = null; ; ) {
    let q = db
      .selectFrom('nhis')
      .select(['id', 'family', 'provider', 'kind', 'created_at', 'updated_at', 'rotation_policy_days'])
      .where('org_id', '=', orgId);
    if (after !== null) q = q.where('id', '>', after);
    const rows = await q.orderBy('id').limit(SCAN_PAGE).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      all.add(r.id, r.family);
      if (r.created_at !== writtenAt) before.add(r.id, r.family);
      if (r.updated_at === writtenAt) {
        scan.written.add(r.family);
        if (isWorkload(r)) scan.writtenWorkload = true;
      }
      const policy = r.rotation_policy_days === null ? null : Number(r.rotation_policy_days);
      if (policy !== null && Number.isInteger(policy) && policy > 0) scan.policies.add(policy);
    }
    after = rows[rows.length - 1]!.id;
  }
  return { ...scan, digest: all.value(), digestBefore: before.value() };
}

/**
 * An order-independent digest of (id, family) pairs: the sum of two 32-bit
 * FNV-1a hashes of each pair, modulo 2^32 each. It tells that no identity
 * changed family (nor disappeared) between two scans; it is no defence
 * against anyone, which is not its job (the ledger is).
 */
class FamilyDigest {
  private a = 0;
  private b = 0;
  private count = 0;
  add(id: string, family: string): void {
    const text = `${id}\u0000${family}`;
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193 ^ text.length;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    this.a = (this.a + (h1 >>> 0)) % 0x1_0000_0000;
    this.b = (this.b + (h2 >>> 0)) % 0x1_0000_0000;
    this.count++;
  }
  value(): string {
    return `${this.count}:${this.a.toString(16)}:${this.b.toString(16)}`;
  }
}

/**
 * Families of the live identities whose result can change between two
 * dates: a date column within one of `windows` (`reevaluationWindows`), or
 * a possible third-party grant (their last review is an event, not a column).
 */
export async function familiesInWindows(
  db: Kysely<DB>,
  orgId: string,
  windows: readonly DateWindow[],
): Promise<string[]> {
  const collate = dialectOf(db) === 'postgres' ? sql.raw(' collate "C"') : sql.raw('');
  const rows = await db
    .selectFrom('nhis')
    .select('family')
    .distinct()
    .where('org_id', '=', orgId)
    .where('status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb('kind', 'in', [...THIRD_PARTY_KINDS]),
        eb('attributes', 'like', '%"thirdParty"%'),
        ...windows.map((w) => {
          const column = sql.ref(w.column);
          const first = sql`substr(${column}, 1, 1)${collate}`;
          const day = sql`substr(${column}, 1, 10)${collate}`;
          return sql<SqlBool>`(${column} is not null and (not (${first} between '0' and '9') or ${day} between ${w.from} and ${w.to}))`;
        }),
      ]),
    )
    .execute();
  return rows.map((r) => r.family);
}
