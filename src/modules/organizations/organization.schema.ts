/**
 * The wire shape of an organization: a zod schema with its type inferred.
 */
import { z } from 'zod';

export const organizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  createdAt: z.string(),
});

/** An organization as the rest of the code sees it. */
export type Organization = z.infer<typeof organizationSchema>;
