import type { Kysely, Migration } from 'kysely';

/**
 * The auditor's side (docs/decisions/0022): samples drawn from a population
 * of an engagement (`audit_samples`, the chosen records in
 * `audit_sample_items`), the firm's sample-size overrides per engagement,
 * and which findings an engagement's auditors raised (`audit_findings`).
 * `audit_samples.request_id` names a request without a foreign key: the
 * requests table arrives with its own migration.
 */
export const auditSamples: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('audit_samples')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
      .addColumn('request_id', 'text')
      .addColumn('population_kind', 'text', (c) => c.notNull())
      .addColumn('population_arg', 'text')
      .addColumn('population_count', 'integer', (c) => c.notNull())
      .addColumn('population_hash', 'text', (c) => c.notNull())
      .addColumn('frequency', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('seed', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('audit_samples_engagement')
      .on('audit_samples')
      .columns(['org_id', 'engagement_id', 'id'])
      .execute();
    await db.schema
      .createTable('audit_sample_items')
      .addColumn('sample_id', 'text', (c) => c.notNull().references('audit_samples.id'))
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('ordinal', 'integer', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('record_id', 'text', (c) => c.notNull())
      .addColumn('record_date', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_sample_items_pk', ['sample_id', 'ordinal'])
      .execute();
    await db.schema
      .createTable('audit_sample_sizes')
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
      .addColumn('frequency', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_sample_sizes_pk', ['engagement_id', 'frequency'])
      .execute();
    await db.schema
      .createTable('audit_findings')
      .addColumn('finding_id', 'text', (c) => c.primaryKey().references('findings.id'))
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
      .execute();
    await db.schema
      .createIndex('audit_findings_engagement')
      .on('audit_findings')
      .columns(['org_id', 'engagement_id'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('audit_findings').execute();
    await db.schema.dropTable('audit_sample_sizes').execute();
    await db.schema.dropTable('audit_sample_items').execute();
    await db.schema.dropTable('audit_samples').execute();
  },
};
