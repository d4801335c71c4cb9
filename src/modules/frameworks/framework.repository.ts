import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { CriterionRow, FrameworkSummary } from './framework.schema.js';

export type { CriterionRow, FrameworkSummary };

/** The installed catalog version per framework id. */
export async function installedCatalogVersions(db: Kysely<DB>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('frameworks').select(['id', 'catalog_version']).execute();
  return new Map(rows.map((r) => [r.id, r.catalog_version]));
}

/** Every installed framework with its number of criteria, in display order. */
export async function listFrameworks(db: Kysely<DB>, order: readonly string[]): Promise<FrameworkSummary[]> {
  const rows = await db
    .selectFrom('frameworks as f')
    .leftJoin('criteria as c', 'c.framework_id', 'f.id')
    .select((eb) => [
      'f.id',
      'f.name',
      'f.version',
      'f.publisher',
      'f.attribution',
      'f.url',
      'f.catalog_version',
      eb.fn.count<number | string>('c.code').as('criteria'),
    ])
    .groupBy(['f.id', 'f.name', 'f.version', 'f.publisher', 'f.attribution', 'f.url', 'f.catalog_version'])
    .execute();
  const rank = (id: string) => (order.indexOf(id) === -1 ? order.length : order.indexOf(id));
  return rows
    .map((r) => ({
      id: r.id,
      name: r.name,
      version: r.version,
      publisher: r.publisher,
      attribution: r.attribution,
      url: r.url,
      catalogVersion: r.catalog_version,
      // count(*) is a string on PostgreSQL and a number on SQLite.
      criteria: Number(r.criteria),
    }))
    .sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}

/** Every criterion of one framework in catalog order. */
export async function listCriteria(db: Kysely<DB>, frameworkId: string): Promise<CriterionRow[]> {
  const rows = await db
    .selectFrom('criteria as c')
    .innerJoin('criterion_groups as g', (j) =>
      j.onRef('g.framework_id', '=', 'c.framework_id').onRef('g.code', '=', 'c.group_code'),
    )
    .select([
      'c.framework_id',
      'c.code',
      'c.title',
      'c.description',
      'c.group_code',
      'g.title as group_title',
    ])
    .where('c.framework_id', '=', frameworkId)
    .orderBy('c.sort_order')
    .execute();
  return rows.map((r) => ({
    frameworkId: r.framework_id,
    code: r.code,
    title: r.title,
    description: r.description,
    groupCode: r.group_code,
    groupTitle: r.group_title,
  }));
}

/** Every criterion code per framework, for validating mappings. */
export async function criterionCodes(db: Kysely<DB>): Promise<Map<string, Set<string>>> {
  const rows = await db.selectFrom('criteria').select(['framework_id', 'code']).execute();
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = out.get(r.framework_id) ?? new Set<string>();
    out.set(r.framework_id, set);
    set.add(r.code);
  }
  return out;
}
