/**
 * The wire shape of an organization: a zod schema with its type inferred.
 */
import { z } from 'zod';
import { roleSchema } from '../users/user.schema.js';

export const organizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  createdAt: z.string(),
  /** Separation of duties: whoever uploaded a piece of evidence may not accept it (on by default). */
  separateReview: z.boolean(),
});

/** An organization as the rest of the code sees it. */
export type Organization = z.infer<typeof organizationSchema>;

/** An organization of the caller with the caller's role in it (`GET /orgs`). */
export const myOrganizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  role: roleSchema,
});
