import { z } from 'zod';
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

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role: roleSchema,
  ownerPersonId: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});

/** An API token as the API lists it: never its secret or hash. */
export type ApiTokenView = z.infer<typeof apiTokenSchema>;

/** An API token as listed: its wire shape and its organization. */
export type ApiToken = ApiTokenView & { orgId: string };
