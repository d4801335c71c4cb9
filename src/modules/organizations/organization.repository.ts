import type { Kysely, Selectable } from 'kysely';
import type { DB, OrganizationsTable } from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';
import type { Organization } from './organization.schema.js';

export type { Organization };

function toOrganization(row: Selectable<OrganizationsTable>): Organization {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    createdAt: row.created_at,
    separateReview: row.separate_review !== 0,
  };
}

/** Inserts one organization row. */
export async function insertOrganization(db: WriteTx, org: Organization): Promise<void> {
  await db
    .insertInto('organizations')
    .values({
      id: org.id,
      name: org.name,
      slug: org.slug,
      created_at: org.createdAt,
      separate_review: org.separateReview ? 1 : 0,
    })
    .execute();
}

/** Every organization of the installation, oldest first. */
export async function listOrganizations(db: Kysely<DB>): Promise<Organization[]> {
  const rows = await db.selectFrom('organizations').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(toOrganization);
}

/** One organization by id or slug. */
export async function findOrganization(db: Kysely<DB>, idOrSlug: string): Promise<Organization | undefined> {
  const row = await db
    .selectFrom('organizations')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
    .executeTakeFirst();
  return row ? toOrganization(row) : undefined;
}

/** Changes an organization's name and settings (its slug, used in URLs and scripts, stays). */
export async function updateOrganizationSettings(
  db: WriteTx,
  id: string,
  settings: Pick<Organization, 'name' | 'separateReview'>,
): Promise<void> {
  await db
    .updateTable('organizations')
    .set({ name: settings.name, separate_review: settings.separateReview ? 1 : 0 })
    .where('id', '=', id)
    .execute();
}
