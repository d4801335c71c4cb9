import type { Kysely, Migration } from 'kysely';

/**
 * Policies with acknowledgements (issue 17, docs/decisions/0029): policies
 * with their owner, approver, review cadence and governed controls, their
 * versions (the Markdown text content-addressed in the blob store), the
 * acknowledgements of versions by people (in-app or imported), and the rule
 * findings raised on them.
 */
export const policies: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('policies')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.references('people.id'))
      .addColumn('approver_id', 'text', (c) => c.references('people.id'))
      .addColumn('review_cadence', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('policies_org_key', ['org_id', 'key'])
      .execute();

    await db.schema
      .createTable('policy_controls')
      .addColumn('policy_id', 'text', (c) => c.notNull().references('policies.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('control_id', 'text', (c) => c.notNull().references('controls.id'))
      .addPrimaryKeyConstraint('policy_controls_pk', ['policy_id', 'control_id'])
      .execute();

    await db.schema
      .createTable('policy_versions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('policy_id', 'text', (c) => c.notNull().references('policies.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('summary', 'text')
      .addColumn('created_on', 'text', (c) => c.notNull())
      .addColumn('approved_on', 'text')
      .addColumn('approved_by', 'text', (c) => c.references('people.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('policy_versions_number', ['policy_id', 'version'])
      .execute();

    await db.schema
      .createTable('policy_acknowledgements')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('version_id', 'text', (c) => c.notNull().references('policy_versions.id'))
      .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
      .addColumn('acknowledged_on', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('source_ref', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('policy_acknowledgements_once', ['version_id', 'person_id'])
      .execute();

    await db.schema
      .createTable('policy_findings')
      .addColumn('finding_id', 'text', (c) => c.primaryKey().references('findings.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('rule', 'text', (c) => c.notNull())
      .addColumn('subject_key', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('policy_findings_key')
      .on('policy_findings')
      .columns(['org_id', 'rule', 'subject_key'])
      .execute();
  },
};
