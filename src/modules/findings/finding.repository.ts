import type { Kysely } from 'kysely';
import {
  RULE_LINK_MAP,
  ruleKeysOnControl,
  ruleKeysOnCriterion,
  ruleLinkControlCodes,
  ruleLinksOf,
} from '../../catalogs/rule-links.js';
import { insertInBatches } from '../../platform/db/insert-batches.js';
import type { DB, FindingsTable } from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';
import { findingSourceKind, type StoredFinding } from './finding.schema.js';

/** Filters of the findings list. */
export interface FindingFilter {
  /** Only findings that touch the control with this code. */
  controlCode?: string;
  /** Only findings tagged with this criterion. */
  criterion?: { frameworkId: string; code: string };
}

/**
 * The findings of an organization with their controls and criteria, open ones first, by due date.
 * A rule finding's controls and criteria come from the rule link map (src/catalogs/rule-links.ts,
 * its controls resolved by code among the organization's), every other finding's from its link rows.
 */
export async function listFindings(
  db: Kysely<DB>,
  orgId: string,
  filter: FindingFilter = {},
): Promise<StoredFinding[]> {
  const { controlCode, criterion } = filter;
  // The ids of the findings linked by rows to one control or criterion: subqueries every query below narrows itself with.
  const onControl = (code: string) =>
    db
      .selectFrom('finding_controls as fcf')
      .innerJoin('controls as cf', 'cf.id', 'fcf.control_id')
      .select('fcf.finding_id')
      .where('fcf.org_id', '=', orgId)
      .where('cf.code', '=', code);
  const onCriterion = (c: { frameworkId: string; code: string }) =>
    db
      .selectFrom('finding_criteria as fkf')
      .select('fkf.finding_id')
      .where('fkf.org_id', '=', orgId)
      .where('fkf.framework_id', '=', c.frameworkId)
      .where('fkf.criterion_code', '=', c.code);
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
  // A filter selects the findings its link rows name, and the rule findings whose rule key the map links to it.
  const narrow = (linked: ReturnType<typeof onControl> | ReturnType<typeof onCriterion>, keys: string[]) => {
    rowsQuery = rowsQuery.where((eb) =>
      keys.length === 0
        ? eb('f.id', 'in', linked)
        : eb.or([eb('f.id', 'in', linked), eb('f.rule_key', 'in', keys)]),
    );
    linksQuery = linksQuery.where('fc.finding_id', 'in', linked);
    criteriaQuery = criteriaQuery.where('finding_id', 'in', linked);
  };
  if (controlCode !== undefined) narrow(onControl(controlCode), ruleKeysOnControl(controlCode));
  if (criterion !== undefined)
    narrow(onCriterion(criterion), ruleKeysOnCriterion(criterion.frameworkId, criterion.code));
  const rows = await rowsQuery.execute();
  const links = await linksQuery.execute();
  const criteria = await criteriaQuery.execute();
  const mapped = rows.some((r) => r.rule_key != null)
    ? await db
        .selectFrom('controls')
        .select(['id', 'code'])
        .where('org_id', '=', orgId)
        .where('code', 'in', ruleLinkControlCodes(RULE_LINK_MAP))
        .execute()
    : [];
  const controlOfCode = new Map(mapped.map((c) => [c.code, c.id]));
  const byFinding = new Map<string, StoredFinding>();
  for (const r of rows) {
    const ruleLinks = r.rule_key != null ? ruleLinksOf(r.rule_key) : undefined;
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
      controls: (ruleLinks?.controls ?? []).flatMap((code) => {
        const id = controlOfCode.get(code);
        return id === undefined ? [] : [{ id, code }];
      }),
      criteria: (ruleLinks?.criteria ?? []).map((c) => ({ frameworkId: c.frameworkId, code: c.code })),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    });
  }
  for (const l of links) byFinding.get(l.finding_id)?.controls.push({ id: l.id, code: l.code });
  for (const c of criteria)
    byFinding.get(c.finding_id)?.criteria.push({ frameworkId: c.framework_id, code: c.criterion_code });
  // A rule finding on a control the organization does not have (deleted, never installed) is not on it.
  const found = [...byFinding.values()];
  const kept =
    controlCode === undefined ? found : found.filter((f) => f.controls.some((c) => c.code === controlCode));
  return kept.sort(
    (a, b) =>
      Number(a.resolvedOn !== null) - Number(b.resolvedOn !== null) ||
      (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') ||
      a.id.localeCompare(b.id),
  );
}

/** A finding to insert: its row, and either its rule key (rule findings) or its own control and criterion links. */
export interface NewFinding {
  row: FindingsTable;
  /** The finding's key in the rule link map: its controls and criteria come from there, no link rows written. */
  ruleKey?: string | undefined;
  controlIds: string[];
  criteria: { frameworkId: string; code: string }[];
}

/**
 * Inserts findings in multi-row batches (rules raise many at once): a rule
 * finding with its rule key, linked through the map; any other with its
 * control and criterion link rows.
 */
export async function insertFindings(db: WriteTx, items: NewFinding[]): Promise<void> {
  const findings = items.filter((f) => f.ruleKey === undefined);
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
    items.map((f) => ({ ...f.row, rule_key: f.ruleKey ?? null })),
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
