import type { Kysely, Migration } from 'kysely';

/**
 * One ledger entry per NHI import or inventory refresh (issue 20,
 * docs/decisions/0032): every lifecycle event it writes carries the batch
 * (the import's or refresh's id), its position in the batch and its own
 * content hash; every other change it makes (a finding opened, resolved or
 * re-rated, a leak link, a workload link) is one row of `nhi_changes`, the
 * same way. The batch's ledger entry holds the count and the RFC 6962
 * Merkle root of each list. Events written before carry none of these and
 * keep their own ledger entries.
 */
export const nhiImportRoots: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('nhi_events').addColumn('batch_id', 'text').execute();
    await db.schema.alterTable('nhi_events').addColumn('seq', 'integer').execute();
    await db.schema.alterTable('nhi_events').addColumn('hash', 'text').execute();
    await db.schema
      .createIndex('nhi_events_batch')
      .on('nhi_events')
      .columns(['batch_id', 'seq'])
      .unique()
      .execute();

    await db.schema
      .createTable('nhi_changes')
      .addColumn('batch_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('record_type', 'text', (c) => c.notNull())
      .addColumn('record_id', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('change', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('nhi_changes_pk', ['batch_id', 'seq'])
      .execute();
  },
};
