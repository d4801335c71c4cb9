import type { Kysely, Migration } from 'kysely';

/**
 * Incidents and incident-response tests (issue 17, docs/decisions/0027):
 * the incident register (an external id keeps re-imports idempotent), each
 * incident's timeline, the follow-up actions of incidents and IR tests, the
 * IR tests, and the rule findings raised on them.
 */
export const incidents: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('incidents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('detected_at', 'text', (c) => c.notNull())
      .addColumn('contained_at', 'text')
      .addColumn('resolved_at', 'text')
      .addColumn('root_cause', 'text')
      .addColumn('customer_impact', 'text')
      .addColumn('owner_id', 'text', (c) => c.references('people.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('incidents_external_id', ['org_id', 'external_id'])
      .execute();
    await db.schema
      .createIndex('incidents_detected')
      .on('incidents')
      .columns(['org_id', 'detected_at'])
      .execute();

    await db.schema
      .createTable('incident_timeline')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('entry', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('incident_timeline_incident')
      .on('incident_timeline')
      .columns(['incident_id', 'at'])
      .execute();

    await db.schema
      .createTable('ir_tests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('held_on', 'text', (c) => c.notNull())
      .addColumn('scenario', 'text', (c) => c.notNull())
      .addColumn('participants', 'text', (c) => c.notNull())
      .addColumn('results', 'text', (c) => c.notNull())
      .addColumn('evidence_sha256', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('incident_follow_ups')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('incident_id', 'text', (c) => c.references('incidents.id'))
      .addColumn('ir_test_id', 'text', (c) => c.references('ir_tests.id'))
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.references('people.id'))
      .addColumn('due_on', 'text', (c) => c.notNull())
      .addColumn('done_on', 'text')
      .addColumn('evidence', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('incident_findings')
      .addColumn('finding_id', 'text', (c) => c.primaryKey().references('findings.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('rule', 'text', (c) => c.notNull())
      .addColumn('subject_key', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('incident_findings_key')
      .on('incident_findings')
      .columns(['org_id', 'rule', 'subject_key'])
      .execute();
  },
};
