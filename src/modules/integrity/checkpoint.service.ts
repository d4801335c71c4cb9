import { z } from 'zod';
import { checkEntry, GENESIS_HASH } from '../../core/ledger/chain.js';
import { MerkleAccumulator } from '../../core/ledger/merkle.js';
import {
  encodeVerifierKey,
  formatCheckpoint,
  type NoteSigner,
  signNote,
  verifierOf,
} from '../../core/ledger/signed-note.js';
import { nowIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { CheckpointsTable } from '../../platform/db/schema.js';
import { unledgered } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { storedEntryOf } from '../../platform/ledger/verify-ledger.js';
import {
  chainEntries,
  chainHashes,
  chainHeads,
  insertCheckpoint,
  latestCheckpoints,
} from './integrity.repository.js';

const PAGE = 5000;

/** The origin line of a chain's checkpoints: the key name, a slash, the chain id. */
export function checkpointOrigin(keyName: string, chain: string): string {
  return `${keyName}/${chain}`;
}

/** What creating checkpoints did for one chain. */
export interface CheckpointOutcome {
  chain: string;
  /** `signed`: a new checkpoint; `unchanged`: no entry since the last one; `refused`: the chain does not verify. */
  status: 'signed' | 'unchanged' | 'refused';
  size: number;
  message: string;
  note?: string;
}

/**
 * Signs one chain up to its head, if it grew since its last checkpoint. A
 * checkpoint only vouches for what verifies: the entries the last checkpoint
 * signed must still hash to its root (their hashes are read, not their
 * content: a content edit breaks the next back-link, which is checked), and
 * every newer entry is re-hashed and linked before the root is signed.
 */
async function checkpointChain(
  database: Database,
  signer: NoteSigner,
  head: { chain: string; seq: number; hash: string },
  last: CheckpointsTable | undefined,
  now: string,
): Promise<CheckpointOutcome> {
  const { chain } = head;
  const refuse = (message: string): CheckpointOutcome => ({
    chain,
    status: 'refused',
    size: head.seq,
    message,
  });
  if (last && last.size >= head.seq) {
    return { chain, status: 'unchanged', size: last.size, message: `no entry since checkpoint ${last.size}` };
  }
  const merkle = new MerkleAccumulator();
  let prev = GENESIS_HASH;
  let after = 0;
  const signedSize = last?.size ?? 0;
  while (after < signedSize) {
    const page = await chainHashes(database.db, chain, after, Math.min(PAGE, signedSize - after));
    if (page.length === 0) break;
    for (const e of page) {
      if (e.seq !== after + 1 || e.prevHash !== prev) {
        return refuse(`entry ${after + 1} no longer links to the one before: run auditready verify`);
      }
      merkle.append(Buffer.from(e.hash, 'hex'));
      prev = e.hash;
      after = e.seq;
    }
  }
  if (last && (merkle.size !== last.size || merkle.root().toString('hex') !== last.root_hash)) {
    return refuse(
      `the first ${last.size} entries no longer hash to the last signed root: run auditready verify`,
    );
  }
  let previous: { seq: number; hash: string } | null = last ? { seq: last.size, hash: prev } : null;
  while (after < head.seq) {
    const rows = await chainEntries(database.db, chain, after, head.seq, PAGE);
    if (rows.length === 0) break;
    for (const row of rows) {
      const entry = storedEntryOf(row);
      if (typeof entry === 'string' || checkEntry(previous, entry)) {
        return refuse(`entry ${Number(row.seq)} does not verify: run auditready verify`);
      }
      merkle.append(Buffer.from(entry.hash, 'hex'));
      previous = entry;
      after = entry.seq;
    }
  }
  if (after !== head.seq || previous?.hash !== head.hash) {
    return refuse(
      `the chain head (${head.seq}) disagrees with its entries (${after}): run auditready verify`,
    );
  }
  const root = merkle.root();
  const text = formatCheckpoint({
    origin: checkpointOrigin(signer.name, chain),
    size: head.seq,
    rootHash: root,
    extensions: [`head ${head.hash}`, `time ${now}`],
  });
  const note = signNote(text, signer);
  const inserted = await insertCheckpoint(unledgered(database), {
    id: newId(),
    chain,
    size: head.seq,
    root_hash: root.toString('hex'),
    head_hash: head.hash,
    verifier_key: encodeVerifierKey(verifierOf(signer)),
    note,
    created_at: now,
  });
  if (!inserted)
    return { chain, status: 'unchanged', size: head.seq, message: 'signed meanwhile by another process' };
  return { chain, status: 'signed', size: head.seq, message: `signed ${head.seq} entries`, note };
}

/**
 * Signs a checkpoint for every chain that has entries since its last one
 * (`auditready checkpoint create`, and hourly while `serve` runs). A chain
 * that does not verify is refused, never signed.
 */
export async function createCheckpoints(
  database: Database,
  signer: NoteSigner,
): Promise<CheckpointOutcome[]> {
  const heads = await chainHeads(database.db);
  const latest = new Map((await latestCheckpoints(database.db)).map((c) => [c.chain, c]));
  const now = nowIso();
  const out: CheckpointOutcome[] = [];
  for (const head of heads) {
    if (head.seq === 0) continue;
    out.push(await checkpointChain(database, signer, head, latest.get(head.chain), now));
  }
  return out;
}

/** A signed checkpoint of one chain and the head it signs. */
export interface ChainCheckpoint {
  chain: string;
  size: number;
  headHash: string;
  /** The C2SP signed note. */
  note: string;
}

/**
 * A signed checkpoint of one chain's current head, made now (the evidence
 * package's `checkpoint.txt`): signed and stored like `checkpoint create`'s
 * when the chain grew since its last one; the last one when it did not (the
 * same body signed again when an older key signed it). A chain that does not
 * verify is refused: integrity_failed.
 */
export async function checkpointOfChain(
  database: Database,
  signer: NoteSigner,
  chain: string,
): Promise<ChainCheckpoint> {
  const head = (await chainHeads(database.db)).find((h) => h.chain === chain);
  if (!head || head.seq === 0) throw new AppError('not_found', `the activity log ${chain} has no entry`);
  const [last] = await latestCheckpoints(database.db, [chain]);
  const now = nowIso();
  const outcome = await checkpointChain(database, signer, head, last, now);
  if (outcome.status === 'refused') {
    throw new AppError('integrity_failed', `the activity log ${chain} does not verify: ${outcome.message}`);
  }
  if (outcome.note) return { chain, size: head.seq, headHash: head.hash, note: outcome.note };
  const [latest] = await latestCheckpoints(database.db, [chain]);
  if (!latest) throw new AppError('integrity_failed', `no checkpoint of ${chain} after signing`);
  const key = encodeVerifierKey(verifierOf(signer));
  if (latest.verifier_key === key) {
    return { chain, size: latest.size, headHash: latest.head_hash, note: latest.note };
  }
  const text = formatCheckpoint({
    origin: checkpointOrigin(signer.name, chain),
    size: latest.size,
    rootHash: Buffer.from(latest.root_hash, 'hex'),
    extensions: [`head ${latest.head_hash}`, `time ${now}`],
  });
  return { chain, size: latest.size, headHash: latest.head_hash, note: signNote(text, signer) };
}

/** The document `checkpoint export` writes: the public key and the latest checkpoint of every chain. */
export const checkpointExportSchema = z.object({
  format: z.literal('auditready-checkpoints/1'),
  exportedAt: z.string(),
  /** The C2SP verifier key (`name+keyid+base64`) the notes are signed with. */
  verifierKey: z.string().min(1),
  checkpoints: z.array(z.object({ chain: z.string(), size: z.number().int().min(0), note: z.string() })),
});
/** A checkpoint export. */
export type CheckpointExport = z.infer<typeof checkpointExportSchema>;

/** The public key and the latest checkpoint of every chain, to keep off the machine. */
export async function exportCheckpoints(database: Database, signer: NoteSigner): Promise<CheckpointExport> {
  const verifierKey = encodeVerifierKey(verifierOf(signer));
  const rows = (await latestCheckpoints(database.db)).filter((r) => r.verifier_key === verifierKey);
  return {
    format: 'auditready-checkpoints/1',
    exportedAt: nowIso(),
    verifierKey,
    checkpoints: rows.map((r) => ({ chain: r.chain, size: r.size, note: r.note })),
  };
}

/** Parses a checkpoint export's text, naming what is wrong with it. */
export function parseCheckpointExport(text: string, where: string): CheckpointExport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AppError('invalid_input', `${where}: not JSON (${(err as Error).message})`);
  }
  const parsed = checkpointExportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError(
      'invalid_input',
      `${where}: not a checkpoint export: ${issue.path.join('.') || 'document'}: ${issue.message}`,
    );
  }
  return parsed.data;
}

/** POSTs a checkpoint export as JSON to a webhook; fails naming the status when it is not 2xx. */
export async function postCheckpointExport(url: string, doc: CheckpointExport): Promise<void> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new AppError('invalid_input', `webhook: not a URL: ${url}`);
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    throw new AppError('invalid_input', 'webhook: only http and https URLs');
  }
  const response = await fetch(target, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(doc),
    signal: AbortSignal.timeout(15_000),
  });
  if (!response.ok) {
    throw new AppError('unavailable', `webhook ${target.origin} answered ${response.status}`);
  }
}
