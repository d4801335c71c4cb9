import type { Kysely, Migration } from 'kysely';

/**
 * Frameworks imported from OSCAL catalogs (docs/decisions/0017): a
 * framework says where it came from (`shipped` or `oscal`) and, for an
 * imported one, the catalog's UUID; a criterion may have a parent criterion
 * (an OSCAL control enhancement under its control).
 */
export const importedFrameworks: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('frameworks')
      .addColumn('source', 'text', (c) => c.notNull().defaultTo('shipped'))
      .execute();
    await db.schema.alterTable('frameworks').addColumn('oscal_uuid', 'text').execute();
    await db.schema.alterTable('criteria').addColumn('parent_code', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('criteria').dropColumn('parent_code').execute();
    await db.schema.alterTable('frameworks').dropColumn('oscal_uuid').execute();
    await db.schema.alterTable('frameworks').dropColumn('source').execute();
  },
};
