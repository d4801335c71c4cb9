/**
 * The original export of every NHI import is evidence: stored once
 * (content-addressed), recorded on the starter-control requirements it
 * proves, and accepted by the system because the import just checked every
 * record of it (docs/decisions/0004). Identical content on a requirement is
 * reused, never recorded twice.
 */
import type { Actor } from '../../../core/ledger/chain.js';
import type { NhiImportKindName } from '../../../importers/nhi/index.js';
import type { Write } from '../../../platform/ledger/ledger.js';
import { listControlDetails } from '../../controls/control.repository.js';
import { findEvidenceByContent } from '../../evidence/evidence.repository.js';
import { recordEvidence, recordReview, type StoredContent } from '../../evidence/evidence.service.js';

/** The evidence requirements each kind's export proves; the first is the one the import run points to. */
export const NHI_IMPORT_EVIDENCE: Readonly<Record<NhiImportKindName, readonly string[]>> = {
  'aws-credential-report': ['NHI-01-E1', 'NHI-03-E1', 'NHI-10-E1'],
  'aws-authorization-details': ['NHI-01-E1', 'NHI-05-E1', 'NHI-07-E1'],
  'aws-secrets': ['NHI-01-E1', 'NHI-12-E1'],
  'gcp-service-accounts': ['NHI-01-E1'],
  'gcp-service-account-keys': ['NHI-01-E1', 'NHI-03-E1'],
  'azure-service-principals': ['NHI-01-E1', 'NHI-13-E1'],
  kubernetes: ['NHI-01-E1', 'NHI-05-E1'],
  'github-pats': ['NHI-01-E1'],
  'github-installations': ['NHI-01-E1', 'NHI-13-E1'],
  'github-deploy-keys': ['NHI-01-E1'],
  'github-actions-secrets': ['NHI-01-E1', 'NHI-07-E2'],
  'okta-api-tokens': ['NHI-01-E1'],
  gitleaks: ['NHI-11-E2'],
  trufflehog: ['NHI-11-E2'],
};

/** Who accepts an import's own export: auditready, after a complete parse (never a person's review). */
export const IMPORT_REVIEWER: Actor = {
  type: 'system',
  id: 'nhi-import',
  label: 'auditready import (accepted after a complete parse)',
};

const controlOf = (requirement: string) => requirement.replace(/-E\d+$/, '');

/**
 * Records the stored export on each requirement its kind proves that the
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
  const wanted = NHI_IMPORT_EVIDENCE[input.kind];
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
    const id = await recordEvidence(w, orgId, {
      controlId: control.id,
      requirement,
      kind: 'file',
      stored: input.stored,
      effective: { start: input.effectiveOn, end: input.effectiveOn },
      description: input.description,
      sourceType: 'system-export',
      supersedesId: null,
    });
    await recordReview(w, orgId, id, { decision: 'accepted' }, IMPORT_REVIEWER);
    ids.push(id);
  }
  return ids;
}
