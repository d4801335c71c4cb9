import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';
import type { ActivityEntry } from '../activity/activity.schema.js';

/** Links a finding to the engagement whose auditor raised it. */
export async function insertAuditFinding(
  db: WriteTx,
  row: { finding_id: string; org_id: string; engagement_id: string },
): Promise<void> {
  await db.insertInto('audit_findings').values(row).execute();
}

/** The ids of the findings raised by the auditors of an engagement. */
export async function auditFindingIds(
  db: Kysely<DB>,
  orgId: string,
  engagementId: string,
): Promise<Set<string>> {
  const rows = await db
    .selectFrom('audit_findings')
    .select('finding_id')
    .where('org_id', '=', orgId)
    .where('engagement_id', '=', engagementId)
    .execute();
  return new Set(rows.map((r) => r.finding_id));
}

/**
 * One page of the engagement's activity, newest first: the entries whose
 * record is the engagement itself (or its sample sizes), one of its samples, or a finding its
 * auditors raised (docs/decisions/0022). Nothing else of the organization's
 * chain is read.
 */
export async function pageEngagementActivity(
  db: Kysely<DB>,
  orgId: string,
  engagementId: string,
  page: { before?: number | undefined; limit: number },
): Promise<ActivityEntry[]> {
  let q = db
    .selectFrom('activity')
    .selectAll()
    .where('chain', '=', orgId)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('record_type', 'in', ['engagement', 'audit-sample-sizes']),
          eb('record_id', '=', engagementId),
        ]),
        eb.and([
          eb('record_type', '=', 'audit-sample'),
          eb(
            'record_id',
            'in',
            eb
              .selectFrom('audit_samples')
              .select('id')
              .where('org_id', '=', orgId)
              .where('engagement_id', '=', engagementId),
          ),
        ]),
        eb.and([
          eb('record_type', '=', 'audit-request'),
          eb(
            'record_id',
            'in',
            eb
              .selectFrom('audit_requests')
              .select('id')
              .where('org_id', '=', orgId)
              .where('engagement_id', '=', engagementId),
          ),
        ]),
        eb.and([
          eb('record_type', '=', 'finding'),
          eb(
            'record_id',
            'in',
            eb
              .selectFrom('audit_findings')
              .select('finding_id')
              .where('org_id', '=', orgId)
              .where('engagement_id', '=', engagementId),
          ),
        ]),
      ]),
    );
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
