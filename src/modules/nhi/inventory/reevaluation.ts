/**
 * Whether a re-import can re-evaluate only what can have changed, and the
 * record that makes the next one able to tell (docs/decisions/0035,
 * "Re-evaluating what can have changed"). The last evaluation (whole or
 * not) left the organization's open rule findings equal to what every rule
 * detects on the whole inventory at its date L. If since then nothing was
 * recorded but the run's own writes (ledger heads), no identity changed
 * family, the identities every batch reads are as they were, there are no
 * leaks and no workload links to redo, and the rules and thresholds are
 * the same, then at the run's date N ≥ L only two kinds of identities can
 * find something else: those of the families the run wrote, and those whose
 * dates cross a rule's threshold between L and N (`reevaluationWindows`).
 * Anything else: the whole inventory, as before.
 */
import { createHash } from 'node:crypto';
import type { IsoDate } from '../../../core/dates.js';
import { canonicalJson } from '../../../core/ledger/canonical-json.js';
import { NHI_RULE_IDS, type NhiRuleIdentity, type NhiThresholds } from '../../../core/nhi/index.js';
import { identityKey } from '../../../core/nhi/order.js';
import { reevaluationWindows } from '../../../core/nhi/reevaluation.js';
import type { Write } from '../../../platform/ledger/ledger.js';
import {
  type FamilyScan,
  familiesInWindows,
  ledgerHeadsOf,
  readEvaluation,
  recordedSince,
  scanFamilies,
  writeEvaluation,
} from './evaluation.repository.js';
import { hasLeaks, listWorkloadLinks } from './leak.repository.js';
import { isWorkloadCandidate } from './links.js';

/**
 * Record types the NHI rules never read (evidence uploads and their reviews):
 * their ledger entries change nothing a refresh finds.
 */
export const NHI_UNREAD_RECORD_TYPES: readonly string[] = ['evidence'];

/**
 * The version of the rules' reading of time: bump it when a rule starts to
 * read the date differently, so that the first evaluation after is whole.
 */
const RULES_VERSION = `1|${NHI_RULE_IDS.join(',')}`;

/** Rotation policies beyond which the windows would be too many: the whole inventory instead. */
const MAX_POLICIES = 16;

/** How much of the inventory an evaluation covers. */
export type EvaluationScope =
  | { kind: 'whole'; reason: string }
  | { kind: 'families'; families: string[]; scan: FamilyScan };

/** Evaluations made by this process, by scope (for tests and benchmarks). */
export const evaluationTally = { whole: 0, families: 0 };

/** Whether re-imports may re-evaluate only what can have changed (tests switch it off to compare). */
export const incrementalEvaluation = { enabled: true };

const isWorkloadRow = (r: { provider: string; kind: string }) =>
  isWorkloadCandidate(r as Pick<NhiRuleIdentity, 'provider' | 'kind'>);

/** A digest of the identities every batch reads, as the rules see them (owner and review included). */
export function sharedDigestOf(shared: readonly NhiRuleIdentity[]): string {
  const hash = createHash('sha256');
  const rows = shared.map((i) => [identityKey(i), canonicalJson(i)] as const);
  rows.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [, text] of rows) hash.update(text).update('\n');
  return hash.digest('hex');
}

/**
 * What a run that wrote its rows at `writtenAt` must re-evaluate at `at`
 * (see the module comment); the whole inventory, with the reason, when the
 * last evaluation does not stand for the rest.
 */
export async function planEvaluation(
  w: Write,
  orgId: string,
  opts: {
    at: IsoDate;
    writtenAt: string;
    thresholdsText: string;
    thresholds: NhiThresholds;
    sharedDigest: string;
  },
): Promise<EvaluationScope> {
  const whole = (reason: string): EvaluationScope => ({ kind: 'whole', reason });
  if (!incrementalEvaluation.enabled) return whole('switched off');
  const last = await readEvaluation(w.tx, orgId);
  if (!last) return whole('no evaluation recorded');
  if (last.rules_version !== RULES_VERSION) return whole('rules changed');
  if (opts.at < last.at) return whole('date before the last evaluation');
  if (last.thresholds !== opts.thresholdsText) return whole('thresholds changed');
  if (last.shared_digest !== opts.sharedDigest) return whole('identities every batch reads changed');
  // What the run recorded so far is appended first, so that the ledger says everything.
  await w.flush();
  const heads = await ledgerHeadsOf(w.tx, orgId);
  if (heads.installation !== Number(last.installation_seq)) return whole('installation records changed');
  if (await recordedSince(w.tx, orgId, Number(last.org_seq), last.batch_id, NHI_UNREAD_RECORD_TYPES)) {
    return whole('organization records changed');
  }
  if (await hasLeaks(w.tx, orgId)) return whole('leaks');
  if ((await listWorkloadLinks(w.tx, orgId)).length > 0) return whole('workload links');
  const scan = await scanFamilies(w.tx, orgId, opts.writtenAt, isWorkloadRow);
  if (scan.digestBefore !== last.families_digest) return whole('an identity changed family');
  if (scan.writtenWorkload) return whole('workload candidates written');
  if (scan.policies.size > MAX_POLICIES) return whole('too many rotation policies');
  const windows =
    opts.at === last.at ? [] : reevaluationWindows(last.at, opts.at, opts.thresholds, [...scan.policies]);
  const timed = windows.length > 0 ? await familiesInWindows(w.tx, orgId, windows) : [];
  const families = [...new Set([...scan.written, ...timed])].sort();
  return { kind: 'families', families, scan };
}

/**
 * Records the evaluation just made at `at` by batch `batchId` (the import's
 * or the refresh's id, whose closing ledger entry may follow).
 */
export async function recordEvaluation(
  w: Write,
  orgId: string,
  opts: {
    at: IsoDate;
    now: string;
    batchId: string;
    thresholdsText: string;
    sharedDigest: string;
    scan: FamilyScan | null;
  },
): Promise<void> {
  const scan = opts.scan ?? (await scanFamilies(w.tx, orgId, null, isWorkloadRow));
  await w.flush();
  const heads = await ledgerHeadsOf(w.tx, orgId);
  await writeEvaluation(w.tx, {
    org_id: orgId,
    at: opts.at,
    org_seq: heads.org,
    installation_seq: heads.installation,
    batch_id: opts.batchId,
    families_digest: scan.digest,
    shared_digest: opts.sharedDigest,
    thresholds: opts.thresholdsText,
    rules_version: RULES_VERSION,
    updated_at: opts.now,
  });
}
