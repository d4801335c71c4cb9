import { z } from 'zod';

/** One thing `verify` checked, in words: what, how much, and each problem found. */
export const verifyCheckSchema = z.object({
  name: z.enum(['chains', 'checkpoints', 'checkpoint-file', 'records', 'nhi-batches', 'evidence-files']),
  ok: z.boolean(),
  /** What was checked, e.g. "1,204 entries in 3 chains re-hashed from their first entry". */
  summary: z.string(),
  problems: z.array(z.string()),
});
export type VerifyCheck = z.infer<typeof verifyCheckSchema>;

/** A signed checkpoint that the log no longer matches, or that does not verify. */
export const checkpointProblemSchema = z.object({
  source: z.enum(['store', 'file']),
  chain: z.string().nullable(),
  size: z.number().nullable(),
  message: z.string(),
});
export type CheckpointProblem = z.infer<typeof checkpointProblemSchema>;

/** Everything `verify` found (the API's answer and the CLI's --json). */
export const storeVerificationSchema = z.object({
  ok: z.boolean(),
  checks: z.array(verifyCheckSchema),
  entries: z.number(),
  chains: z.number(),
  problems: z.array(
    z.object({ chain: z.string(), seq: z.number(), entryId: z.string().nullable(), message: z.string() }),
  ),
  checkpoints: z.object({
    checked: z.number(),
    problems: z.array(checkpointProblemSchema),
  }),
  records: z.object({
    compared: z.record(z.string(), z.number()),
    problems: z.array(
      z.object({
        kind: z.string(),
        id: z.string(),
        problem: z.enum(['changed', 'missing', 'unlogged', 'removed']),
        field: z.string().nullable(),
        logged: z.unknown(),
        stored: z.unknown(),
        message: z.string(),
      }),
    ),
    more: z.number(),
  }),
  evidence: z.object({
    checked: z.number(),
    problems: z.array(
      z.object({
        sha256: z.string(),
        evidenceId: z.string(),
        problem: z.enum(['missing', 'mismatch']),
        message: z.string(),
      }),
    ),
  }),
});
export type StoreVerification = z.infer<typeof storeVerificationSchema>;
