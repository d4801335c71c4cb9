import { z } from 'zod';
import { SAMPLE_FREQUENCIES } from '../../core/sampling/sample-size.js';

/** A kind of population a sample can be drawn from, and the argument it takes. */
export const populationKindSchema = z.object({
  kind: z.string(),
  label: z.string(),
  argument: z.object({ name: z.string(), description: z.string() }).nullable(),
});
/** A population kind as the API lists it. */
export type PopulationKindView = z.infer<typeof populationKindSchema>;

/** One record of a population as the API sends it. */
export const populationRecordSchema = z.object({ id: z.string(), date: z.string(), label: z.string() });

/** A population read now: its size, content hash, frequency, proposed sample size and first records. */
export const populationPreviewSchema = z.object({
  kind: z.string(),
  arg: z.string().nullable(),
  period: z.object({ start: z.string(), end: z.string() }),
  count: z.number(),
  hash: z.string(),
  frequency: z.enum(SAMPLE_FREQUENCIES),
  defaultSize: z.number(),
  items: z.array(populationRecordSchema),
});
/** A population preview. */
export type PopulationPreview = z.infer<typeof populationPreviewSchema>;

/** `POST …/samples`: the population, and optionally the size, seed and request. */
export const sampleInputSchema = z.object({
  kind: z.string().trim().min(1).max(60),
  arg: z.string().trim().min(1).max(200).nullable().optional(),
  size: z.number().int().min(1).max(1000).optional().describe('default: by frequency (sample-sizes)'),
  seed: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('recorded with the sample; random when omitted'),
  requestId: z.string().trim().min(1).max(64).nullable().optional().describe('the request it answers'),
});
/** Validated sample input. */
export type SampleInput = z.infer<typeof sampleInputSchema>;

/** One chosen record of a sample: its draw order and its place in the ordered population. */
export const sampleItemSchema = z.object({
  ordinal: z.number(),
  position: z.number(),
  recordId: z.string(),
  date: z.string(),
  label: z.string(),
});

/** A sample as the API sends it. */
export const sampleSchema = z.object({
  id: z.string(),
  engagementId: z.string(),
  requestId: z.string().nullable(),
  population: z.object({
    kind: z.string(),
    arg: z.string().nullable(),
    count: z.number(),
    hash: z.string(),
  }),
  frequency: z.enum(SAMPLE_FREQUENCIES),
  size: z.number(),
  seed: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  items: z.array(sampleItemSchema),
});
/** A sample with its chosen records. */
export type Sample = z.infer<typeof sampleSchema>;

/** One row of an engagement's sample-size table: our range and default, and the firm's override. */
export const sampleSizeRowSchema = z.object({
  frequency: z.enum(SAMPLE_FREQUENCIES),
  min: z.number(),
  max: z.number(),
  default: z.number(),
  override: z.number().nullable(),
});
/** A row of the sample-size table. */
export type SampleSizeRowView = z.infer<typeof sampleSizeRowSchema>;

/** `PUT …/sample-sizes`: the firm's size per frequency (null removes an override). */
export const sampleSizesInputSchema = z
  .partialRecord(z.enum(SAMPLE_FREQUENCIES), z.number().int().min(1).max(1000).nullable())
  .refine((o) => Object.keys(o).length > 0, 'name at least one frequency');
