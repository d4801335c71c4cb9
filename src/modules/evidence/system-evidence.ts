import type { Actor } from '../../core/ledger/chain.js';
import type { Write } from '../../platform/ledger/ledger.js';
import { listControlDetails } from '../controls/control.repository.js';
import { readinessFacts } from '../readiness/facts/readiness-facts.js';
import { findEvidenceByContent } from './evidence.repository.js';
import {
  type EvidenceRecordInput,
  recordEvidence,
  recordReview,
  type StoredContent,
} from './evidence.service.js';

/** The control code of a requirement code (`AC-03-E1` → `AC-03`). */
const controlOf = (requirementCode: string) => requirementCode.replace(/-E\d+$/, '');

/**
 * Records a file auditready produced or took in whole (an import's export,
 * a release log, an access-review campaign's record) as system-generated
 * evidence on each requirement named that the organization still has (a
 * control may have been removed), accepted by `reviewer` — the system: the
 * file is whole and checked before this runs, nobody reviews it by hand —
 * and reuses evidence of the same content on a requirement instead of
 * adding it twice. Returns the evidence ids in the order of the codes.
 * Every writer of system evidence goes through it, in its own write.
 */
export async function recordSystemEvidence(
  w: Write,
  orgId: string,
  input: {
    requirementCodes: readonly string[];
    stored: StoredContent & { sha256: string };
    effectiveOn: string;
    description: string;
    reviewer: Actor;
    /** What kind of system record it is (default a system export; ticket histories say so). */
    sourceType?: EvidenceRecordInput['sourceType'];
  },
): Promise<string[]> {
  const codes = input.requirementCodes;
  const controls = await listControlDetails(w.tx, orgId, { codes: [...new Set(codes.map(controlOf))] });
  const ids: string[] = [];
  for (const code of codes) {
    const control = controls.find((c) => c.code === controlOf(code));
    const requirement = control?.requirements.find((r) => r.code === code);
    if (!control || !requirement) continue;
    const existing = await findEvidenceByContent(w.tx, orgId, requirement.id, input.stored.sha256);
    if (existing) {
      ids.push(existing);
      continue;
    }
    const evidence = await recordEvidence(w, orgId, {
      controlId: control.id,
      requirement,
      kind: 'file',
      stored: input.stored,
      effective: { start: input.effectiveOn, end: input.effectiveOn },
      description: input.description,
      sourceType: input.sourceType ?? 'system-export',
      supersedesId: null,
    });
    await readinessFacts.afterEvidence(w, [evidence]);
    const review = await recordReview(w, orgId, evidence.id, { decision: 'accepted' }, input.reviewer);
    await readinessFacts.afterReviews(w, [review]);
    ids.push(evidence.id);
  }
  return ids;
}
