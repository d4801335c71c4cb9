import type { Kysely, Migration } from 'kysely';

/**
 * Access reviews (issue 16, docs/decisions/0026): account lists (a snapshot
 * of one system's accounts at a date, kept), campaigns with their reviewers
 * and items, follow-ups of revoke/change decisions, and the rule findings
 * raised on campaigns, follow-ups and accounts of departed people.
 */
export const accessReviews: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('access_account_lists')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('system', 'text', (c) => c.notNull())
      .addColumn('as_of', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('account_count', 'integer', (c) => c.notNull())
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('access_account_lists_system')
      .on('access_account_lists')
      .columns(['org_id', 'system', 'as_of'])
      .execute();

    await db.schema
      .createTable('access_accounts')
      .addColumn('list_id', 'text', (c) => c.notNull().references('access_account_lists.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('person_id', 'text', (c) => c.references('people.id'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('last_login', 'text')
      .addPrimaryKeyConstraint('access_accounts_pk', ['list_id', 'account'])
      .execute();

    await db.schema
      .createTable('access_review_campaigns')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('system', 'text', (c) => c.notNull())
      .addColumn('cadence', 'text', (c) => c.notNull())
      .addColumn('opened_on', 'text', (c) => c.notNull())
      .addColumn('due_on', 'text', (c) => c.notNull())
      .addColumn('account_list_id', 'text', (c) => c.references('access_account_lists.id'))
      .addColumn('nhi_provider', 'text')
      .addColumn('nhi_kind', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('completed_on', 'text')
      .addColumn('evidence_sha256', 'text')
      .addColumn('follow_ups_evidence_sha256', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('access_review_reviewers')
      .addColumn('campaign_id', 'text', (c) => c.notNull().references('access_review_campaigns.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
      .addPrimaryKeyConstraint('access_review_reviewers_pk', ['campaign_id', 'person_id'])
      .execute();

    await db.schema
      .createTable('access_review_items')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('campaign_id', 'text', (c) => c.notNull().references('access_review_campaigns.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('subject_type', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('person_id', 'text', (c) => c.references('people.id'))
      .addColumn('nhi_id', 'text', (c) => c.references('nhis.id'))
      .addColumn('owner_person_id', 'text', (c) => c.references('people.id'))
      .addColumn('access', 'text', (c) => c.notNull())
      .addColumn('decision', 'text')
      .addColumn('comment', 'text')
      .addColumn('decided_by', 'text', (c) => c.references('people.id'))
      .addColumn('decided_at', 'text')
      .addUniqueConstraint('access_review_items_subject', ['campaign_id', 'subject_type', 'subject'])
      .execute();

    await db.schema
      .createTable('access_review_follow_ups')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('campaign_id', 'text', (c) => c.notNull().references('access_review_campaigns.id'))
      .addColumn('item_id', 'text', (c) => c.notNull().unique().references('access_review_items.id'))
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.references('people.id'))
      .addColumn('due_on', 'text', (c) => c.notNull())
      .addColumn('closed_on', 'text')
      .addColumn('closed_by', 'text')
      .addColumn('closure_ref', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('access_review_findings')
      .addColumn('finding_id', 'text', (c) => c.primaryKey().references('findings.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('rule', 'text', (c) => c.notNull())
      .addColumn('subject_key', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('access_review_findings_key')
      .on('access_review_findings')
      .columns(['org_id', 'rule', 'subject_key'])
      .execute();
  },
};
