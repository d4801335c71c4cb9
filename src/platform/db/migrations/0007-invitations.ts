import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Accounts belong to people, memberships to organizations
 * (docs/decisions/0009): an organization adds an e-mail by inviting it
 * (`invitations`, one-time secret stored as its SHA-256), and sign-in
 * throttling keeps its counters in `sign_in_throttle` (one row per
 * account+address and per address, checked and counted in one
 * transaction), replacing `login_attempts`.
 *
 * Invitation links of the old kind (setup tokens with purpose `invite`
 * that were never used) are expired: such a link let whoever held it set
 * the password of an account that other organizations may also have added.
 */
export const invitations: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('invitations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text', (c) => c.references('people.id'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('invited_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('responded_at', 'text')
      .addColumn('user_id', 'text', (c) => c.references('users.id'))
      .execute();
    await db.schema
      .createIndex('invitations_org')
      .on('invitations')
      .columns(['org_id', 'status', 'id'])
      .execute();
    await db.schema.createIndex('invitations_email').on('invitations').columns(['email', 'status']).execute();

    await db.schema
      .createTable('sign_in_throttle')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('window_start', 'text', (c) => c.notNull())
      .addColumn('blocked_until', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('sign_in_throttle_updated')
      .on('sign_in_throttle')
      .column('updated_at')
      .execute();

    await db.schema.dropTable('login_attempts').execute();

    const now = new Date().toISOString();
    await sql`update setup_tokens set expires_at = ${now}
              where purpose = 'invite' and used_at is null and expires_at > ${now}`.execute(db);
  },
  async down() {
    throw new Error('auditready migrations are forward-only');
  },
};
