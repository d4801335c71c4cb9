/**
 * The original export of every NHI import is evidence: stored once
 * (content-addressed), recorded on the starter-control requirements it
 * proves, and accepted by the system because the import just checked every
 * record of it (docs/decisions/0004). Identical content on a requirement is
 * reused, never recorded twice.
 */
import type { Actor } from '../../../core/ledger/chain.js';
import { NHI_IMPORT_KINDS, type NhiImportKindName } from '../../../importers/nhi/index.js';
import type { Write } from '../../../platform/ledger/ledger.js';
import { listControlDetails } from '../../controls/control.repository.js';
import { findEvidenceByContent } from '../../evidence/evidence.repository.js';
import { recordEvidence, recordReview, type StoredContent } from '../../evidence/evidence.service.js';
import { readinessFacts } from '../../readiness/facts/readiness-facts.js';

/** Who accepts an import's own export: auditready, after a complete parse (never a person's review). */
export const IMPORT_REVIEWER: Actor = {
  type: 'system',
  id: 'nhi-import',
  label: 'auditready import (accepted after a complete parse)',
};

const controlOf = (requirement: string) => requirement.replace(/-E\d+$/, '');

/**
 * Records the stored export on each requirement its kind proves (its
 * descriptor's `proves`) that the
 * organization still has (a control may have been removed), reusing evidence
 * with the same content; returns the evidence ids, primary first.
 */
export async function recordImportEvidence(
  w: Write,
  orgId: string,
  input: {
    kind: NhiImportKindName;
    stored: StoredContent & { sha256: string };
    effectiveOn: string;
    description: string;
  },
): Promise<string[]> {
  const wanted = NHI_IMPORT_KINDS[input.kind].proves;
  const controls = await listControlDetails(w.tx, orgId, { codes: [...new Set(wanted.map(controlOf))] });
  const ids: string[] = [];
  for (const code of wanted) {
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
      sourceType: 'system-export',
      supersedesId: null,
    });
    await readinessFacts.afterEvidence(w, [evidence]);
    const review = await recordReview(w, orgId, evidence.id, { decision: 'accepted' }, IMPORT_REVIEWER);
    await readinessFacts.afterReviews(w, [review]);
    ids.push(evidence.id);
  }
  return ids;
}
