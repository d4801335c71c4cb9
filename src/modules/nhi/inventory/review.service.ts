/**
 * Reviews of identities (issue 6 items 1 and 8): a person looked at an
 * identity — whether it should exist, with these grants and this owner — and
 * says so. Each becomes a `reviewed` lifecycle event (who, when, the note),
 * never derived from an import, with its ledger entry in the same
 * transaction; then the rules run again, so a third-party grant reviewed
 * today no longer counts as unreviewed.
 */
import { canonicalJson } from '../../../core/ledger/canonical-json.js';
import type { Actor } from '../../../core/ledger/chain.js';
import { nowIso, todayIso } from '../../../platform/clock.js';
import type { Database } from '../../../platform/db/database.js';
import type { NhiEventsTable } from '../../../platform/db/schema.js';
import { AppError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { write } from '../../../platform/ledger/ledger.js';
import { insertEvents } from '../import/import.repository.js';
import { type NhiReviewInput, type NhiReviewResult, nhiReviewInputSchema } from '../nhi.schema.js';
import { resolveNhiKeys } from './keys.js';
import { lockNhiInventory, refreshNhiInventory } from './refresh.js';

/** Records that `actor` reviewed each identity named (id, unique id prefix or external id), with an optional note. */
export async function reviewNhi(
  database: Database,
  actor: Actor,
  orgId: string,
  input: NhiReviewInput,
): Promise<NhiReviewResult> {
  const parsed = nhiReviewInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('invalid_input', `${issue.path.join('.') || 'review'}: ${issue.message}`);
  }
  const { ids, note } = parsed.data;
  return write(database, { actor, orgId }, async (w) => {
    // Before any row lock: the refresh below takes it anyway, and taking it first cannot deadlock.
    await lockNhiInventory(w, orgId);
    const targets = await resolveNhiKeys(w.tx, orgId, ids);
    const at = nowIso();
    const events: NhiEventsTable[] = targets.map((r) => {
      const details = { by: actor.label, actorType: actor.type, actorId: actor.id, note };
      w.record({ action: 'reviewed', recordType: 'nhi', recordId: r.id, change: details });
      return {
        id: newId(),
        org_id: orgId,
        nhi_id: r.id,
        import_id: null,
        type: 'reviewed',
        at,
        details: canonicalJson(details),
        // A person's act: its own ledger entry above, in no import's or refresh's batch.
        batch_id: null,
        seq: null,
        hash: null,
      };
    });
    await insertEvents(w.tx, events);
    const refresh = await refreshNhiInventory(w, orgId, { at: todayIso(), now: at, importId: null });
    return {
      nhiIds: targets.map((t) => t.id),
      reviewed: targets.length,
      at,
      note,
      refresh: {
        findingsOpened: refresh.findingsOpened,
        findingsResolved: refresh.findingsResolved,
        findingsUpdated: refresh.findingsUpdated,
      },
    };
  });
}
