import type { Kysely, Migration } from 'kysely';

/**
 * The record of each organization's last evaluation of its NHI inventory
 * (issue 20 item 5, docs/decisions/0035): the date T it judged at, the
 * ledger heads it saw, and digests of what a re-import must find unchanged
 * (the identities' families, the identities every batch reads, the
 * thresholds, the rules). A re-import whose only change since is its own
 * families re-evaluates those and the identities whose dates cross a rule's
 * threshold between the two dates, not the whole inventory. No row: the
 * next evaluation is a whole one, as before; nothing to backfill.
 */
export const nhiEvaluations: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('nhi_evaluations')
      // Idempotent, as a test that re-applies the migrations from 0029 on needs (rule-links.int.test.ts).
      .ifNotExists()
      .addColumn('org_id', 'text', (c) => c.primaryKey().references('organizations.id'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('org_seq', 'integer', (c) => c.notNull())
      .addColumn('installation_seq', 'integer', (c) => c.notNull())
      .addColumn('batch_id', 'text', (c) => c.notNull())
      .addColumn('families_digest', 'text', (c) => c.notNull())
      .addColumn('shared_digest', 'text', (c) => c.notNull())
      .addColumn('thresholds', 'text', (c) => c.notNull())
      .addColumn('rules_version', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('nhi_evaluations').execute();
  },
};
