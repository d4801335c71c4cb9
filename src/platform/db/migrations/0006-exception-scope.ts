import type { Kysely, Migration } from 'kysely';

/**
 * An exception names what it excepts (issue 11, docs/decisions/0008): one
 * evidence requirement, one finding, or, neither named, the whole control.
 * Existing exceptions keep excepting their whole control.
 */
export const exceptionScope: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('exceptions')
      .addColumn('requirement_id', 'text', (c) => c.references('evidence_requirements.id'))
      .execute();
    await db.schema
      .alterTable('exceptions')
      .addColumn('finding_id', 'text', (c) => c.references('findings.id'))
      .execute();
  },
};
