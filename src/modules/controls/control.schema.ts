import { z } from 'zod';
import {
  CADENCES,
  COLLECTION_METHODS,
  CONTROL_STATUSES,
  type ControlStatus,
  FRAMEWORK_IDS,
  type FrameworkId,
  SOURCE_TYPES,
} from '../../core/vocabulary.js';
import { emailSchema } from '../people/person.schema.js';

/** A control code such as `AC-03`. */
export const controlCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, 'a code is 1–32 letters, digits, dots, dashes or underscores');

/** An evidence requirement in its portable form (no ids). */
export const evidenceRequirementInputSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,47}$/, 'a requirement code is 1–48 letters, digits, dots, dashes'),
  artifact: z.string().trim().min(1, 'the artifact is required').max(1000),
  cadence: z.enum(CADENCES),
  sourceType: z.enum(SOURCE_TYPES),
  collection: z.enum(COLLECTION_METHODS),
});

/** Portable evidence requirement fields. */
export type EvidenceRequirementInput = z.infer<typeof evidenceRequirementInputSchema>;

/** Criterion codes per framework id (every shipped framework present, possibly empty). */
export const mappingsSchema = z.object(
  Object.fromEntries(FRAMEWORK_IDS.map((id) => [id, z.array(z.string())])) as Record<
    FrameworkId,
    z.ZodArray<z.ZodString>
  >,
);
/** Criterion codes per framework id. */
export type Mappings = z.infer<typeof mappingsSchema>;

/** A person as shown next to a control. */
export const personRefSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  status: z.string(),
});
export type PersonRef = z.infer<typeof personRefSchema>;

/** A control's own fields as the API sends them (the stored control adds its organization and owner ids). */
export const controlSchema = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  description: z.string(),
  status: z.enum(CONTROL_STATUSES),
  naJustification: z.string().nullable(),
  sourceOfTruth: z.string().nullable(),
  cadence: z.enum(CADENCES),
  suggestedOwnerRole: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** A control with its owner and backup owner, as lists show it. */
export const controlSummarySchema = controlSchema.extend({
  owner: personRefSchema.nullable(),
  backupOwner: personRefSchema.nullable(),
});

/** An evidence requirement as the API sends it (the stored one adds its organization, control and times). */
export const evidenceRequirementSchema = z.object({
  id: z.string(),
  code: z.string(),
  artifact: z.string(),
  cadence: z.enum(CADENCES),
  sourceType: z.enum(SOURCE_TYPES),
  collection: z.enum(COLLECTION_METHODS),
});

/** A control as the matrix lists it: crosswalk, SOC 2 categories and when its evidence is next due. */
export const controlListItemSchema = controlSummarySchema.extend({
  mappings: mappingsSchema.describe('criterion codes per framework'),
  categories: z
    .array(z.string())
    .describe('SOC 2 categories (CC1…CC9, A1, C1, PI1, P1–P8) of the mapped SOC 2 criteria'),
  nextDue: z
    .object({ dueOn: z.string(), requirementCode: z.string() })
    .nullable()
    .describe(
      "the earliest due date of the control's evidence (open plan items and readiness today); before today means overdue",
    ),
});
export type ControlListItem = z.infer<typeof controlListItemSchema>;

/** A control with its requirements and crosswalk. */
export const controlDetailSchema = controlSummarySchema.extend({
  requirements: z.array(evidenceRequirementSchema),
  mappings: mappingsSchema,
});

/** What a control matrix import did. */
export const controlImportResultSchema = z.object({
  rows: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
});

/** Mappings with every framework present and empty. */
export function emptyMappings(): Mappings {
  return Object.fromEntries(FRAMEWORK_IDS.map((id) => [id, []])) as unknown as Mappings;
}

/** Criterion codes per framework id, as given by a user (frameworks left out have none). */
export const mappingsInputSchema = z
  .object(
    Object.fromEntries(FRAMEWORK_IDS.map((id) => [id, z.array(z.string().trim().min(1).max(40)).max(500)])),
  )
  .partial();

/** The fields of a control one may change by hand (owners and mappings have their own operations). */
export const controlPatchSchema = z
  .object({
    title: z.string().trim().min(1).max(300),
    description: z.string().trim().max(5000),
    status: z.enum(CONTROL_STATUSES),
    naJustification: z.string().trim().max(2000).nullable(),
    sourceOfTruth: z.string().trim().max(200).nullable(),
    cadence: z.enum(CADENCES),
    suggestedOwnerRole: z.string().trim().max(200).nullable(),
    requirements: z.array(evidenceRequirementInputSchema).max(50),
  })
  .partial();

/**
 * One control in its portable form: the unit of the control matrix (CSV/JSON
 * export and import) and of bulk installs. People are named by e-mail.
 */
export const controlMatrixRowSchema = z
  .object({
    code: controlCodeSchema,
    title: z.string().trim().min(1, 'a title is required').max(300),
    description: z.string().trim().max(5000).default(''),
    status: z.enum(CONTROL_STATUSES).default('draft'),
    naJustification: z.string().trim().max(2000).nullable().default(null),
    ownerEmail: emailSchema.nullable().default(null),
    backupOwnerEmail: emailSchema.nullable().default(null),
    sourceOfTruth: z.string().trim().max(200).nullable().default(null),
    cadence: z.enum(CADENCES),
    suggestedOwnerRole: z.string().trim().max(200).nullable().default(null),
    requirements: z.array(evidenceRequirementInputSchema).max(50).default([]),
    mappings: mappingsInputSchema.default({}),
  })
  .superRefine((c, ctx) => {
    if (c.status === 'not-applicable' && !c.naJustification) {
      ctx.addIssue({
        code: 'custom',
        path: ['naJustification'],
        message: 'a not-applicable control needs a justification',
      });
    }
    if (c.status !== 'not-applicable' && c.naJustification) {
      ctx.addIssue({
        code: 'custom',
        path: ['naJustification'],
        message: 'only a not-applicable control carries a justification',
      });
    }
    if (c.ownerEmail && c.ownerEmail === c.backupOwnerEmail) {
      ctx.addIssue({
        code: 'custom',
        path: ['backupOwnerEmail'],
        message: 'the backup owner must differ from the owner',
      });
    }
    const codes = new Set<string>();
    for (const [i, r] of c.requirements.entries()) {
      if (codes.has(r.code)) {
        ctx.addIssue({
          code: 'custom',
          path: ['requirements', i, 'code'],
          message: `duplicate requirement ${r.code}`,
        });
      }
      codes.add(r.code);
    }
  });

/** A control in portable form, validated. */
export interface ControlMatrixRow {
  code: string;
  title: string;
  description: string;
  status: ControlStatus;
  naJustification: string | null;
  ownerEmail: string | null;
  backupOwnerEmail: string | null;
  sourceOfTruth: string | null;
  cadence: z.infer<typeof controlMatrixRowSchema>['cadence'];
  suggestedOwnerRole: string | null;
  requirements: EvidenceRequirementInput[];
  mappings: Mappings;
}

/** The first problem with a portable control: the field path and the reason. */
export interface RowIssue {
  path: PropertyKey[];
  message: string;
}

/** Parses a portable control, filling every framework's mapping list. */
export function parseControlMatrixRow(
  input: unknown,
): { ok: true; row: ControlMatrixRow } | { ok: false; issue: RowIssue } {
  const parsed = controlMatrixRowSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    return { ok: false, issue: { path: first.path, message: first.message } };
  }
  const mappings = emptyMappings();
  for (const id of FRAMEWORK_IDS) mappings[id] = [...new Set(parsed.data.mappings[id] ?? [])];
  return { ok: true, row: { ...parsed.data, mappings } };
}
