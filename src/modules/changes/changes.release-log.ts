/**
 * The evidence a change import records (docs/decisions/0024): the release
 * log, canonical JSON of each production release with its changes, their
 * approvers and checks, and the files read, as system-generated,
 * system-accepted evidence on the change-management requirements.
 */
import { releaseLabel } from '../../core/changes/rules.js';
import type { Change, ChangeSettings, Release } from '../../core/changes/types.js';
import { canonicalJson } from '../../core/ledger/canonical-json.js';
import type { Actor } from '../../core/ledger/chain.js';
import type { Write } from '../../platform/ledger/ledger.js';
import type { storeEvidenceContent } from '../evidence/evidence.service.js';
import { recordSystemEvidence } from '../evidence/system-evidence.js';

/** Who accepts an import's release log: auditready, after a complete read (never a person's review). */
export const CHANGE_IMPORT_REVIEWER: Actor = {
  type: 'system',
  id: 'change-import',
  label: 'auditready change import (accepted after a complete read)',
};

/** The change-management requirements an import's release log proves (starter controls CM-02 … CM-05). */
export const CHANGE_EVIDENCE_REQUIREMENTS = ['CM-04-E1', 'CM-02-E2', 'CM-03-E2', 'CM-05-E1'] as const;

/** The evidence an import records: each production release with its changes, approvals and checks (canonical JSON). */
export function releaseLog(
  repository: string,
  settings: ChangeSettings,
  derived: { changes: Change[]; releases: Release[] },
  files: { name: string; sha256: string; size: number }[],
  at: string,
): string {
  const byKey = new Map(derived.changes.map((c) => [c.key, c]));
  // Keys written in sorted order: canonicalJson then writes these objects as they are, without a sorted copy.
  const brief = (c: Change) => ({
    approval: c.approval,
    approvers: c.approvers,
    at: c.occurredAt,
    author: c.author,
    change: c.label,
    checks: c.checks,
    emergency: c.emergency,
    title: c.title,
  });
  return canonicalJson({
    files,
    judgedOn: at,
    releases: derived.releases.map((r) => ({
      changes: r.changeKeys.map((k) => brief(byKey.get(k)!)),
      deployedAt: r.deployedAt,
      emptyReason: r.emptyReason,
      environment: r.environment,
      release: releaseLabel(repository, r),
      sha: r.sha,
    })),
    repository,
    settings,
    unreleased: derived.changes.filter((c) => c.releaseKey === null).map(brief),
  });
}

/** Records the release log on each change-management requirement the organization has, reusing identical content. */
export async function recordLogEvidence(
  w: Write,
  orgId: string,
  input: {
    stored: Awaited<ReturnType<typeof storeEvidenceContent>> & { sha256: string };
    effectiveOn: string;
    description: string;
  },
): Promise<string[]> {
  return recordSystemEvidence(w, orgId, {
    requirementCodes: CHANGE_EVIDENCE_REQUIREMENTS,
    stored: input.stored,
    effectiveOn: input.effectiveOn,
    description: input.description,
    reviewer: CHANGE_IMPORT_REVIEWER,
  });
}
