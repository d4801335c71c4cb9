import type { Kysely, Migration } from 'kysely';

/** Evidence (immutable) and reviews, engagements, plan completions, exceptions and findings. */
export const evidence: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('evidence')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('control_id', 'text', (c) => c.notNull().references('controls.id'))
      .addColumn('requirement_id', 'text', (c) => c.notNull().references('evidence_requirements.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text')
      .addColumn('size', 'bigint')
      .addColumn('file_name', 'text')
      .addColumn('media_type', 'text')
      .addColumn('url', 'text')
      .addColumn('description', 'text')
      .addColumn('effective_start', 'text', (c) => c.notNull())
      .addColumn('effective_end', 'text', (c) => c.notNull())
      .addColumn('collected_at', 'text', (c) => c.notNull())
      .addColumn('source_type', 'text', (c) => c.notNull())
      .addColumn('collector_type', 'text', (c) => c.notNull())
      .addColumn('collector_id', 'text', (c) => c.notNull())
      .addColumn('collector_label', 'text', (c) => c.notNull())
      .addColumn('supersedes_id', 'text', (c) => c.references('evidence.id'))
      .execute();
    await db.schema.createIndex('evidence_requirement').on('evidence').columns(['requirement_id']).execute();
    await db.schema
      .createIndex('evidence_org_control')
      .on('evidence')
      .columns(['org_id', 'control_id'])
      .execute();
    await db.schema.createIndex('evidence_supersedes').on('evidence').columns(['supersedes_id']).execute();
    await db.schema.createIndex('evidence_sha256').on('evidence').columns(['sha256']).execute();

    await db.schema
      .createTable('evidence_reviews')
      .addColumn('evidence_id', 'text', (c) => c.primaryKey().references('evidence.id'))
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('reviewer_type', 'text', (c) => c.notNull())
      .addColumn('reviewer_id', 'text', (c) => c.notNull())
      .addColumn('reviewer_label', 'text', (c) => c.notNull())
      .addColumn('reviewed_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('engagements')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('framework_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('audit_date', 'text')
      .addColumn('window_start', 'text')
      .addColumn('window_end', 'text')
      .addColumn('fieldwork_start', 'text', (c) => c.notNull())
      .addColumn('report_due', 'text')
      .addColumn('categories', 'text', (c) => c.notNull())
      .addColumn('firm_name', 'text')
      .addColumn('lead_id', 'text', (c) => c.references('people.id'))
      .addColumn('milestone_offsets', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('engagements_org').on('engagements').columns(['org_id']).execute();

    await db.schema
      .createTable('plan_completions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
      .addColumn('item_key', 'text', (c) => c.notNull())
      .addColumn('done_on', 'text', (c) => c.notNull())
      .addColumn('done_by', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addUniqueConstraint('plan_completions_item', ['engagement_id', 'item_key'])
      .execute();

    await db.schema
      .createTable('exceptions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('control_id', 'text', (c) => c.notNull().references('controls.id'))
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('compensating_control', 'text')
      .addColumn('risk_rating', 'text', (c) => c.notNull())
      .addColumn('approver_id', 'text', (c) => c.references('people.id'))
      .addColumn('approved_on', 'text')
      .addColumn('expires_on', 'text', (c) => c.notNull())
      .addColumn('closed_on', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('exceptions_org_control')
      .on('exceptions')
      .columns(['org_id', 'control_id'])
      .execute();

    await db.schema
      .createTable('findings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.references('people.id'))
      .addColumn('due_on', 'text')
      .addColumn('opened_on', 'text', (c) => c.notNull())
      .addColumn('resolved_on', 'text')
      .addColumn('resolution', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('findings_org').on('findings').columns(['org_id', 'resolved_on']).execute();
    await db.schema
      .createTable('finding_controls')
      .addColumn('finding_id', 'text', (c) => c.notNull().references('findings.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('control_id', 'text', (c) => c.notNull().references('controls.id'))
      .addPrimaryKeyConstraint('finding_controls_pk', ['finding_id', 'control_id'])
      .execute();
    await db.schema
      .createTable('finding_criteria')
      .addColumn('finding_id', 'text', (c) => c.notNull().references('findings.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('framework_id', 'text', (c) => c.notNull())
      .addColumn('criterion_code', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('finding_criteria_pk', ['finding_id', 'framework_id', 'criterion_code'])
      .execute();
  },
  async down() {
    throw new Error('auditready migrations are forward-only');
  },
};
