import { z } from 'zod';
import type { Role } from '../../platform/auth/policy.js';
import { roleSchema } from '../users/user.schema.js';

/** The longest lifetime of an API token. */
export const MAX_TOKEN_DAYS = 365;

/** `POST /orgs/:org/api-tokens` and `auditready tokens create`. */
export const apiTokenInputSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,79}$/,
      'a token name is 1–80 letters, digits, spaces, dots, dashes',
    ),
  role: roleSchema,
  expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS, `a token expires within ${MAX_TOKEN_DAYS} days`),
});

/** Validated token creation input. */
export type ApiTokenInput = z.infer<typeof apiTokenInputSchema>;

/** An API token as listed: never its secret or hash. */
export interface ApiToken {
  id: string;
  orgId: string;
  name: string;
  prefix: string;
  role: Role;
  ownerPersonId: string | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}
