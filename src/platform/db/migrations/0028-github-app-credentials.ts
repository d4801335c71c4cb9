import { type Kysely, type Migration, sql } from 'kysely';

/**
 * GitHub App credentials for the connector (issue 18 item 4, docs/decisions/0033):
 * a connection authenticates with a personal access token (`token`) or as a
 * GitHub App installation (`app`: the App id and installation id here, the
 * App's private key sealed in `token`, the column of the connection's sealed
 * secret). Rows made before are tokens.
 */
export const githubAppCredentials: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('github_connections')
      .addColumn('credential_kind', 'text', (c) => c.notNull().defaultTo('token'))
      .execute();
    await db.schema.alterTable('github_connections').addColumn('app_id', 'text').execute();
    await db.schema.alterTable('github_connections').addColumn('installation_id', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    for (const column of ['installation_id', 'app_id', 'credential_kind'])
      await sql`alter table github_connections drop column ${sql.ref(column)}`.execute(db);
  },
};
