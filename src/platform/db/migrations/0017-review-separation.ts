import type { Kysely, Migration } from 'kysely';

/**
 * Separation of duties in evidence review (issue 14): an organization
 * setting, on by default, under which the person who uploaded a piece of
 * evidence may not accept it (docs/decisions/0019).
 */
export const reviewSeparation: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('organizations')
      .addColumn('separate_review', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
  },
};
