/**
 * Owners assigned by a person (issue 6 item 4): one identity, a list of ids
 * (the UI's bulk assignment), or every identity whose name or external id
 * matches a glob. An assigned owner wins over whatever later exports hint;
 * each change is an `owner-changed` lifecycle event, and the rules run again
 * so orphaned findings resolve.
 */
import { canonicalJson } from '../../../core/ledger/canonical-json.js';
import type { Actor } from '../../../core/ledger/chain.js';
import { globMatcher } from '../../../core/nhi/index.js';
import { nowIso, todayIso } from '../../../platform/clock.js';
import type { Database } from '../../../platform/db/database.js';
import type { NhiEventsTable, NhisTable } from '../../../platform/db/schema.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { write } from '../../../platform/ledger/ledger.js';
import { findPersonByEmail } from '../../people/person.repository.js';
import { insertEvents } from '../import/import.repository.js';
import { type NhiAssignResult, nhiAssignInputSchema } from '../nhi.schema.js';
import { resolveNhiKeys } from './keys.js';
import { findNhiRows, listNhiRows, updateNhiOwner } from './nhi.repository.js';
import { lockNhiInventory, refreshNhiInventory } from './refresh.js';

/**
 * Makes a person of the roster the assigned owner of one identity, of a list,
 * or of every identity matching a glob; `at` is the date T the rules then run
 * at (default today).
 */
export async function assignNhiOwner(
  database: Database,
  actor: Actor,
  orgId: string,
  input: {
    id?: string | undefined;
    ids?: string[] | undefined;
    match?: string | undefined;
    ownerEmail: string;
  },
  options: { at?: string } = {},
): Promise<NhiAssignResult> {
  const parsed = nhiAssignInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', parsed.error.issues[0]!.message);
  const { id, ids, match, ownerEmail } = parsed.data;
  const person = await findPersonByEmail(database.db, orgId, ownerEmail);
  if (!person) throw new AppError('not_found', `no person with e-mail ${ownerEmail} in the roster`);
  if (person.status === 'departed') {
    throw new AppError(
      'invalid_input',
      `${ownerEmail} left on ${person.departedOn ?? 'an unknown date'}: assign an active person`,
    );
  }
  return write(database, { actor, orgId }, async (w) => {
    // Before any row lock: the refresh below takes it anyway, and taking it first cannot deadlock.
    await lockNhiInventory(w, orgId);
    let targets: NhisTable[];
    if (id !== undefined) {
      targets = await findNhiRows(w.tx, orgId, id);
      if (targets.length === 0) throw notFound('non-human identity', id);
      if (targets.length > 1)
        throw new AppError('invalid_input', `${id} names several identities; give more of the id`);
    } else if (ids !== undefined) {
      targets = await resolveNhiKeys(w.tx, orgId, ids);
    } else {
      const matches = globMatcher(match ?? '');
      targets = (await listNhiRows(w.tx, orgId)).filter((r) => matches(r.name) || matches(r.external_id));
      if (targets.length === 0)
        throw new AppError('not_found', `no identity's name or external id matches ${match}`);
    }
    const now = nowIso();
    const events: NhiEventsTable[] = [];
    for (const r of targets) {
      if (r.owner_person_id === person.id && r.owner_source === 'assigned') continue;
      await updateNhiOwner(w.tx, orgId, r.id, {
        owner_person_id: person.id,
        owner_source: 'assigned',
        updated_at: now,
      });
      const details = {
        fromPersonId: r.owner_person_id,
        toPersonId: person.id,
        toEmail: person.email,
        reason: 'assigned',
      };
      events.push({
        id: newId(),
        org_id: orgId,
        nhi_id: r.id,
        import_id: null,
        type: 'owner-changed',
        at: now,
        details: canonicalJson(details),
        // A person's act: its own ledger entry above, in no import's or refresh's batch.
        batch_id: null,
        seq: null,
        hash: null,
      });
      w.record({ action: 'owner-changed', recordType: 'nhi', recordId: r.id, change: details });
    }
    await insertEvents(w.tx, events);
    const refresh = await refreshNhiInventory(w, orgId, {
      at: options.at ?? todayIso(),
      now,
      importId: null,
    });
    return {
      owner: { personId: person.id, email: person.email },
      matched: targets.length,
      changed: events.length,
      nhiIds: targets.map((t) => t.id),
      refresh,
    };
  });
}
