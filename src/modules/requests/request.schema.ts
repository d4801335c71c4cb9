import { z } from 'zod';
import { inputDateSchema } from '../../core/date-schema.js';
import { REQUEST_STATUSES } from '../../core/requests/index.js';

/** A request's control as the API sends it. */
export const requestControlSchema = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  requirementCodes: z
    .array(z.string())
    .describe("the control's evidence requirements an answer's upload names"),
});

/** A request on the board: its fields, controls and assignee (a name only: auditors see no roster). */
export const requestSummarySchema = z.object({
  id: z.string(),
  engagementId: z.string(),
  reference: z.string(),
  text: z.string(),
  criteriaText: z.string().nullable().describe('what the list named in its control / criterion columns'),
  populationNote: z.string().nullable(),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  dueOn: z.string().nullable(),
  status: z.enum(REQUEST_STATUSES),
  mappedBy: z.enum(['auto', 'hand']).nullable().describe('how its controls were chosen; null: unmapped'),
  controls: z.array(requestControlSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** A request on the board. */
export type RequestSummary = z.infer<typeof requestSummarySchema>;

/** A piece of evidence an answer attaches. */
export const threadEvidenceSchema = z.object({
  id: z.string(),
  controlCode: z.string(),
  requirementCode: z.string(),
  fileName: z.string().nullable(),
  kind: z.string(),
  effectiveStart: z.string(),
  effectiveEnd: z.string(),
});

/** One entry of a request's thread. */
export const threadEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(['comment', 'answer', 'transition']),
  body: z.string(),
  fromStatus: z.enum(REQUEST_STATUSES).nullable(),
  toStatus: z.enum(REQUEST_STATUSES).nullable(),
  author: z.object({ type: z.string(), label: z.string() }),
  at: z.string(),
  evidence: z.array(threadEvidenceSchema),
});
/** One entry of a request's thread. */
export type ThreadEntry = z.infer<typeof threadEntrySchema>;

/** A request with its thread, oldest entry first. */
export const requestDetailSchema = requestSummarySchema.extend({ thread: z.array(threadEntrySchema) });
/** A request with its thread. */
export type RequestDetail = z.infer<typeof requestDetailSchema>;

const header = z.string().trim().min(1).max(200);

/** A column mapping: the list's header for each field (reference and text required). */
export const columnMappingColumnsSchema = z
  .object({
    reference: header,
    text: header,
    control: header,
    criterion: header,
    dueOn: header,
    population: header,
    assignee: header,
  })
  .partial()
  .strict();

/** A column mapping saved by name (one per audit firm). */
export const columnMappingSchema = z.object({
  name: z.string().trim().min(1).max(200),
  columns: columnMappingColumnsSchema,
});
/** A saved column mapping. */
export type ColumnMappingView = z.infer<typeof columnMappingSchema>;

/** What an import did: counts, the unmapped requests, owners it could not match, requests the list no longer names. */
export const requestImportResultSchema = z.object({
  engagementId: z.string(),
  mapping: z.object({ name: z.string().nullable(), columns: columnMappingColumnsSchema }),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  mapped: z.number().int().describe('requests with at least one control'),
  unmapped: z.array(z.object({ id: z.string(), reference: z.string(), text: z.string() })),
  unmatchedAssignees: z
    .array(z.object({ reference: z.string(), assignee: z.string() }))
    .describe('owner cells that name nobody of the roster (the request stays unassigned)'),
  notInList: z.array(z.string()).describe('references of earlier requests this list does not name (kept)'),
});
/** What an import did. */
export type RequestImportResult = z.infer<typeof requestImportResultSchema>;

/** A new request (by the company's lead or the auditor). */
export const requestInputSchema = z.object({
  reference: z.string().trim().min(1).max(60),
  text: z.string().trim().min(1).max(4000),
  populationNote: z.string().trim().max(4000).nullable().default(null),
  dueOn: inputDateSchema.nullable().default(null),
  controlCodes: z.array(z.string().trim().min(1).max(40)).max(200).default([]),
});

/** Changes to a request: assignee (e-mail of a person; null clears), due date, controls (replaces them). */
export const requestUpdateSchema = z.object({
  assigneeEmail: z.string().trim().max(320).nullable().optional(),
  dueOn: inputDateSchema.nullable().optional(),
  controlCodes: z.array(z.string().trim().min(1).max(40)).max(200).optional(),
});

/** A comment on a request's thread. */
export const commentInputSchema = z.object({ message: z.string().trim().min(1).max(8000) });

/** An answer attaching existing evidence of the request's controls. */
export const answerInputSchema = z.object({
  message: z.string().trim().max(8000).default(''),
  evidenceIds: z.array(z.string().trim().min(4).max(64)).min(1).max(100),
});

/** The reason a request is returned to the company. */
export const returnInputSchema = z.object({ reason: z.string().trim().min(1).max(8000) });
