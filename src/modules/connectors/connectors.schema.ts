import { z } from 'zod';

/** A GitHub organization login (or user), as GitHub allows it. */
export const githubAccountSchema = z
  .string()
  .min(1)
  .max(39)
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, 'a GitHub organization login');

/** A whole number id GitHub gave (an App's, an installation's), as digits. */
const githubIdSchema = z.union([
  z.number().int().positive(),
  z.string().regex(/^[1-9]\d{0,19}$/, 'a GitHub id (digits)'),
]);

/** A GitHub App's credential: the connection acts as the App's installation on the account. */
export const githubAppCredentialSchema = z.object({
  appId: githubIdSchema.describe('the GitHub App’s id (its settings page, "App ID")'),
  installationId: githubIdSchema.describe('the id of the App’s installation on the organization'),
  privateKey: z
    .string()
    .max(20_000)
    .regex(
      /-----BEGIN (?:RSA )?PRIVATE KEY-----[\s\S]+-----END (?:RSA )?PRIVATE KEY-----/,
      'a PEM private key',
    )
    .describe('the App’s private key (PEM), stored sealed, never returned'),
});

/** A GitHub connection as an admin sends it; the token or App key is written, never read back. */
export const githubConnectionInputSchema = z.object({
  apiUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional()
    .describe(
      'the REST API base URL (default https://api.github.com; GitHub Enterprise Server: https://HOST/api/v3)',
    ),
  repositories: z
    .array(
      z
        .string()
        .min(1)
        .max(200)
        .regex(/^(?:[\w.-]+\/)?[\w.-]+$/, 'a repository name or owner/name'),
    )
    .max(1000)
    .nullable()
    .optional()
    .describe('the repositories to collect; null or omitted on creation: every repository not archived'),
  token: z
    .string()
    .min(10)
    .max(500)
    .regex(/^\S+$/, 'a token without spaces')
    .optional()
    .describe(
      'a fine-grained or classic personal access token (read-only); required on creation, omitted keeps',
    ),
  app: githubAppCredentialSchema
    .optional()
    .describe(
      'a GitHub App installation instead of a token: the App id, its installation id on the account, the App private key (PEM); replaces the token',
    ),
  enabled: z.boolean().optional(),
});

/** The last collection of a connection. */
export const connectorRunSchema = z.object({
  at: z.string(),
  status: z.enum(['succeeded', 'partial', 'failed']),
  /** The imports made, the units GitHub refused, the requests and rate-limit waits; or the error. */
  detail: z.unknown(),
});

/** A GitHub connection as the API answers it: whether a token is set, never the token. */
export const githubConnectionSchema = z.object({
  id: z.string(),
  account: z.string(),
  apiUrl: z.string(),
  repositories: z.array(z.string()).nullable(),
  enabled: z.boolean(),
  /** Whether a credential is set (the token, or the App's private key). */
  tokenConfigured: z.boolean(),
  /** How the connection authenticates: a personal access token, or as a GitHub App installation. */
  credentialKind: z.enum(['token', 'app']),
  /** The App and installation ids (`app` only; the private key is never returned). */
  app: z.object({ appId: z.string(), installationId: z.string() }).nullable(),
  lastRun: connectorRunSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type GithubAppCredential = z.infer<typeof githubAppCredentialSchema>;
export type GithubConnectionInput = z.infer<typeof githubConnectionInputSchema>;
export type GithubConnection = z.infer<typeof githubConnectionSchema>;
export type ConnectorRun = z.infer<typeof connectorRunSchema>;
