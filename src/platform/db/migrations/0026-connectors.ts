import type { Kysely, Migration } from 'kysely';

/**
 * Connectors (issue 18 item 4, docs/decisions/0033): a GitHub organization
 * whose pull requests, deployments and non-human identities the weekly run
 * collects live through the API. The token is sealed with the installation's
 * secret box (decision 0015); the last run is kept on the row.
 */
export const connectors: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('github_connections')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('api_url', 'text', (c) => c.notNull())
      .addColumn('repositories', 'text')
      .addColumn('token', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('last_run_at', 'text')
      .addColumn('last_status', 'text')
      .addColumn('last_detail', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('github_connections_org_account', ['org_id', 'account'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('github_connections').execute();
  },
};
