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
import type { StoredContent } from '../../evidence/evidence.service.js';
import { recordSystemEvidence } from '../../evidence/system-evidence.js';

/** Who accepts an import's own export: auditready, after a complete parse (never a person's review). */
export const IMPORT_REVIEWER: Actor = {
  type: 'system',
  id: 'nhi-import',
  label: 'auditready import (accepted after a complete parse)',
};

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
  return recordSystemEvidence(w, orgId, {
    requirementCodes: NHI_IMPORT_KINDS[input.kind].proves,
    stored: input.stored,
    effectiveOn: input.effectiveOn,
    description: input.description,
    reviewer: IMPORT_REVIEWER,
  });
}
