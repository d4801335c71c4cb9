import type { Kysely, Migration } from 'kysely';

/**
 * The audit's requests (SPEC §9, docs/decisions/0021): a request of an
 * engagement (unique by its reference there), the controls it is mapped to,
 * its one thread (comments, answers and status transitions) with the
 * evidence each answer attaches, and the column mappings of request lists
 * saved by name (one per audit firm).
 */
export const auditRequests: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('audit_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
      .addColumn('reference', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('criteria_text', 'text')
      .addColumn('population_note', 'text')
      .addColumn('assignee_id', 'text', (c) => c.references('people.id'))
      .addColumn('due_on', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('mapped_by', 'text')
      .addColumn('list_hash', 'text')
      .addColumn('list_row', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('audit_requests_reference', ['org_id', 'engagement_id', 'reference'])
      .execute();
    await db.schema
      .createIndex('audit_requests_status')
      .on('audit_requests')
      .columns(['org_id', 'engagement_id', 'status'])
      .execute();

    await db.schema
      .createTable('audit_request_controls')
      .addColumn('request_id', 'text', (c) => c.notNull().references('audit_requests.id'))
      .addColumn('control_id', 'text', (c) => c.notNull().references('controls.id'))
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addPrimaryKeyConstraint('audit_request_controls_pk', ['request_id', 'control_id'])
      .execute();
    await db.schema
      .createIndex('audit_request_controls_control')
      .on('audit_request_controls')
      .columns(['org_id', 'control_id'])
      .execute();

    await db.schema
      .createTable('audit_request_messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('request_id', 'text', (c) => c.notNull().references('audit_requests.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('from_status', 'text')
      .addColumn('to_status', 'text')
      .addColumn('author_type', 'text', (c) => c.notNull())
      .addColumn('author_id', 'text', (c) => c.notNull())
      .addColumn('author_label', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('audit_request_messages_request')
      .on('audit_request_messages')
      .columns(['request_id', 'created_at', 'id'])
      .execute();

    await db.schema
      .createTable('audit_request_evidence')
      .addColumn('message_id', 'text', (c) => c.notNull().references('audit_request_messages.id'))
      .addColumn('request_id', 'text', (c) => c.notNull().references('audit_requests.id'))
      .addColumn('evidence_id', 'text', (c) => c.notNull().references('evidence.id'))
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addPrimaryKeyConstraint('audit_request_evidence_pk', ['message_id', 'evidence_id'])
      .execute();
    await db.schema
      .createIndex('audit_request_evidence_request')
      .on('audit_request_evidence')
      .columns(['request_id'])
      .execute();

    await db.schema
      .createTable('request_column_mappings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('columns', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('request_column_mappings_name', ['org_id', 'name'])
      .execute();
  },
  async down() {
    throw new Error('auditready migrations are forward-only');
  },
};
