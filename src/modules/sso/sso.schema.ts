import { z } from 'zod';
import { SSO_ROLES } from '../../core/auth/sso-rules.js';

const loopback = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An issuer URL: https, or http on the loopback interface only (a provider on the same machine, or tests). */
export const issuerSchema = z
  .string()
  .trim()
  .max(500)
  .refine((raw) => {
    try {
      const url = new URL(raw);
      if (url.search || url.hash) return false;
      return url.protocol === 'https:' || (url.protocol === 'http:' && loopback.has(url.hostname));
    } catch {
      return false;
    }
  }, 'the issuer must be an https URL without query or fragment (http only on localhost)');

/** True when an issuer may be reached over plain http (loopback only). */
export function isLoopbackHttp(issuer: string): boolean {
  const url = new URL(issuer);
  return url.protocol === 'http:' && loopback.has(url.hostname);
}

const ssoRoleSchema = z.enum(SSO_ROLES);

/** `PUT /orgs/:org/sso`: the whole configuration; the secret is write-only (omitted: kept; null: removed). */
export const ssoConfigInputSchema = z.object({
  issuer: issuerSchema,
  clientId: z.string().trim().min(1).max(300),
  clientSecret: z.string().min(1).max(2000).nullable().optional(),
  scopes: z
    .string()
    .trim()
    .max(500)
    .regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'scopes are separated by single spaces')
    .refine((s) => s.split(' ').includes('openid'), 'the scopes must include openid')
    .default('openid email profile'),
  groupClaim: z.string().trim().min(1).max(100).nullable().default(null),
  roleMapping: z
    .array(z.object({ group: z.string().trim().min(1).max(300), role: ssoRoleSchema }))
    .max(200)
    .default([]),
  defaultRole: ssoRoleSchema.default('viewer'),
  required: z.boolean().default(false),
  enabled: z.boolean().default(true),
});
/** The parsed input of {@link ssoConfigInputSchema}. */
export type SsoConfigInput = z.infer<typeof ssoConfigInputSchema>;

/** An organization's SSO configuration as the API shows it (never the secret). */
export const ssoConfigViewSchema = z.object({
  issuer: z.string(),
  clientId: z.string(),
  hasSecret: z.boolean(),
  scopes: z.string(),
  groupClaim: z.string().nullable(),
  roleMapping: z.array(z.object({ group: z.string(), role: ssoRoleSchema })),
  defaultRole: ssoRoleSchema,
  required: z.boolean(),
  enabled: z.boolean(),
  updatedAt: z.string(),
});
/** One configuration as the API shows it. */
export type SsoConfigView = z.infer<typeof ssoConfigViewSchema>;

/** `GET /orgs/:org/sso`: the configuration (null before one is saved) and what to register at the provider. */
export const ssoSettingsSchema = z.object({
  config: ssoConfigViewSchema.nullable(),
  /** The redirect URI to register at the provider. */
  redirectUri: z.string(),
  /** The post-logout redirect URI to register at the provider (RP-initiated logout). */
  postLogoutRedirectUri: z.string(),
  /** Where people start signing in with this organization's SSO. */
  startUrl: z.string(),
});

/** What a discovery test found. */
export const ssoTestResultSchema = z.object({
  ok: z.boolean(),
  issuer: z.string(),
  authorizationEndpoint: z.string().nullable(),
  tokenEndpoint: z.string().nullable(),
  jwksUri: z.string().nullable(),
  endSessionEndpoint: z.string().nullable(),
  codeChallengeS256: z.boolean(),
  error: z.string().nullable(),
});
/** One discovery test result. */
export type SsoTestResult = z.infer<typeof ssoTestResultSchema>;

/** `POST /auth/sso/link`: the password of the account the pending identity is to be linked to. */
export const ssoLinkInputSchema = z.object({ password: z.string().min(1).max(1000) });

/** `POST /auth/sso/sign-out`: where the browser goes next to end the provider's session too (null: not offered). */
export const ssoSignOutSchema = z.object({ endSessionUrl: z.string().nullable() });
