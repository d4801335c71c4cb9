import type { Kysely, Migration } from 'kysely';

/**
 * Change management tied to releases (issue 16 item 2, docs/decisions/0024):
 * the repositories an organization imports, each import, the imported facts
 * (merged pull requests with their reviews and checks, the default branch's
 * commits, deployments and GitHub releases), what the rules derive from them
 * (changes, production releases, the link between them) and the findings
 * the change rules raised.
 */
export const changes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('change_repositories')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('default_branch', 'text', (c) => c.notNull())
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('change_repositories_name', ['org_id', 'name'])
      .execute();

    await db.schema
      .createTable('change_imports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('repository_id', 'text', (c) => c.notNull().references('change_repositories.id'))
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('counts', 'text', (c) => c.notNull())
      .addColumn('evidence_id', 'text', (c) => c.references('evidence.id'))
      .addColumn('imported_on', 'text', (c) => c.notNull())
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .addColumn('actor_label', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('change_imports_repository')
      .on('change_imports')
      .columns(['org_id', 'repository_id', 'imported_at'])
      .execute();

    await db.schema
      .createTable('change_pulls')
      .addColumn('repository_id', 'text', (c) => c.notNull().references('change_repositories.id'))
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('merged_at', 'text', (c) => c.notNull())
      .addColumn('merge_sha', 'text')
      .addColumn('head_sha', 'text')
      .addColumn('base_ref', 'text', (c) => c.notNull())
      .addColumn('labels', 'text', (c) => c.notNull())
      .addColumn('url', 'text')
      .addColumn('reviews', 'text', (c) => c.notNull())
      .addColumn('checks', 'text')
      .addPrimaryKeyConstraint('change_pulls_pk', ['repository_id', 'number'])
      .execute();

    await db.schema
      .createTable('change_commits')
      .addColumn('repository_id', 'text', (c) => c.notNull().references('change_repositories.id'))
      .addColumn('sha', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('committed_at', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('parents', 'text')
      .addPrimaryKeyConstraint('change_commits_pk', ['repository_id', 'sha'])
      .execute();

    await db.schema
      .createTable('change_deployments')
      .addColumn('repository_id', 'text', (c) => c.notNull().references('change_repositories.id'))
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('environment', 'text', (c) => c.notNull())
      .addColumn('sha', 'text')
      .addColumn('deployed_at', 'text', (c) => c.notNull())
      .addColumn('state', 'text')
      .addColumn('succeeded', 'integer', (c) => c.notNull())
      .addColumn('name', 'text')
      .addPrimaryKeyConstraint('change_deployments_pk', ['repository_id', 'source', 'external_id'])
      .execute();

    await db.schema
      .createTable('releases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('repository_id', 'text', (c) => c.notNull().references('change_repositories.id'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('environment', 'text', (c) => c.notNull())
      .addColumn('sha', 'text')
      .addColumn('deployed_at', 'text', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('change_count', 'integer', (c) => c.notNull())
      .addColumn('empty_reason', 'text')
      .addUniqueConstraint('releases_key', ['repository_id', 'key'])
      .execute();
    await db.schema
      .createIndex('releases_org_day')
      .on('releases')
      .columns(['org_id', 'deployed_at'])
      .execute();

    await db.schema
      .createTable('changes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('repository_id', 'text', (c) => c.notNull().references('change_repositories.id'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('ref', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('occurred_at', 'text', (c) => c.notNull())
      .addColumn('sha', 'text')
      .addColumn('emergency', 'integer', (c) => c.notNull())
      .addColumn('approval', 'text', (c) => c.notNull())
      .addColumn('approvers', 'text', (c) => c.notNull())
      .addColumn('checks', 'text', (c) => c.notNull())
      .addColumn('release_id', 'text', (c) => c.references('releases.id'))
      .addUniqueConstraint('changes_key', ['repository_id', 'key'])
      .execute();
    await db.schema.createIndex('changes_org_day').on('changes').columns(['org_id', 'occurred_at']).execute();
    await db.schema.createIndex('changes_release').on('changes').columns(['release_id']).execute();

    await db.schema
      .createTable('change_findings')
      .addColumn('finding_id', 'text', (c) => c.primaryKey().references('findings.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('repository_id', 'text', (c) => c.notNull().references('change_repositories.id'))
      .addColumn('subject_key', 'text', (c) => c.notNull())
      .addColumn('rule', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('change_findings_subject')
      .on('change_findings')
      .columns(['org_id', 'repository_id', 'subject_key'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'change_findings',
      'changes',
      'releases',
      'change_deployments',
      'change_commits',
      'change_pulls',
      'change_imports',
      'change_repositories',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
