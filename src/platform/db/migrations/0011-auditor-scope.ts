import type { Kysely, Migration } from 'kysely';

/**
 * An auditor is scoped to one engagement (SPEC §9): the membership (and the
 * invitation that creates it) names that engagement. Null for every other
 * role; the member and invitation services require it for `auditor`.
 */
export const auditorScope: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('memberships')
      .addColumn('engagement_id', 'text', (c) => c.references('engagements.id'))
      .execute();
    await db.schema
      .alterTable('invitations')
      .addColumn('engagement_id', 'text', (c) => c.references('engagements.id'))
      .execute();
  },
};
