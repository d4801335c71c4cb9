import type { Kysely, Migration } from 'kysely';

/**
 * Indexes for three reads of the NHI inventory that sorted or scanned a whole
 * organization's rows each time (docs/decisions/0035, 0016). SQLite's
 * planner, with no statistics, took the organization's equality on an index
 * that does not serve the rest of the query:
 * - the inventory's pages in their order (provider, kind, name, id): each
 *   page sorted every identity before taking its 50 (85 ms a page at
 *   100,000 identities, 0.7 ms with the index);
 * - an evaluation's scan of the identities by id, 5,000 at a time: each page
 *   sorted the whole inventory (210 ms a page at 200,000 identities, 19 ms);
 * - the observations of a batch of identities: a scan of every observation
 *   of the organization (240 ms for 1,000 identities, 9 ms).
 */
export const nhiReadIndexes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('nhis_list_order')
      .ifNotExists()
      .on('nhis')
      .columns(['org_id', 'provider', 'kind', 'name', 'id'])
      .execute();
    await db.schema.createIndex('nhis_org_id').ifNotExists().on('nhis').columns(['org_id', 'id']).execute();
    await db.schema
      .createIndex('nhi_observations_nhi')
      .ifNotExists()
      .on('nhi_observations')
      .columns(['org_id', 'nhi_id'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('nhi_observations_nhi').execute();
    await db.schema.dropIndex('nhis_org_id').execute();
    await db.schema.dropIndex('nhis_list_order').execute();
  },
};
