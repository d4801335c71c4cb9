import type { Kysely, Migration } from 'kysely';

/** Organizations, people, framework catalogs, controls, evidence requirements and the ledger. */
export const foundation: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('organizations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('people')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('team', 'text')
      .addColumn('manager_email', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('departed_on', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('people_org_email', ['org_id', 'email'])
      .execute();

    await db.schema
      .createTable('frameworks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('publisher', 'text', (c) => c.notNull())
      .addColumn('attribution', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('catalog_version', 'text', (c) => c.notNull())
      .addColumn('installed_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('criterion_groups')
      .addColumn('framework_id', 'text', (c) => c.notNull().references('frameworks.id'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('parent_code', 'text')
      .addColumn('description', 'text')
      .addColumn('sort_order', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('criterion_groups_pk', ['framework_id', 'code'])
      .execute();

    await db.schema
      .createTable('criteria')
      .addColumn('framework_id', 'text', (c) => c.notNull().references('frameworks.id'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('group_code', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('sort_order', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('criteria_pk', ['framework_id', 'code'])
      .execute();

    await db.schema
      .createTable('controls')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.references('people.id'))
      .addColumn('backup_owner_id', 'text', (c) => c.references('people.id'))
      .addColumn('source_of_truth', 'text')
      .addColumn('cadence', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('na_justification', 'text')
      .addColumn('suggested_owner_role', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('controls_org_code', ['org_id', 'code'])
      .execute();
    await db.schema.createIndex('controls_owner').on('controls').columns(['org_id', 'owner_id']).execute();

    await db.schema
      .createTable('control_mappings')
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('control_id', 'text', (c) => c.notNull().references('controls.id'))
      .addColumn('framework_id', 'text', (c) => c.notNull())
      .addColumn('criterion_code', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('control_mappings_pk', ['control_id', 'framework_id', 'criterion_code'])
      .execute();
    await db.schema
      .createIndex('control_mappings_criterion')
      .on('control_mappings')
      .columns(['org_id', 'framework_id', 'criterion_code'])
      .execute();

    await db.schema
      .createTable('evidence_requirements')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('control_id', 'text', (c) => c.notNull().references('controls.id'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('artifact', 'text', (c) => c.notNull())
      .addColumn('cadence', 'text', (c) => c.notNull())
      .addColumn('source_type', 'text', (c) => c.notNull())
      .addColumn('collection', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('evidence_requirements_org_code', ['org_id', 'code'])
      .execute();
    await db.schema
      .createIndex('evidence_requirements_control')
      .on('evidence_requirements')
      .column('control_id')
      .execute();

    await db.schema
      .createTable('ledger_heads')
      .addColumn('chain', 'text', (c) => c.primaryKey())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('activity')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('chain', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('org_id', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor_type', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text', (c) => c.notNull())
      .addColumn('actor_label', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('record_type', 'text', (c) => c.notNull())
      .addColumn('record_id', 'text', (c) => c.notNull())
      .addColumn('change', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addUniqueConstraint('activity_chain_seq', ['chain', 'seq'])
      .execute();
    await db.schema.createIndex('activity_org_at').on('activity').columns(['org_id', 'at']).execute();
    await db.schema
      .createIndex('activity_record')
      .on('activity')
      .columns(['record_type', 'record_id'])
      .execute();
  },
  async down() {
    throw new Error('auditready migrations are forward-only');
  },
};
