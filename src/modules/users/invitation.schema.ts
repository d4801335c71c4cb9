import { z } from 'zod';
import { roleSchema } from './user.schema.js';

/** Where an invitation stands. */
export const INVITATION_STATUSES = ['pending', 'accepted', 'declined', 'revoked'] as const;
/** One of {@link INVITATION_STATUSES}. */
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** An invitation as the inviting organization's admins see it. */
export const invitationViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  personId: z.string().nullable(),
  /** The engagement an auditor invitation is scoped to; null for every other role. */
  engagementId: z.string().nullable(),
  status: z.enum(INVITATION_STATUSES),
  invitedBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
});

/** An invitation as its organization's admins see it. */
export type InvitationView = z.infer<typeof invitationViewSchema>;

/**
 * An organization's invitation of an e-mail address (its secret exists only
 * in the inviter's answer): its wire shape, its organization and when it was
 * answered.
 */
export type Invitation = InvitationView & { orgId: string; respondedAt: string | null };

/** A one-time invitation secret as presented (from the link's `#token=`). */
export const invitationTokenSchema = z.string().min(20).max(200);

/** `POST /auth/invitations/inspect` and `…/accept`. */
export const invitationTokenInputSchema = z.object({ token: invitationTokenSchema });

/** What the holder of an invitation link sees before answering it. */
export const invitationPreviewSchema = z.object({
  id: z.string(),
  organizationName: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  expiresAt: z.string(),
});

/** An invitation as its invitee sees it in their list. */
export const myInvitationSchema = z.object({
  id: z.string(),
  organizationName: z.string(),
  role: roleSchema,
  expiresAt: z.string(),
});
