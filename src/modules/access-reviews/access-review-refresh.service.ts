import { followUpClosedBy } from '../../core/access-reviews/rules.js';
import type { Actor } from '../../core/ledger/chain.js';
import { todayIso } from '../../platform/clock.js';
import { write } from '../../platform/ledger/ledger.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { closeFollowUp, listFollowUps, nhiStates } from './access-review.repository.js';
import { checkDate } from './access-review.service.js';
import { followUpRecordsAfterClosing, recordFollowUpEvidence } from './access-review-completion.service.js';
import { syncRuleFindings } from './access-review-findings.service.js';

/**
 * Brings access reviews up to date at T: closes the NHI follow-ups the
 * inventory proves done (the identity gone, disabled, or its privileges
 * changed) and keeps the rule findings in step (overdue campaigns and
 * follow-ups appear with time, without any other write).
 */
export async function refreshAccessReviews(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  options: { at?: string } = {},
): Promise<{ followUpsClosed: number; findingsOpened: number; findingsResolved: number }> {
  const at = checkDate(options.at ?? todayIso(), 'at');
  const open = (await listFollowUps(stores.database.db, orgId, { open: true })).filter(
    (f) => f.subject_type === 'nhi' && f.nhi_id !== null,
  );
  const states = new Map(
    (
      await nhiStates(
        stores.database.db,
        orgId,
        open.map((f) => f.nhi_id!),
      )
    ).map((n) => [n.id, n]),
  );
  const closing = open.filter((f) => {
    const n = states.get(f.nhi_id!);
    return followUpClosedBy(
      { action: f.action as 'revoke' | 'change', access: f.access },
      n ? { access: n.privilege_summary ?? '', active: n.status === 'active' } : null,
    );
  });
  const pending = await followUpRecordsAfterClosing(
    stores,
    orgId,
    closing.map((f) => f.id),
    at,
  );
  return write(stores.database, { actor, orgId }, async (w) => {
    for (const f of closing)
      await closeFollowUp(w.tx, orgId, f.id, {
        closed_on: at,
        closed_by: 'nhi-inventory',
        closure_ref: f.nhi_id,
      });
    if (closing.length > 0)
      w.record({
        action: 'close',
        recordType: 'access-review-follow-up',
        recordId: closing[0]!.campaign_id,
        change: { closedOn: at, closedBy: 'nhi-inventory', followUps: closing.map((f) => f.id) },
      });
    await recordFollowUpEvidence(w, orgId, pending);
    const sync = await syncRuleFindings(w, orgId, at);
    return { followUpsClosed: closing.length, findingsOpened: sync.opened, findingsResolved: sync.resolved };
  });
}

/**
 * After an NHI import: when open follow-ups are about NHIs, brings them up to
 * date against the inventory ({@link refreshAccessReviews}); nothing is
 * written otherwise.
 */
export async function closeAccessReviewFollowUpsOnNhis(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  options: { at?: string } = {},
): Promise<void> {
  const open = await listFollowUps(stores.database.db, orgId, { open: true });
  if (open.some((f) => f.subject_type === 'nhi')) await refreshAccessReviews(stores, actor, orgId, options);
}
