import type { Kysely, Migration } from 'kysely';

/**
 * Ticket histories as evidence (issue 23 item 3, docs/decisions/0031): the
 * tracker projects an organization imports with their settings (approved
 * states, issue type → requirements, incident key prefixes), each import,
 * and the tickets with their status transitions, approval, and the pull
 * requests and incidents they name.
 */
export const tickets: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('ticket_projects')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('ticket_projects_key', ['org_id', 'source', 'key'])
      .execute();

    await db.schema
      .createTable('ticket_imports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('counts', 'text', (c) => c.notNull())
      .addColumn('evidence_ids', 'text', (c) => c.notNull())
      .addColumn('imported_on', 'text', (c) => c.notNull())
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .addColumn('actor_label', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('ticket_imports_org_source')
      .on('ticket_imports')
      .columns(['org_id', 'source', 'imported_at'])
      .execute();

    await db.schema
      .createTable('tickets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('project_id', 'text', (c) => c.notNull().references('ticket_projects.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reporter', 'text')
      .addColumn('url', 'text')
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .addColumn('transitions', 'text', (c) => c.notNull())
      .addColumn('approval', 'text', (c) => c.notNull())
      .addColumn('approved_by', 'text')
      .addColumn('approved_at', 'text')
      .addColumn('pull_links', 'text', (c) => c.notNull())
      .addColumn('incident_keys', 'text', (c) => c.notNull())
      .addColumn('requirement_codes', 'text', (c) => c.notNull())
      .addColumn('fact_sha256', 'text', (c) => c.notNull())
      .addColumn('import_id', 'text', (c) => c.notNull().references('ticket_imports.id'))
      .addUniqueConstraint('tickets_key', ['org_id', 'source', 'key'])
      .execute();
    await db.schema.createIndex('tickets_org_day').on('tickets').columns(['org_id', 'opened_at']).execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['tickets', 'ticket_imports', 'ticket_projects'])
      await db.schema.dropTable(table).execute();
  },
};
