import { type ChainBreak, checkEntry, GENESIS_HASH, type StoredEntry } from '../../core/ledger/chain.js';
import { MerkleAccumulator } from '../../core/ledger/merkle.js';
import type { Database } from '../db/database.js';
import type { ActivityTable } from '../db/schema.js';
import { INSTALLATION_CHAIN } from './ledger.js';

/** The first entry that breaks a chain, or a head that disagrees with its entries, in words. */
export interface LedgerProblem {
  chain: string;
  seq: number;
  entryId: string | null;
  message: string;
}

/** What the walk found for one chain: its entries, its head row, and the Merkle roots asked for. */
export interface ChainSummary {
  chain: string;
  /** Entries stored for the chain (whether or not they verify). */
  entries: number;
  /** The head row, or null when it is missing. */
  head: { seq: number; hash: string } | null;
  /** RFC 6962 roots (hex) over the first `size` entries' hashes, for each size asked for and present. */
  roots: Map<number, string>;
}

/** The outcome of re-hashing every chain. */
export interface LedgerVerification {
  ok: boolean;
  entries: number;
  chains: number;
  problems: LedgerProblem[];
  summaries: ChainSummary[];
}

/** One entry as a visitor sees it during the walk. */
export type EntryVisitor = (row: ActivityTable) => void | Promise<void>;

const PAGE = 5000;

/** A stored activity row as the chain rules read it, or why it cannot be read. */
export function storedEntryOf(row: ActivityTable): StoredEntry | string {
  let change: unknown;
  try {
    change = JSON.parse(row.change);
  } catch {
    return 'its change is not valid JSON';
  }
  return {
    id: row.id,
    chain: row.chain,
    seq: Number(row.seq),
    orgId: row.org_id,
    at: row.at,
    actor: { type: row.actor_type as StoredEntry['actor']['type'], id: row.actor_id, label: row.actor_label },
    action: row.action,
    recordType: row.record_type,
    recordId: row.record_id,
    change,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function describeBreak(b: ChainBreak): string {
  switch (b.kind) {
    case 'sequence':
      return `sequence jumps (expected ${b.expected}): an entry was removed or reordered`;
    case 'prev-hash':
      return 'its link to the previous entry does not match: an earlier entry was changed or removed';
    case 'hash':
      return 'its content does not match its hash: the entry was edited';
  }
}

/**
 * The chains to walk: every chain with a head row, every organization (its
 * chain id is its id), the installation chain, and every chain the entries
 * themselves name, so that deleting a head row or an organization's whole
 * chain cannot hide it. Scoped to one organization when asked.
 */
async function chainsToWalk(
  database: Database,
  orgId: string | undefined,
): Promise<{ chains: string[]; organizations: Set<string> }> {
  const { db } = database;
  if (orgId) {
    const org = await db.selectFrom('organizations').select('id').where('id', '=', orgId).executeTakeFirst();
    return { chains: [orgId], organizations: new Set(org ? [orgId] : []) };
  }
  const [heads, orgs, named] = await Promise.all([
    db.selectFrom('ledger_heads').select('chain').execute(),
    db.selectFrom('organizations').select('id').execute(),
    db.selectFrom('activity').select('chain').distinct().execute(),
  ]);
  const chains = new Set<string>([INSTALLATION_CHAIN]);
  for (const h of heads) chains.add(h.chain);
  for (const o of orgs) chains.add(o.id);
  for (const n of named) chains.add(n.chain);
  return { chains: [...chains].sort(), organizations: new Set(orgs.map((o) => o.id)) };
}

/**
 * Re-hashes every chain from its first entry, page by page (bounded memory),
 * and reports the first broken entry of each chain; a missing head row; a
 * head behind or ahead of the entries (entries beyond the head, or a cut
 * tail); an organization whose chain has no entries. Optionally computes the
 * RFC 6962 root over the first `size` entry hashes for the sizes asked for
 * (checkpoints), and hands every entry to a visitor.
 */
export async function verifyLedger(
  database: Database,
  options: { orgId?: string; rootsAt?: Map<string, Set<number>>; onEntry?: EntryVisitor } = {},
): Promise<LedgerVerification> {
  const { chains, organizations } = await chainsToWalk(database, options.orgId);
  const headRows = await database.db
    .selectFrom('ledger_heads')
    .selectAll()
    .where('chain', 'in', chains)
    .execute();
  const heads = new Map(headRows.map((h) => [h.chain, { seq: Number(h.seq), hash: h.hash }]));
  const problems: LedgerProblem[] = [];
  const summaries: ChainSummary[] = [];
  let entries = 0;
  for (const chain of chains) {
    const head = heads.get(chain) ?? null;
    const wanted = options.rootsAt?.get(chain);
    const roots = new Map<number, string>();
    const merkle = new MerkleAccumulator();
    let previous: StoredEntry | null = null;
    let broken = false;
    let count = 0;
    let lastSeq = 0;
    let lastHash = GENESIS_HASH;
    let afterSeq = -1;
    for (;;) {
      const page = await database.db
        .selectFrom('activity')
        .selectAll()
        .where('chain', '=', chain)
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(PAGE)
        .execute();
      for (const row of page) {
        count += 1;
        lastSeq = Number(row.seq);
        lastHash = row.hash;
        if (/^[0-9a-f]{64}$/.test(row.hash)) merkle.append(Buffer.from(row.hash, 'hex'));
        else merkle.append(Buffer.from(row.hash, 'utf8'));
        if (wanted?.has(merkle.size)) roots.set(merkle.size, merkle.root().toString('hex'));
        if (options.onEntry) await options.onEntry(row);
        if (broken) continue;
        const stored = storedEntryOf(row);
        if (typeof stored === 'string') {
          problems.push({ chain, seq: lastSeq, entryId: row.id, message: stored });
          broken = true;
          continue;
        }
        const problem = checkEntry(previous, stored);
        if (problem) {
          problems.push({ chain, seq: stored.seq, entryId: stored.id, message: describeBreak(problem) });
          broken = true;
        }
        previous = stored;
      }
      if (page.length < PAGE) break;
      afterSeq = Number(page[page.length - 1]!.seq);
    }
    entries += count;
    summaries.push({ chain, entries: count, head, roots });
    if (count === 0) {
      if (organizations.has(chain)) {
        problems.push({
          chain,
          seq: 0,
          entryId: null,
          message: 'the organization has no activity entries at all: its whole chain was removed',
        });
      } else if (head && head.seq > 0) {
        problems.push({
          chain,
          seq: head.seq,
          entryId: null,
          message: `the chain head says ${head.seq} entries but none is stored: the chain was removed`,
        });
      }
      continue;
    }
    if (!head) {
      problems.push({
        chain,
        seq: lastSeq,
        entryId: null,
        message: `the chain head row is missing (the log holds ${count} entries): it was deleted`,
      });
    } else if (head.seq < lastSeq) {
      problems.push({
        chain,
        seq: head.seq,
        entryId: null,
        message: `the chain head says ${head.seq} entries but the log continues to ${lastSeq}: the head was rewound or entries were added behind it`,
      });
    } else if (head.seq > lastSeq) {
      problems.push({
        chain,
        seq: head.seq,
        entryId: null,
        message: `the chain head says ${head.seq} entries but the log ends at ${lastSeq}: entries were removed from its end`,
      });
    } else if (head.hash !== lastHash) {
      problems.push({
        chain,
        seq: head.seq,
        entryId: null,
        message: 'the chain head hash does not match the last entry: the head or the last entry was changed',
      });
    }
  }
  return { ok: problems.length === 0, entries, chains: chains.length, problems, summaries };
}
