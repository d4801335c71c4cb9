import type { Kysely, Migration } from 'kysely';

/** The NHI inventory: identities, per-source observations, imports, lifecycle events, leaks, findings links. */
export const nhi: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('nhi_imports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('scope', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text')
      .addColumn('sha256', 'text')
      .addColumn('size', 'bigint')
      .addColumn('evidence_id', 'text', (c) => c.references('evidence.id'))
      .addColumn('exported_at', 'text')
      .addColumn('effective_on', 'text', (c) => c.notNull())
      .addColumn('complete', 'integer', (c) => c.notNull())
      .addColumn('counts', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text', (c) => c.notNull())
      .addColumn('actor_label', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('nhi_imports_source')
      .on('nhi_imports')
      .columns(['org_id', 'source', 'started_at'])
      .execute();

    await db.schema
      .createTable('nhis')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('parent_external_id', 'text')
      .addColumn('family', 'text', (c) => c.notNull())
      .addColumn('owner_person_id', 'text', (c) => c.references('people.id'))
      .addColumn('owner_source', 'text')
      .addColumn('owner_hint', 'text')
      .addColumn('owner_hint_source', 'text')
      .addColumn('purpose', 'text')
      .addColumn('environment', 'text')
      .addColumn('privilege_summary', 'text')
      .addColumn('privileged', 'integer', (c) => c.notNull())
      .addColumn('auth_method', 'text', (c) => c.notNull())
      .addColumn('provider_created_at', 'text')
      .addColumn('last_used_at', 'text')
      .addColumn('last_rotated_at', 'text')
      .addColumn('expires_at', 'text')
      .addColumn('rotation_policy_days', 'integer')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('first_seen_import_id', 'text', (c) => c.references('nhi_imports.id'))
      .addColumn('last_seen_import_id', 'text', (c) => c.references('nhi_imports.id'))
      .addColumn('attributes', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('nhis_key', ['org_id', 'provider', 'external_id'])
      .execute();
    await db.schema.createIndex('nhis_family').on('nhis').columns(['org_id', 'family']).execute();

    await db.schema
      .createTable('nhi_observations')
      .addColumn('nhi_id', 'text', (c) => c.notNull().references('nhis.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('family', 'text', (c) => c.notNull())
      .addColumn('import_id', 'text', (c) => c.notNull().references('nhi_imports.id'))
      .addColumn('observed_at', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('nhi_observations_pk', ['nhi_id', 'source'])
      .execute();
    await db.schema
      .createIndex('nhi_observations_source')
      .on('nhi_observations')
      .columns(['org_id', 'source', 'family'])
      .execute();

    await db.schema
      .createTable('nhi_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('nhi_id', 'text', (c) => c.notNull().references('nhis.id'))
      .addColumn('import_id', 'text', (c) => c.references('nhi_imports.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('nhi_events_nhi').on('nhi_events').columns(['nhi_id', 'at']).execute();

    await db.schema
      .createTable('nhi_leaks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('scanner', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('rule', 'text', (c) => c.notNull())
      .addColumn('nhi_id', 'text', (c) => c.references('nhis.id'))
      .addColumn('link_via', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('leaked_at', 'text')
      .addColumn('verified', 'integer')
      .addColumn('location', 'text', (c) => c.notNull())
      .addColumn('hints', 'text', (c) => c.notNull())
      .addColumn('redacted', 'text')
      .addColumn('first_seen_import_id', 'text', (c) => c.notNull().references('nhi_imports.id'))
      .addColumn('last_seen_import_id', 'text', (c) => c.notNull().references('nhi_imports.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('nhi_leaks_key', ['org_id', 'scanner', 'fingerprint'])
      .execute();
    await db.schema.createIndex('nhi_leaks_nhi').on('nhi_leaks').columns(['nhi_id']).execute();

    await db.schema
      .createTable('nhi_workload_links')
      .addColumn('nhi_id', 'text', (c) => c.notNull().references('nhis.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('annotation', 'text', (c) => c.notNull())
      .addColumn('reference', 'text', (c) => c.notNull())
      .addColumn('target_nhi_id', 'text', (c) => c.references('nhis.id'))
      .addPrimaryKeyConstraint('nhi_workload_links_pk', ['nhi_id', 'provider', 'reference'])
      .execute();
    await db.schema
      .createIndex('nhi_workload_links_org')
      .on('nhi_workload_links')
      .columns(['org_id'])
      .execute();

    await db.schema
      .createTable('nhi_findings')
      .addColumn('finding_id', 'text', (c) => c.primaryKey().references('findings.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('nhi_id', 'text', (c) => c.notNull().references('nhis.id'))
      .addColumn('rule', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('nhi_findings_nhi')
      .on('nhi_findings')
      .columns(['org_id', 'nhi_id'])
      .execute();

    await db.schema
      .createTable('nhi_thresholds')
      .addColumn('org_id', 'text', (c) => c.primaryKey().references('organizations.id'))
      .addColumn('thresholds', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('nhi_import_staging')
      .addColumn('import_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('family', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('nhi_import_staging_pk', ['import_id', 'seq'])
      .execute();
    await db.schema
      .createIndex('nhi_import_staging_family')
      .on('nhi_import_staging')
      .columns(['import_id', 'family'])
      .execute();
  },
  async down() {
    throw new Error('auditready migrations are forward-only');
  },
};
