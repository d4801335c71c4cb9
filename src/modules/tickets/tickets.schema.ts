import { z } from 'zod';
import { TICKET_APPROVAL_STATUSES, TICKET_SOURCES } from '../../core/tickets/types.js';

const stateName = z.string().trim().min(1).max(200);
const requirementCode = z
  .string()
  .trim()
  .regex(/^[A-Z][A-Z0-9]*-\d{2}-E\d+$/, 'a requirement code like CM-04-E2');

/** One project's settings as given (what is absent keeps the stored setting, else the default). */
export const ticketProjectSettingsInputSchema = z
  .object({
    approvedStates: z.array(stateName).min(1).max(50).optional(),
    requirements: z.record(z.string().trim().min(1).max(200), z.array(requirementCode).max(20)).optional(),
    incidentPrefixes: z
      .array(
        z
          .string()
          .trim()
          .regex(/^[A-Za-z][A-Za-z0-9]*$/, 'a key prefix like INC'),
      )
      .max(20)
      .optional(),
    typesWithoutApproval: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
  })
  .strict();
export type TicketProjectSettingsInput = z.infer<typeof ticketProjectSettingsInputSchema>;

/** The project map: project key (or `*` for every project) → settings. */
export const ticketProjectMapSchema = z.record(
  z
    .string()
    .trim()
    .regex(/^(\*|[A-Za-z][A-Za-z0-9_-]*)$/, 'a project key like PAY, or *'),
  ticketProjectSettingsInputSchema,
);
export type TicketProjectMap = z.infer<typeof ticketProjectMapSchema>;

/** How to read an import. */
export const ticketImportInputSchema = z.object({
  source: z.enum(TICKET_SOURCES).optional(),
  projectMap: ticketProjectMapSchema.optional(),
});
export type TicketImportInput = z.infer<typeof ticketImportInputSchema>;

export const ticketImportCountsSchema = z.object({
  files: z.number().int(),
  issues: z.number().int(),
  duplicates: z.number().int(),
  transitions: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  approved: z.number().int(),
  selfApproved: z.number().int(),
  unapproved: z.number().int(),
  notRequired: z.number().int(),
  pullLinks: z.number().int(),
  linkedChanges: z.number().int(),
});
export type TicketImportCounts = z.infer<typeof ticketImportCountsSchema>;

export const ticketImportResultSchema = z.object({
  status: z.enum(['imported', 'unchanged']),
  importId: z.string(),
  source: z.enum(TICKET_SOURCES),
  sha256: z.string(),
  evidenceIds: z.array(z.string()),
  counts: ticketImportCountsSchema,
});
export type TicketImportResult = z.infer<typeof ticketImportResultSchema>;

const personSchema = z.object({ id: z.string(), name: z.string() });

/** A pull request a ticket names, with the change record it is when one is imported. */
export const ticketPullLinkSchema = z.object({
  pull: z.string(),
  changeId: z.string().nullable(),
  approval: z.string().nullable(),
});

/** One ticket as lists show it. */
export const ticketViewSchema = z.object({
  id: z.string(),
  source: z.enum(TICKET_SOURCES),
  key: z.string(),
  project: z.string(),
  type: z.string(),
  title: z.string(),
  status: z.string(),
  reporter: personSchema.nullable(),
  url: z.string().nullable(),
  openedAt: z.string(),
  approval: z.enum(TICKET_APPROVAL_STATUSES),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  transitions: z.array(
    z.object({ from: z.string().nullable(), to: z.string(), by: personSchema.nullable(), at: z.string() }),
  ),
  pulls: z.array(ticketPullLinkSchema),
  incidentKeys: z.array(z.string()),
  requirementCodes: z.array(z.string()),
});
export type TicketView = z.infer<typeof ticketViewSchema>;

/** The filters of the list. */
export const ticketListQuerySchema = z.object({
  project: z.string().trim().min(1).max(100).optional(),
  type: z.string().trim().min(1).max(200).optional(),
  approval: z.enum(TICKET_APPROVAL_STATUSES).optional(),
});
export type TicketListQuery = z.infer<typeof ticketListQuerySchema>;
