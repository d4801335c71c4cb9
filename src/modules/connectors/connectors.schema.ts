import { z } from 'zod';

/** A GitHub organization login (or user), as GitHub allows it. */
export const githubAccountSchema = z
  .string()
  .min(1)
  .max(39)
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, 'a GitHub organization login');

/** A GitHub connection as an admin sends it; the token is written, never read back. */
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
  tokenConfigured: z.boolean(),
  lastRun: connectorRunSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type GithubConnectionInput = z.infer<typeof githubConnectionInputSchema>;
export type GithubConnection = z.infer<typeof githubConnectionSchema>;
export type ConnectorRun = z.infer<typeof connectorRunSchema>;
