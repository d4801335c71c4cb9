/**
 * The wire shape of the activity log's entries: a zod schema with its type inferred.
 */
import { z } from 'zod';

export const activityEntrySchema = z.object({
  id: z.string(),
  seq: z.number(),
  at: z.string(),
  actor: z.object({ type: z.string(), id: z.string(), label: z.string() }),
  action: z.string(),
  recordType: z.string(),
  recordId: z.string(),
  change: z.unknown(),
  hash: z.string(),
});

/** One activity entry as the log shows it. */
export type ActivityEntry = z.infer<typeof activityEntrySchema>;
