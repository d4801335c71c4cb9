import type { Kysely } from 'kysely';
import type { ImportedCatalog } from '../../core/oscal/import-catalog.js';
import { insertInBatches } from '../../platform/db/insert-batches.js';
import type { DB } from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';

/** An installed framework's origin and versions. */
export interface FrameworkOrigin {
  id: string;
  source: string;
  version: string;
  oscalUuid: string | null;
  criteria: number;
}

/** Where an installed framework came from, or undefined when none has this id. */
export async function frameworkOrigin(db: Kysely<DB>, id: string): Promise<FrameworkOrigin | undefined> {
  const row = await db
    .selectFrom('frameworks')
    .select(['id', 'source', 'version', 'oscal_uuid'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const count = await db
    .selectFrom('criteria')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('framework_id', '=', id)
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    source: row.source,
    version: row.version,
    oscalUuid: row.oscal_uuid,
    criteria: Number(count.n),
  };
}

/** Replaces an imported framework's row, groups and criteria (its mappings, keyed by criterion code, stay). */
export async function replaceImportedFramework(
  db: WriteTx,
  id: string,
  catalog: ImportedCatalog,
  fields: { url: string; installedAt: string },
): Promise<void> {
  await db.deleteFrom('criteria').where('framework_id', '=', id).execute();
  await db.deleteFrom('criterion_groups').where('framework_id', '=', id).execute();
  await db.deleteFrom('frameworks').where('id', '=', id).execute();
  await db
    .insertInto('frameworks')
    .values({
      id,
      name: catalog.title,
      version: catalog.version,
      publisher: catalog.publisher,
      attribution: `Imported from an OSCAL ${catalog.oscalVersion} catalog`,
      url: fields.url,
      catalog_version: catalog.version,
      installed_at: fields.installedAt,
      source: 'oscal',
      oscal_uuid: catalog.uuid,
    })
    .execute();
  await insertInBatches(
    db,
    'criterion_groups',
    catalog.groups.map((g, i) => ({
      framework_id: id,
      code: g.code,
      title: g.title,
      parent_code: g.parent,
      description: g.description,
      sort_order: i,
    })),
  );
  await insertInBatches(
    db,
    'criteria',
    catalog.criteria.map((c, i) => ({
      framework_id: id,
      code: c.code,
      group_code: c.group,
      title: c.title,
      description: c.description,
      sort_order: i,
      parent_code: c.parent,
    })),
  );
}

/** Mappings (any organization) to criteria of a framework that it no longer has, as (control id, code) pairs. */
export async function danglingMappings(
  db: Kysely<DB>,
  frameworkId: string,
): Promise<{ orgId: string; controlId: string; code: string }[]> {
  const rows = await db
    .selectFrom('control_mappings as m')
    .leftJoin('criteria as c', (j) =>
      j.onRef('c.framework_id', '=', 'm.framework_id').onRef('c.code', '=', 'm.criterion_code'),
    )
    .select(['m.org_id', 'm.control_id', 'm.criterion_code'])
    .where('m.framework_id', '=', frameworkId)
    .where('c.code', 'is', null)
    .orderBy('m.control_id')
    .orderBy('m.criterion_code')
    .execute();
  return rows.map((r) => ({ orgId: r.org_id, controlId: r.control_id, code: r.criterion_code }));
}

/** How many mappings (any organization) point at a framework. */
export async function countMappings(db: Kysely<DB>, frameworkId: string): Promise<number> {
  const row = await db
    .selectFrom('control_mappings')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('framework_id', '=', frameworkId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The criterion codes of one framework. */
export async function criterionCodesOf(db: Kysely<DB>, frameworkId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('criteria')
    .select('code')
    .where('framework_id', '=', frameworkId)
    .execute();
  return new Set(rows.map((r) => r.code));
}

/** A control's criterion codes in one framework. */
export async function controlCriteria(
  db: Kysely<DB>,
  orgId: string,
  controlId: string,
  frameworkId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('control_mappings')
    .select('criterion_code')
    .where('org_id', '=', orgId)
    .where('control_id', '=', controlId)
    .where('framework_id', '=', frameworkId)
    .orderBy('criterion_code')
    .execute();
  return rows.map((r) => r.criterion_code);
}

/** Replaces a control's mappings to one framework (its other frameworks' mappings stay). */
export async function replaceControlCriteria(
  db: WriteTx,
  orgId: string,
  controlId: string,
  frameworkId: string,
  codes: readonly string[],
): Promise<void> {
  await db
    .deleteFrom('control_mappings')
    .where('org_id', '=', orgId)
    .where('control_id', '=', controlId)
    .where('framework_id', '=', frameworkId)
    .execute();
  await insertInBatches(
    db,
    'control_mappings',
    codes.map((code) => ({
      org_id: orgId,
      control_id: controlId,
      framework_id: frameworkId,
      criterion_code: code,
    })),
  );
}

/** The head of a ledger chain (the organization's id, or `installation`), or null before its first entry. */
export async function ledgerHead(
  db: Kysely<DB>,
  chain: string,
): Promise<{ seq: number; hash: string } | null> {
  const row = await db
    .selectFrom('ledger_heads')
    .select(['seq', 'hash'])
    .where('chain', '=', chain)
    .executeTakeFirst();
  return row ? { seq: Number(row.seq), hash: row.hash } : null;
}
