/**
 * The shapes of the weekly cadence's pure outputs as zod schemas (types
 * inferred): a readiness snapshot, an owner's digest, a lead's digest. The
 * store keeps them as JSON and the API sends them as they are.
 */
import { z } from 'zod';
import { READINESS_STATUSES } from '../readiness/schema.js';

const count = z.number().int().nonnegative();
const statusCounts = z.object(Object.fromEntries(READINESS_STATUSES.map((s) => [s, count]))) as z.ZodObject<
  Record<(typeof READINESS_STATUSES)[number], typeof count>
>;

/** Readiness as it stood at one weekly run. */
export const snapshotContentSchema = z.object({
  at: z.string(),
  engagementId: z.string().nullable(),
  /** Controls by status. */
  controls: statusCounts,
  /** Per category (framework group): its controls' statuses counted through its criteria's worst status. */
  categories: z.array(
    z.object({
      frameworkId: z.string(),
      code: z.string(),
      title: z.string(),
      counts: z.record(z.string(), count),
    }),
  ),
  /** Status per control, by code. */
  controlStatus: z.record(z.string(), z.enum(READINESS_STATUSES)),
});

/** The difference of two snapshots: what the lead reads as "since last week". */
export const snapshotChangeSchema = z.object({
  week: z.string(),
  previousWeek: z.string().nullable(),
  controls: z.record(
    z.string(),
    z.object({ now: count, before: count.nullable(), change: z.number().int() }),
  ),
  categories: z.array(
    z.object({
      frameworkId: z.string(),
      code: z.string(),
      title: z.string(),
      gapsNow: count,
      gapsBefore: count.nullable(),
      readyNow: count,
      readyBefore: count.nullable(),
    }),
  ),
  /** Controls that are gaps now and were not in the previous snapshot (all gaps when there is none). */
  newGaps: z.array(z.string()),
  /** Controls that were gaps and no longer are. */
  closedGaps: z.array(z.string()),
});

/** Kinds of item an owner's digest lists; a requests module adds its items as `request`. */
export const DIGEST_ITEM_KINDS = ['due', 'overdue', 'rejected', 'finding', 'request'] as const;

/** One thing addressed to a person, with the page it is done on. */
export const digestItemSchema = z.object({
  kind: z.enum(DIGEST_ITEM_KINDS),
  personId: z.string(),
  title: z.string(),
  detail: z.string().nullable(),
  dueOn: z.string().nullable(),
  /** Path in the web UI, relative to the organization (`/controls/CC-01`). */
  link: z.string(),
});

/** One owner's weekly digest. */
export const ownerDigestSchema = z.object({
  kind: z.literal('owner'),
  week: z.string(),
  personId: z.string(),
  personName: z.string(),
  due: z.array(digestItemSchema),
  overdue: z.array(digestItemSchema),
  rejected: z.array(digestItemSchema),
  findings: z.array(digestItemSchema),
  requests: z.array(digestItemSchema),
});

/** A collection of the weekly run that failed. */
export const failedCollectionSchema = z.object({ source: z.string(), error: z.string() });

/** The compliance lead's weekly summary. */
export const leadDigestSchema = z.object({
  kind: z.literal('lead'),
  week: z.string(),
  personId: z.string(),
  personName: z.string(),
  change: snapshotChangeSchema,
  newGaps: z.array(
    z.object({
      controlCode: z.string(),
      title: z.string(),
      reason: z.string().nullable(),
      ownerName: z.string().nullable(),
      link: z.string(),
    }),
  ),
  milestones: z.array(z.object({ title: z.string(), dueOn: z.string(), link: z.string() })),
  failedCollections: z.array(failedCollectionSchema),
});

/** Either digest. */
export const digestContentSchema = z.discriminatedUnion('kind', [ownerDigestSchema, leadDigestSchema]);

export type SnapshotContent = z.infer<typeof snapshotContentSchema>;
export type SnapshotChange = z.infer<typeof snapshotChangeSchema>;
export type DigestItem = z.infer<typeof digestItemSchema>;
export type DigestItemKind = (typeof DIGEST_ITEM_KINDS)[number];
export type OwnerDigest = z.infer<typeof ownerDigestSchema>;
export type LeadDigest = z.infer<typeof leadDigestSchema>;
export type DigestContent = z.infer<typeof digestContentSchema>;
export type FailedCollection = z.infer<typeof failedCollectionSchema>;
