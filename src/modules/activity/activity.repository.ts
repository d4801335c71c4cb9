import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { ActivityEntry } from './activity.schema.js';

export type { ActivityEntry };

/** Filters of the activity log. */
export interface ActivityFilter {
  recordType?: string | undefined;
  recordId?: string | undefined;
  /** The actor's id or label (a user's e-mail, `token:<prefix>`). */
  actor?: string | undefined;
  /** The action (`create`, `approve`, `resolve`, …). */
  action?: string | undefined;
  /** Entries written at or after this instant (ISO timestamp, inclusive). */
  since?: string | undefined;
  /** Entries written before this instant (ISO timestamp, exclusive). */
  until?: string | undefined;
}

/** One page of an organization's chain, newest first, before sequence number `before`. */
export async function pageActivity(
  db: Kysely<DB>,
  orgId: string,
  filter: ActivityFilter,
  page: { before?: number | undefined; limit: number },
): Promise<ActivityEntry[]> {
  let q = db.selectFrom('activity').selectAll().where('chain', '=', orgId);
  if (filter.recordType) q = q.where('record_type', '=', filter.recordType);
  if (filter.recordId) q = q.where('record_id', '=', filter.recordId);
  const actor = filter.actor;
  if (actor) q = q.where((eb) => eb.or([eb('actor_id', '=', actor), eb('actor_label', '=', actor)]));
  if (filter.action) q = q.where('action', '=', filter.action);
  // `at` is an ISO timestamp in UTC: string order is time order on both engines.
  if (filter.since) q = q.where('at', '>=', filter.since);
  if (filter.until) q = q.where('at', '<', filter.until);
  if (page.before !== undefined) q = q.where('seq', '<', page.before);
  const rows = await q.orderBy('seq', 'desc').limit(page.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    seq: Number(r.seq),
    at: r.at,
    actor: { type: r.actor_type, id: r.actor_id, label: r.actor_label },
    action: r.action,
    recordType: r.record_type,
    recordId: r.record_id,
    change: JSON.parse(r.change) as unknown,
    hash: r.hash,
  }));
}
