import { KIND_LABELS, TRACKED_KINDS } from '../../core/ledger/record-state.js';
import { NoteError, openNote, parseCheckpoint, parseVerifierKey } from '../../core/ledger/signed-note.js';
import { verifyLedger } from '../../platform/ledger/verify-ledger.js';
import { type EvidenceStores, verifyEvidenceBlobs } from '../evidence/evidence.service.js';
import { nhiBatchVerification } from '../nhi/inventory/batch-verification.js';
import type { CheckpointExport } from './checkpoint.service.js';
import { latestCheckpoints } from './integrity.repository.js';
import { recordComparison } from './record-comparison.js';
import type { CheckpointProblem, StoreVerification, VerifyCheck } from './verify.schema.js';

export type { CheckpointProblem, StoreVerification, VerifyCheck };

interface Expectation {
  source: 'store' | 'file';
  chain: string;
  size: number;
  root: string;
  time: string | null;
}

const n = (x: number) => x.toLocaleString('en-US');

function timeOf(extensions: string[]): string | null {
  return extensions.find((e) => e.startsWith('time '))?.slice(5) ?? null;
}

/**
 * Verifies a store, saying what it checked: every chain re-hashed from its
 * first entry (chains taken from organizations, heads and the entries);
 * stored checkpoints and, when given, checkpoints kept off the machine
 * (signature, then the Merkle root over the first `size` entries); the
 * current evidence, reviews, memberships, exceptions and API tokens against
 * what the log says; every NHI import's and refresh's rows against the
 * Merkle roots its entry committed to; every evidence file re-hashed. Scoped to one
 * organization's chain and records when `orgId` is given.
 */
export async function verifyStore(
  stores: EvidenceStores,
  options: { orgId?: string | undefined; checkpointFile?: { name: string; doc: CheckpointExport } } = {},
): Promise<StoreVerification> {
  const { database } = stores;
  const checkpointProblems: CheckpointProblem[] = [];
  const expectations: Expectation[] = [];

  const stored = await latestCheckpoints(database.db, options.orgId ? [options.orgId] : undefined);
  for (const row of stored) {
    try {
      const verifier = parseVerifierKey(row.verifier_key);
      const body = parseCheckpoint(openNote(row.note, verifier).text);
      if (body.origin !== `${verifier.name}/${row.chain}` || body.size !== row.size) {
        throw new NoteError('its signed origin or size does not match its row');
      }
      expectations.push({
        source: 'store',
        chain: row.chain,
        size: body.size,
        root: body.rootHash.toString('hex'),
        time: timeOf(body.extensions),
      });
    } catch (err) {
      checkpointProblems.push({
        source: 'store',
        chain: row.chain,
        size: row.size,
        message: `stored checkpoint of chain ${row.chain} at ${row.size} entries: ${(err as Error).message}`,
      });
    }
  }

  let fileKey: string | null = null;
  if (options.checkpointFile) {
    const { name, doc } = options.checkpointFile;
    try {
      const verifier = parseVerifierKey(doc.verifierKey);
      fileKey = doc.verifierKey;
      for (const c of doc.checkpoints) {
        try {
          const body = parseCheckpoint(openNote(c.note, verifier).text);
          const prefix = `${verifier.name}/`;
          if (!body.origin.startsWith(prefix))
            throw new NoteError(`its origin ${body.origin} is not of this key`);
          const chain = body.origin.slice(prefix.length);
          if (options.orgId && chain !== options.orgId) continue;
          expectations.push({
            source: 'file',
            chain,
            size: body.size,
            root: body.rootHash.toString('hex'),
            time: timeOf(body.extensions),
          });
        } catch (err) {
          checkpointProblems.push({
            source: 'file',
            chain: c.chain,
            size: c.size,
            message: `checkpoint of chain ${c.chain} in ${name}: ${(err as Error).message}`,
          });
        }
      }
    } catch (err) {
      checkpointProblems.push({
        source: 'file',
        chain: null,
        size: null,
        message: `${name}: the verifier key is not usable: ${(err as Error).message}`,
      });
    }
  }

  const rootsAt = new Map<string, Set<number>>();
  for (const e of expectations) {
    const sizes = rootsAt.get(e.chain) ?? new Set<number>();
    sizes.add(e.size);
    rootsAt.set(e.chain, sizes);
  }
  const comparison = recordComparison(database, { orgId: options.orgId });
  const nhiBatches = nhiBatchVerification(database, { orgId: options.orgId });
  const ledger = await verifyLedger(database, {
    ...(options.orgId ? { orgId: options.orgId } : {}),
    rootsAt,
    onEntry: (row) => {
      nhiBatches.visit(row);
      return comparison.visit(row);
    },
  });
  const records = await comparison.finish();
  const batches = await nhiBatches.finish();
  const evidence = await verifyEvidenceBlobs(stores, options.orgId ? { orgId: options.orgId } : {});

  const summaries = new Map(ledger.summaries.map((s) => [s.chain, s]));
  for (const e of expectations) {
    const summary = summaries.get(e.chain);
    const where = e.source === 'file' ? `${options.checkpointFile?.name ?? 'file'}` : 'the store';
    const signed = `the checkpoint${e.time ? ` of ${e.time}` : ''} in ${where} signed ${n(e.size)} entries of chain ${e.chain}`;
    const count = summary?.entries ?? 0;
    if (count < e.size) {
      checkpointProblems.push({
        source: e.source,
        chain: e.chain,
        size: e.size,
        message: `${signed}, but the log now holds ${n(count)}: signed entries were removed (a cut tail)`,
      });
    } else if (summary?.roots.get(e.size) !== e.root) {
      checkpointProblems.push({
        source: e.source,
        chain: e.chain,
        size: e.size,
        message: `${signed}, but they no longer hash to its signed root: a signed entry was changed, removed or reordered`,
      });
    }
  }

  const fromStore = expectations.filter((e) => e.source === 'store').length;
  const fromFile = expectations.filter((e) => e.source === 'file').length;
  const storeProblems = checkpointProblems.filter((p) => p.source === 'store').map((p) => p.message);
  const fileProblems = checkpointProblems.filter((p) => p.source === 'file').map((p) => p.message);
  const checks: VerifyCheck[] = [
    {
      name: 'chains',
      ok: ledger.problems.length === 0,
      summary: `${n(ledger.entries)} entries in ${n(ledger.chains)} chains re-hashed from their first entry, each head compared with its last entry`,
      problems: ledger.problems.map(
        (p) => `chain ${p.chain}, entry ${p.seq}${p.entryId ? ` (id ${p.entryId})` : ''}: ${p.message}`,
      ),
    },
    {
      name: 'checkpoints',
      ok: storeProblems.length === 0,
      summary:
        stored.length === 0
          ? 'no signed checkpoint stored yet (auditready checkpoint create signs one)'
          : `${n(stored.length)} latest stored checkpoints: signature and Merkle root over the signed entries (${n(fromStore)} verified)`,
      problems: storeProblems,
    },
  ];
  if (options.checkpointFile) {
    checks.push({
      name: 'checkpoint-file',
      ok: fileProblems.length === 0,
      summary: `${n(options.checkpointFile.doc.checkpoints.length)} checkpoints from ${options.checkpointFile.name}${
        fileKey ? ` (key ${fileKey.split('+')[0]})` : ''
      }: signature and Merkle root over the signed entries (${n(fromFile)} with a valid signature)`,
      problems: fileProblems,
    });
  }
  checks.push(
    {
      name: 'records',
      ok: records.problems.length === 0,
      summary: `${TRACKED_KINDS.map((k) => `${KIND_LABELS[k]} ${n(records.compared[k])}`).join(', ')} (stored rows) compared with what the activity log says`,
      problems: [
        ...records.problems.map((p) => p.message),
        ...(records.more > 0 ? [`… and ${n(records.more)} more`] : []),
      ],
    },
    {
      name: 'nhi-batches',
      ok: batches.problems.length === 0,
      summary: `${n(batches.rows)} NHI lifecycle events and changes of ${n(batches.batches)} imports and refreshes re-hashed against the Merkle roots their ledger entries committed to`,
      problems: [...batches.problems, ...(batches.more > 0 ? [`… and ${n(batches.more)} more`] : [])],
    },
    {
      name: 'evidence-files',
      ok: evidence.problems.length === 0,
      summary: `${n(evidence.checked)} evidence files re-hashed`,
      problems: evidence.problems.map((p) => p.message),
    },
  );
  return {
    ok: checks.every((c) => c.ok),
    checks,
    entries: ledger.entries,
    chains: ledger.chains,
    problems: ledger.problems,
    checkpoints: { checked: expectations.length, problems: checkpointProblems },
    records,
    evidence,
  };
}
