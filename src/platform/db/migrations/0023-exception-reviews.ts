import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Exception reviews (issue 23, docs/decisions/0030): each exception has a
 * review cadence (existing ones take the default of their risk: high and
 * critical monthly, medium quarterly, low semiannual) and review records
 * (reviewer, date, decision, note, optional new expiry).
 */
export const exceptionReviews: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('exceptions').addColumn('review_cadence', 'text').execute();
    await sql`update exceptions set review_cadence = case risk_rating
      when 'low' then 'semiannual' when 'medium' then 'quarterly' else 'monthly' end`.execute(db);
    await db.schema
      .createTable('exception_reviews')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('exception_id', 'text', (c) => c.notNull().references('exceptions.id'))
      .addColumn('reviewer_id', 'text', (c) => c.notNull().references('people.id'))
      .addColumn('reviewed_on', 'text', (c) => c.notNull())
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('new_expires_on', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('exception_reviews_exception')
      .on('exception_reviews')
      .columns(['org_id', 'exception_id', 'reviewed_on'])
      .execute();
  },
};
