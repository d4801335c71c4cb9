import { z } from 'zod';

const count = z.number().int().nonnegative();

/** Counts of system-generated and manually assembled evidence and the system share (null without evidence). */
export const provenanceShareSchema = z.object({
  system: count,
  manual: count,
  systemShare: z.number().min(0).max(1).nullable(),
});

/**
 * The provenance of an organization's current evidence (docs/decisions/0030):
 * overall, per control, and the overall share at the end of each past week.
 */
export const provenanceReportSchema = z.object({
  at: z.string(),
  overall: provenanceShareSchema,
  controls: z.array(
    provenanceShareSchema.extend({ controlId: z.string(), code: z.string(), title: z.string() }),
  ),
  trend: z.array(provenanceShareSchema.extend({ week: z.string() })),
});
/** The provenance report. */
export type ProvenanceReport = z.infer<typeof provenanceReportSchema>;
