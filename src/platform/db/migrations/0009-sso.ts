import { type Kysely, type Migration, sql } from 'kysely';

/**
 * OpenID Connect single sign-on (docs/decisions/0015): one configuration
 * per organization (client secret sealed by src/platform/auth/secret-box.ts),
 * identities linked by issuer + subject, the short-lived state of each
 * sign-in in progress (state, nonce and PKCE verifier, bound to the browser,
 * used once), pending links of an identity to an account that has a
 * password, and which sessions SSO started. `users.installation_admin`
 * marks the accounts exempt from "SSO required" for recovery; it is set for
 * users who are admin of every organization today (what `users create-admin`
 * and first-run setup make).
 */
export const sso: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('sso_configs')
      .addColumn('org_id', 'text', (c) => c.primaryKey().references('organizations.id'))
      .addColumn('issuer', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('client_secret', 'text')
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('group_claim', 'text')
      .addColumn('role_mapping', 'text', (c) => c.notNull())
      .addColumn('default_role', 'text', (c) => c.notNull())
      .addColumn('required', 'integer', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('sso_identities')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('issuer', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('email', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_sign_in_at', 'text')
      .addUniqueConstraint('sso_identities_issuer_subject', ['issuer', 'subject'])
      .execute();
    await db.schema.createIndex('sso_identities_user').on('sso_identities').column('user_id').execute();

    await db.schema
      .createTable('sso_logins')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('state_hash', 'text', (c) => c.notNull().unique())
      .addColumn('browser_hash', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('nonce', 'text', (c) => c.notNull())
      .addColumn('code_verifier', 'text', (c) => c.notNull())
      .addColumn('redirect_uri', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await db.schema.createIndex('sso_logins_expires').on('sso_logins').column('expires_at').execute();

    await db.schema
      .createTable('sso_pending_links')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('issuer', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('groups', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();

    await db.schema
      .createTable('sso_sessions')
      .addColumn('session_id', 'text', (c) => c.primaryKey().references('sessions.id'))
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('identity_id', 'text', (c) => c.notNull().references('sso_identities.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .alterTable('users')
      .addColumn('installation_admin', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await sql`update users set installation_admin = 1
              where (select count(*) from organizations) > 0
                and (select count(*) from memberships m
                      where m.user_id = users.id and m.role = 'admin' and m.status = 'active')
                    = (select count(*) from organizations)`.execute(db);
  },
  async down() {
    throw new Error('auditready migrations are forward-only');
  },
};
