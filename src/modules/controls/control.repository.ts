import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import type {
  Cadence,
  CollectionMethod,
  ControlStatus,
  FrameworkId,
  SourceType,
} from '../../core/vocabulary.js';
import { chunks } from '../../platform/db/chunks.js';
import type { Dialect } from '../../platform/db/database.js';
import { insertInBatches } from '../../platform/db/insert-batches.js';
import { containsIgnoringCase } from '../../platform/db/like.js';
import type { ControlsTable, DB, EvidenceRequirementsTable } from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';
import {
  type controlSchema,
  emptyMappings,
  type evidenceRequirementSchema,
  type Mappings,
  type PersonRef,
} from './control.schema.js';

/** A stored control: the API's fields, its organization and its owners' ids. */
export type Control = z.infer<typeof controlSchema> & {
  orgId: string;
  ownerId: string | null;
  backupOwnerId: string | null;
};

/** A stored evidence requirement: the API's fields, its organization, control and times. */
export type EvidenceRequirement = z.infer<typeof evidenceRequirementSchema> & {
  orgId: string;
  controlId: string;
  createdAt: string;
  updatedAt: string;
};

export type { PersonRef };

/** A control with its people, requirements and crosswalk. */
export type ControlDetail = Control & {
  owner: PersonRef | null;
  backupOwner: PersonRef | null;
  requirements: EvidenceRequirement[];
  mappings: Mappings;
};

/** Filters for listing controls. */
export interface ControlFilter {
  ownerId?: string;
  unowned?: boolean;
  /** Controls that need an owner: none, or one who is no longer active (departed). */
  needsOwner?: boolean;
  codes?: string[];
  status?: ControlStatus;
  /** Case-insensitive substring of the code or the title. */
  search?: string;
}

function toControl(r: Omit<ControlsTable, 'org_id'>, orgId: string): Control {
  return {
    id: r.id,
    orgId,
    code: r.code,
    title: r.title,
    description: r.description,
    ownerId: r.owner_id,
    backupOwnerId: r.backup_owner_id,
    sourceOfTruth: r.source_of_truth,
    cadence: r.cadence as Cadence,
    status: r.status as ControlStatus,
    naJustification: r.na_justification,
    suggestedOwnerRole: r.suggested_owner_role,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The row for a control. */
export function toControlRow(c: Control): ControlsTable {
  return {
    id: c.id,
    org_id: c.orgId,
    code: c.code,
    title: c.title,
    description: c.description,
    owner_id: c.ownerId,
    backup_owner_id: c.backupOwnerId,
    source_of_truth: c.sourceOfTruth,
    cadence: c.cadence,
    status: c.status,
    na_justification: c.naJustification,
    suggested_owner_role: c.suggestedOwnerRole,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

function toRequirement(r: EvidenceRequirementsTable): EvidenceRequirement {
  return {
    id: r.id,
    orgId: r.org_id,
    controlId: r.control_id,
    code: r.code,
    artifact: r.artifact,
    cadence: r.cadence as Cadence,
    sourceType: r.source_type as SourceType,
    collection: r.collection as CollectionMethod,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The row for an evidence requirement. */
export function toRequirementRow(r: EvidenceRequirement): EvidenceRequirementsTable {
  return {
    id: r.id,
    org_id: r.orgId,
    control_id: r.controlId,
    code: r.code,
    artifact: r.artifact,
    cadence: r.cadence,
    source_type: r.sourceType,
    collection: r.collection,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

// One collator for every comparison: `localeCompare` with options builds a new one per call (~10 µs each).
const CODE_COLLATOR = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Orders control and requirement codes the way people read them (`AC-2` before `AC-10`). */
export function compareCodes(a: string, b: string): number {
  return CODE_COLLATOR.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

function filteredControls(db: Kysely<DB>, orgId: string, filter: ControlFilter) {
  let q = db.selectFrom('controls').where('controls.org_id', '=', orgId);
  if (filter.ownerId) q = q.where('controls.owner_id', '=', filter.ownerId);
  if (filter.unowned) q = q.where('controls.owner_id', 'is', null);
  if (filter.needsOwner)
    q = q.where((eb) =>
      eb.or([
        eb('controls.owner_id', 'is', null),
        eb(
          'controls.owner_id',
          'in',
          db
            .selectFrom('people')
            .select('people.id')
            .where('people.org_id', '=', orgId)
            .where('people.status', '!=', 'active'),
        ),
      ]),
    );
  if (filter.codes) q = q.where('controls.code', 'in', filter.codes.length ? filter.codes : ['']);
  if (filter.status) q = q.where('controls.status', '=', filter.status);
  if (filter.search) {
    const search = filter.search;
    q = q.where((eb) =>
      eb.or([containsIgnoringCase('controls.code', search), containsIgnoringCase('controls.title', search)]),
    );
  }
  return q;
}

/** The controls of an organization (without details), ordered by code. */
export async function listControls(
  db: Kysely<DB>,
  orgId: string,
  filter: ControlFilter = {},
): Promise<Control[]> {
  const rows = await filteredControls(db, orgId, filter).selectAll('controls').execute();
  return rows.map((r) => toControl(r, r.org_id)).sort((a, b) => compareCodes(a.code, b.code));
}

/** A control with its owner and backup owner, as lists show it. */
export type ControlSummary = Control & {
  owner: PersonRef | null;
  backupOwner: PersonRef | null;
};

/**
 * One page of an organization's controls, in one query on the controls
 * alone, in byte order of the code after the code `after`. The order is the
 * engines' common one: SQLite compares text bytewise, and PostgreSQL is told
 * to (`COLLATE "C"`) because its default collation depends on the server's
 * locale; the only dialect difference of this repository, kept here. Owners
 * are not joined: the list takes them from the roster it caches per version
 * of the records (joining two people rows per control doubled the query).
 */
export async function pageControls(
  db: Kysely<DB>,
  dialect: Dialect,
  orgId: string,
  filter: ControlFilter,
  page: { after?: string | undefined; limit: number },
): Promise<Control[]> {
  const code = dialect === 'postgres' ? sql<string>`controls.code collate "C"` : sql<string>`controls.code`;
  // Every column but org_id, which the caller named: one string fewer per row to read and allocate.
  let q = filteredControls(db, orgId, filter).select([
    'controls.id',
    'controls.code',
    'controls.title',
    'controls.description',
    'controls.owner_id',
    'controls.backup_owner_id',
    'controls.source_of_truth',
    'controls.cadence',
    'controls.status',
    'controls.na_justification',
    'controls.suggested_owner_role',
    'controls.created_at',
    'controls.updated_at',
  ]);
  if (page.after !== undefined) q = q.where(code, '>', page.after);
  return (await q.orderBy(code).limit(page.limit).execute()).map((r) => toControl(r, orgId));
}

/** The controls of an organization with people, requirements and mappings, in three queries. */
/** Up to this many controls, their details are read by id; more read the whole organization. */
const NARROW_READ_MAX = 200;

export async function listControlDetails(
  db: Kysely<DB>,
  orgId: string,
  filter: ControlFilter = {},
): Promise<ControlDetail[]> {
  const controls = await listControls(db, orgId, filter);
  if (controls.length === 0) return [];
  // A few controls (one control's page, an upload naming its control) read only their own rows; a whole
  // organization reads everything of the organization once rather than naming a thousand ids.
  const ids = controls.length <= NARROW_READ_MAX ? controls.map((c) => c.id) : undefined;
  const ownerIds = ids && [
    ...new Set(controls.flatMap((c) => [c.ownerId, c.backupOwnerId]).filter((id): id is string => !!id)),
  ];
  const people =
    ownerIds?.length === 0
      ? []
      : await db
          .selectFrom('people')
          .select(['id', 'email', 'name', 'status'])
          .where('org_id', '=', orgId)
          .$if(!!ownerIds, (q) => q.where('id', 'in', ownerIds!))
          .execute();
  const byId = new Map(people.map((p) => [p.id, p]));
  const wanted = new Set(controls.map((c) => c.id));
  const requirements = (
    await db
      .selectFrom('evidence_requirements')
      .selectAll()
      .where('org_id', '=', orgId)
      .$if(!!ids, (q) => q.where('control_id', 'in', ids!))
      .execute()
  ).filter((r) => wanted.has(r.control_id));
  const mappings = (
    await db
      .selectFrom('control_mappings as m')
      .innerJoin('criteria as c', (j) =>
        j.onRef('c.framework_id', '=', 'm.framework_id').onRef('c.code', '=', 'm.criterion_code'),
      )
      .select(['m.control_id', 'm.framework_id', 'm.criterion_code', 'c.sort_order'])
      .where('m.org_id', '=', orgId)
      .$if(!!ids, (q) => q.where('m.control_id', 'in', ids!))
      .orderBy('c.sort_order')
      .execute()
  ).filter((m) => wanted.has(m.control_id));
  const details = new Map<string, ControlDetail>(
    controls.map((c) => [
      c.id,
      {
        ...c,
        owner: (c.ownerId && byId.get(c.ownerId)) || null,
        backupOwner: (c.backupOwnerId && byId.get(c.backupOwnerId)) || null,
        requirements: [],
        mappings: emptyMappings(),
      },
    ]),
  );
  for (const r of requirements) details.get(r.control_id)!.requirements.push(toRequirement(r));
  for (const d of details.values()) d.requirements.sort((a, b) => compareCodes(a.code, b.code));
  for (const m of mappings)
    details.get(m.control_id)!.mappings[m.framework_id as FrameworkId]?.push(m.criterion_code);
  return controls.map((c) => details.get(c.id)!);
}

/** A control's crosswalk as a list shows it, with the SOC 2 categories its criteria belong to. */
export interface ControlCrosswalk {
  mappings: Mappings;
  /** SOC 2 groups (CC1…CC9, A1, C1, PI1, P1–P8) of the mapped SOC 2 criteria, in catalog order. */
  categories: string[];
}

/**
 * The crosswalk of the given controls (every control of the organization
 * when `controlIds` is omitted; a control without mappings is then absent)
 * in one query, criteria in catalog order.
 */
export async function listCrosswalks(
  db: Kysely<DB>,
  orgId: string,
  controlIds?: string[],
): Promise<Map<string, ControlCrosswalk>> {
  const out = new Map<string, ControlCrosswalk>(
    (controlIds ?? []).map((id) => [id, { mappings: emptyMappings(), categories: [] }]),
  );
  if (controlIds?.length === 0) return out;
  const rows = await db
    .selectFrom('control_mappings as m')
    .innerJoin('criteria as c', (j) =>
      j.onRef('c.framework_id', '=', 'm.framework_id').onRef('c.code', '=', 'm.criterion_code'),
    )
    .select(['m.control_id', 'm.framework_id', 'm.criterion_code', 'c.group_code'])
    .where('m.org_id', '=', orgId)
    .$if(controlIds !== undefined, (q) => q.where('m.control_id', 'in', controlIds!))
    .orderBy('c.sort_order')
    .execute();
  for (const r of rows) {
    let entry = out.get(r.control_id);
    if (!entry && controlIds === undefined) {
      entry = { mappings: emptyMappings(), categories: [] };
      out.set(r.control_id, entry);
    }
    if (!entry) continue;
    entry.mappings[r.framework_id as FrameworkId]?.push(r.criterion_code);
    if (r.framework_id === 'soc2' && !entry.categories.includes(r.group_code))
      entry.categories.push(r.group_code);
  }
  return out;
}

/** Inserts controls in batches. */
export async function insertControls(db: WriteTx, controls: Control[]): Promise<void> {
  await insertInBatches(db, 'controls', controls.map(toControlRow));
}

/** Replaces the mutable fields of one control. */
export async function updateControl(db: WriteTx, c: Control): Promise<void> {
  const { id: _id, org_id: _o, created_at: _c, ...fields } = toControlRow(c);
  await db.updateTable('controls').set(fields).where('org_id', '=', c.orgId).where('id', '=', c.id).execute();
}

/** Replaces the crosswalk of one control for the frameworks its mappings name (the shipped ones). */
export async function replaceMappings(db: WriteTx, orgId: string, controlId: string, mappings: Mappings) {
  // Only the frameworks the mappings name: mappings to imported (OSCAL) frameworks stay.
  await db
    .deleteFrom('control_mappings')
    .where('org_id', '=', orgId)
    .where('control_id', '=', controlId)
    .where('framework_id', 'in', Object.keys(mappings))
    .execute();
  const rows = Object.entries(mappings).flatMap(([frameworkId, codes]) =>
    codes.map((code) => ({
      org_id: orgId,
      control_id: controlId,
      framework_id: frameworkId,
      criterion_code: code,
    })),
  );
  await insertInBatches(db, 'control_mappings', rows);
}

/** Inserts evidence requirements in batches. */
export async function insertRequirements(db: WriteTx, requirements: EvidenceRequirement[]): Promise<void> {
  await insertInBatches(db, 'evidence_requirements', requirements.map(toRequirementRow));
}

/** Replaces the mutable fields of one evidence requirement. */
export async function updateRequirement(db: WriteTx, r: EvidenceRequirement): Promise<void> {
  const { id: _id, org_id: _o, created_at: _c, control_id: _ctl, ...fields } = toRequirementRow(r);
  await db
    .updateTable('evidence_requirements')
    .set(fields)
    .where('org_id', '=', r.orgId)
    .where('id', '=', r.id)
    .execute();
}

/** Deletes evidence requirements by id. */
export async function deleteRequirements(db: WriteTx, orgId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('evidence_requirements').where('org_id', '=', orgId).where('id', 'in', ids).execute();
}

/** Of the given requirements, those evidence refers to, with how many pieces each (never orphan evidence). */
export async function requirementsWithEvidence(
  db: Kysely<DB>,
  orgId: string,
  ids: string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const slice of chunks(ids)) {
    const rows = await db
      .selectFrom('evidence')
      .select(({ fn }) => ['requirement_id', fn.countAll<string | number>().as('n')])
      .where('org_id', '=', orgId)
      .where('requirement_id', 'in', slice)
      .groupBy('requirement_id')
      .execute();
    for (const r of rows) out.set(r.requirement_id, Number(r.n));
  }
  return out;
}

/** The requirement codes of an organization with their control, to keep codes unique across controls. */
export async function requirementOwners(db: Kysely<DB>, orgId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('evidence_requirements')
    .select(['code', 'control_id'])
    .where('org_id', '=', orgId)
    .execute();
  return new Map(rows.map((r) => [r.code, r.control_id]));
}

/** Deletes a control with its mappings and requirements (fails on a foreign key if anything else refers to it). */
export async function removeControl(db: WriteTx, orgId: string, id: string): Promise<void> {
  await db.deleteFrom('control_mappings').where('org_id', '=', orgId).where('control_id', '=', id).execute();
  await db
    .deleteFrom('evidence_requirements')
    .where('org_id', '=', orgId)
    .where('control_id', '=', id)
    .execute();
  await db.deleteFrom('controls').where('org_id', '=', orgId).where('id', '=', id).execute();
}
