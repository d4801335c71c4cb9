import type { Kysely } from 'kysely';
import type { DB, FindingsTable } from '../../platform/db/schema.js';
import type { StoredFinding } from './finding.schema.js';

const BATCH = 500;

/** The findings of an organization with their controls and criteria, open ones first, by due date. */
export async function listFindings(db: Kysely<DB>, orgId: string): Promise<StoredFinding[]> {
  const rows = await db
    .selectFrom('findings as f')
    .leftJoin('people as p', 'p.id', 'f.owner_id')
    .selectAll('f')
    .select('p.email as owner_email')
    .where('f.org_id', '=', orgId)
    .execute();
  const links = await db
    .selectFrom('finding_controls as fc')
    .innerJoin('controls as c', 'c.id', 'fc.control_id')
    .select(['fc.finding_id', 'c.id', 'c.code'])
    .where('fc.org_id', '=', orgId)
    .execute();
  const criteria = await db.selectFrom('finding_criteria').selectAll().where('org_id', '=', orgId).execute();
  const byFinding = new Map<string, StoredFinding>();
  for (const r of rows) {
    byFinding.set(r.id, {
      id: r.id,
      orgId: r.org_id,
      title: r.title,
      description: r.description,
      severity: r.severity as StoredFinding['severity'],
      source: r.source,
      ownerId: r.owner_id,
      ownerEmail: r.owner_email,
      dueOn: r.due_on,
      openedOn: r.opened_on,
      resolvedOn: r.resolved_on,
      resolution: r.resolution,
      controls: [],
      criteria: [],
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    });
  }
  for (const l of links) byFinding.get(l.finding_id)?.controls.push({ id: l.id, code: l.code });
  for (const c of criteria)
    byFinding.get(c.finding_id)?.criteria.push({ frameworkId: c.framework_id, code: c.criterion_code });
  return [...byFinding.values()].sort(
    (a, b) =>
      Number(a.resolvedOn !== null) - Number(b.resolvedOn !== null) ||
      (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') ||
      a.id.localeCompare(b.id),
  );
}

/** Inserts findings with their control and criterion links, in multi-row batches (rules raise many at once). */
export async function insertFindings(
  db: Kysely<DB>,
  findings: { row: FindingsTable; controlIds: string[]; criteria: { frameworkId: string; code: string }[] }[],
): Promise<void> {
  const controls = findings.flatMap((f) =>
    f.controlIds.map((id) => ({ finding_id: f.row.id, org_id: f.row.org_id, control_id: id })),
  );
  const criteria = findings.flatMap((f) =>
    f.criteria.map((c) => ({
      finding_id: f.row.id,
      org_id: f.row.org_id,
      framework_id: c.frameworkId,
      criterion_code: c.code,
    })),
  );
  for (let i = 0; i < findings.length; i += BATCH) {
    await db
      .insertInto('findings')
      .values(findings.slice(i, i + BATCH).map((f) => f.row))
      .execute();
  }
  for (let i = 0; i < controls.length; i += BATCH) {
    await db
      .insertInto('finding_controls')
      .values(controls.slice(i, i + BATCH))
      .execute();
  }
  for (let i = 0; i < criteria.length; i += BATCH) {
    await db
      .insertInto('finding_criteria')
      .values(criteria.slice(i, i + BATCH))
      .execute();
  }
}

/** Changes the severity, title or description of a finding. */
export async function updateFindingRow(
  db: Kysely<DB>,
  orgId: string,
  id: string,
  fields: Partial<Pick<FindingsTable, 'severity' | 'title' | 'description'>> & { updated_at: string },
): Promise<void> {
  await db.updateTable('findings').set(fields).where('org_id', '=', orgId).where('id', '=', id).execute();
}

/** Marks a finding resolved. */
export async function resolveFindingRow(
  db: Kysely<DB>,
  orgId: string,
  id: string,
  fields: { resolved_on: string; resolution: string | null; updated_at: string },
): Promise<void> {
  await db.updateTable('findings').set(fields).where('org_id', '=', orgId).where('id', '=', id).execute();
}
