import type { Kysely } from 'kysely';
import { insertInBatches } from '../../platform/db/insert-batches.js';
import type { DB, FindingsTable } from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';
import { findingSourceKind, type StoredFinding } from './finding.schema.js';

/** Filters of the findings list. */
export interface FindingFilter {
  /** Only findings that touch the control with this code. */
  controlCode?: string;
}

/** The findings of an organization with their controls and criteria, open ones first, by due date. */
export async function listFindings(
  db: Kysely<DB>,
  orgId: string,
  filter: FindingFilter = {},
): Promise<StoredFinding[]> {
  const { controlCode } = filter;
  // The ids of the findings on one control, as a subquery every query below narrows itself with.
  const onControl = (code: string) =>
    db
      .selectFrom('finding_controls as fcf')
      .innerJoin('controls as cf', 'cf.id', 'fcf.control_id')
      .select('fcf.finding_id')
      .where('fcf.org_id', '=', orgId)
      .where('cf.code', '=', code);
  let rowsQuery = db
    .selectFrom('findings as f')
    .leftJoin('people as p', 'p.id', 'f.owner_id')
    .selectAll('f')
    .select('p.email as owner_email')
    .where('f.org_id', '=', orgId);
  let linksQuery = db
    .selectFrom('finding_controls as fc')
    .innerJoin('controls as c', 'c.id', 'fc.control_id')
    .select(['fc.finding_id', 'c.id', 'c.code'])
    .where('fc.org_id', '=', orgId);
  let criteriaQuery = db.selectFrom('finding_criteria').selectAll().where('org_id', '=', orgId);
  if (controlCode !== undefined) {
    rowsQuery = rowsQuery.where('f.id', 'in', onControl(controlCode));
    linksQuery = linksQuery.where('fc.finding_id', 'in', onControl(controlCode));
    criteriaQuery = criteriaQuery.where('finding_id', 'in', onControl(controlCode));
  }
  const rows = await rowsQuery.execute();
  const links = await linksQuery.execute();
  const criteria = await criteriaQuery.execute();
  const byFinding = new Map<string, StoredFinding>();
  for (const r of rows) {
    byFinding.set(r.id, {
      id: r.id,
      orgId: r.org_id,
      title: r.title,
      description: r.description,
      severity: r.severity as StoredFinding['severity'],
      source: r.source,
      sourceKind: findingSourceKind(r.source),
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
  db: WriteTx,
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
  await insertInBatches(
    db,
    'findings',
    findings.map((f) => f.row),
  );
  await insertInBatches(db, 'finding_controls', controls);
  await insertInBatches(db, 'finding_criteria', criteria);
}

/** Changes the severity, title, description, due date or owner of a finding. */
export async function updateFindingRow(
  db: WriteTx,
  orgId: string,
  id: string,
  fields: Partial<Pick<FindingsTable, 'severity' | 'title' | 'description' | 'due_on' | 'owner_id'>> & {
    updated_at: string;
  },
): Promise<void> {
  await db.updateTable('findings').set(fields).where('org_id', '=', orgId).where('id', '=', id).execute();
}

/** Marks a finding resolved. */
export async function resolveFindingRow(
  db: WriteTx,
  orgId: string,
  id: string,
  fields: { resolved_on: string; resolution: string | null; updated_at: string },
): Promise<void> {
  await db.updateTable('findings').set(fields).where('org_id', '=', orgId).where('id', '=', id).execute();
}
