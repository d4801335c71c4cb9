import { z } from 'zod';
import { PASSWORD_LENGTH } from '../../platform/auth/password.js';
import { ROLES } from '../../platform/auth/policy.js';
import { emailSchema } from '../people/person.schema.js';

/** A role name. */
export const roleSchema = z.enum(ROLES);

/** A password as accepted for a new or changed password. */
export const newPasswordSchema = z
  .string()
  .min(PASSWORD_LENGTH.min, `a password has at least ${PASSWORD_LENGTH.min} characters`)
  .max(PASSWORD_LENGTH.max, `a password has at most ${PASSWORD_LENGTH.max} characters`);

/** A password as presented at sign-in (bounded so hashing cost stays bounded). */
export const presentedPasswordSchema = z.string().min(1).max(PASSWORD_LENGTH.max);

/** `POST /auth/sign-in`. */
export const signInInputSchema = z.object({ email: emailSchema, password: presentedPasswordSchema });

/** `POST /auth/password`. */
export const passwordChangeSchema = z.object({
  currentPassword: presentedPasswordSchema,
  newPassword: newPasswordSchema,
});

/** `POST /auth/setup`: the one-time token and the password; e-mail and name for the first admin. */
export const setupInputSchema = z.object({
  token: z.string().min(20).max(200),
  email: emailSchema.optional(),
  name: z.string().trim().min(1).max(200).optional(),
  password: newPasswordSchema,
  organizationName: z.string().trim().min(1).max(200).optional(),
});

/** `POST /auth/invitations/register`: the new account of an invited address that has none. */
export const invitationRegisterSchema = z.object({
  token: z.string().min(20).max(200),
  name: z.string().trim().min(1).max(200),
  password: newPasswordSchema,
});

/** `POST /orgs/:org/members`: an e-mail address (with or without an account) is invited with a role. */
export const memberInputSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1).max(200),
  role: roleSchema,
  personId: z.string().min(1).max(64).nullable().optional(),
  /** The engagement an auditor is scoped to: required for `auditor`, refused for every other role. */
  engagementId: z.string().min(1).max(64).nullable().optional(),
});

/** `PATCH /orgs/:org/members/:memberId`. */
export const memberUpdateSchema = z
  .object({
    role: roleSchema.optional(),
    personId: z.string().min(1).max(64).nullable().optional(),
    engagementId: z.string().min(1).max(64).nullable().optional(),
  })
  .refine(
    (m) => m.role !== undefined || m.personId !== undefined || m.engagementId !== undefined,
    'nothing to change',
  );

/** A user as the rest of the code sees it (never with its password hash). */
export interface User {
  id: string;
  email: string;
  name: string;
  status: 'active' | 'disabled';
  hasPassword: boolean;
  createdAt: string;
}

/** A membership with its organization, as a signed-in user sees their own. */
export const orgMembershipSchema = z.object({
  orgId: z.string(),
  slug: z.string(),
  name: z.string(),
  role: roleSchema,
  personId: z.string().nullable(),
  /** The engagement an auditor is scoped to (SPEC §9); null for every other role. */
  engagementId: z.string().nullable(),
});
export type OrgMembership = z.infer<typeof orgMembershipSchema>;

export const membershipSchema = z.object({
  id: z.string(),
  userId: z.string(),
  role: roleSchema,
  personId: z.string().nullable(),
  /** The engagement an auditor membership is scoped to; null for every other role. */
  engagementId: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const memberSchema = membershipSchema.extend({ email: z.string(), name: z.string() });

/** A user's role in one organization, as the API sends it. */
export type MembershipView = z.infer<typeof membershipSchema>;

/** A user's role in one organization: its wire shape and the organization. */
export type Membership = MembershipView & { orgId: string };

/** A membership with its user, as the members list shows it. */
export type Member = z.infer<typeof memberSchema> & { orgId: string };
