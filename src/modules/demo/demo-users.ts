import type { Actor } from '../../core/ledger/chain.js';
import { randomSecret } from '../../platform/auth/secrets.js';
import type { AuthSettings } from '../../platform/auth/settings.js';
import type { Database } from '../../platform/db/database.js';
import { inviteMember, registerWithInvitation } from '../users/invitation.service.js';
import { createAdmin } from '../users/setup.service.js';
import { DEMO_ROLE_HOLDERS, roleHolderEmail } from './demo-people.js';

/** A demo user who can sign in: e-mail, name, role and the password chosen for them. */
export interface DemoUser {
  email: string;
  name: string;
  role: 'admin' | 'contributor';
  password: string;
}

/**
 * Adds two users who can sign in to the demo organization: the compliance
 * lead (Maya Chen) as admin, and the SRE lead as contributor, both linked to
 * their roster entries. Passwords are random unless given (demo data only).
 */
export async function addDemoUsers(
  database: Database,
  actor: Actor,
  orgId: string,
  settings: AuthSettings,
  passwords: { admin?: string; contributor?: string } = {},
): Promise<DemoUser[]> {
  const lead = DEMO_ROLE_HOLDERS.find((h) => h.role === 'Compliance lead')!;
  const sre = DEMO_ROLE_HOLDERS.find((h) => h.role === 'SRE lead')!;
  const admin: DemoUser = {
    email: roleHolderEmail(lead.role)!,
    name: lead.name,
    role: 'admin',
    password: passwords.admin ?? randomSecret(12),
  };
  const contributor: DemoUser = {
    email: roleHolderEmail(sre.role)!,
    name: sre.name,
    role: 'contributor',
    password: passwords.contributor ?? randomSecret(12),
  };
  await createAdmin(
    database,
    actor,
    { email: admin.email, name: admin.name, password: admin.password, orgIds: [orgId] },
    settings,
  );
  // The contributor joins the way a new person does: invited, then choosing a password with the link.
  const invited = await inviteMember(
    database,
    actor,
    orgId,
    { email: contributor.email, name: contributor.name, role: 'contributor' },
    settings.now(),
  );
  await registerWithInvitation(
    database,
    { token: invited.inviteToken, name: contributor.name, password: contributor.password },
    { ip: '127.0.0.1', userAgent: 'auditready demo' },
    settings,
  );
  return [admin, contributor];
}
