import { z } from 'zod';
import { inputDateSchema } from '../../core/date-schema.js';
import { PERSON_STATUSES } from '../../core/vocabulary.js';
import { AppError } from '../../platform/errors.js';

/** An e-mail address, trimmed and lower-cased so that matching by e-mail is exact. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'not a valid e-mail address' }).max(320));

/** An e-mail address given to a service (lower-cased), or 400 `invalid_input` naming the field. */
export function parseEmail(value: unknown, field: string): string {
  const parsed = emailSchema.safeParse(value);
  if (!parsed.success) throw new AppError('invalid_input', `${field}: not a valid e-mail address`);
  return parsed.data;
}

/** A calendar date `YYYY-MM-DD`. */
export const isoDateSchema = inputDateSchema;

/** A person as entered by hand or by a roster row (before ids are known). */
export const personInputSchema = z
  .object({
    email: emailSchema,
    name: z.string().trim().min(1, 'a name is required').max(200),
    team: z.string().trim().max(200).nullable().default(null),
    managerEmail: emailSchema.nullable().default(null),
    status: z.enum(PERSON_STATUSES).default('active'),
    departedOn: isoDateSchema.nullable().default(null),
  })
  .superRefine((p, ctx) => {
    if (p.status === 'departed' && !p.departedOn) {
      ctx.addIssue({
        code: 'custom',
        path: ['departedOn'],
        message: 'a departed person needs a departure date',
      });
    }
    if (p.status === 'active' && p.departedOn) {
      ctx.addIssue({
        code: 'custom',
        path: ['status'],
        message: 'a person with a departure date must be departed',
      });
    }
    if (p.managerEmail && p.managerEmail === p.email) {
      ctx.addIssue({
        code: 'custom',
        path: ['managerEmail'],
        message: 'a person cannot be their own manager',
      });
    }
  });

/** Validated person fields. */
export type PersonInput = z.infer<typeof personInputSchema>;

export const personSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  team: z.string().nullable(),
  managerEmail: z.string().nullable(),
  status: z.enum(PERSON_STATUSES),
  departedOn: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const rosterImportResultSchema = z.object({
  rows: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
});

/** A person as the API sends it. */
export type PersonView = z.infer<typeof personSchema>;

/** A stored person: its wire shape and its organization. */
export type Person = PersonView & { orgId: string };

/** What a roster import did. */
export type RosterImportResult = z.infer<typeof rosterImportResultSchema>;
