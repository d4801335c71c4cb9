import { z } from 'zod';
import { ACCOUNT_LIST_FORMATS } from '../../core/access-reviews/account-list-formats.js';
import { ACCESS_DECISIONS, SUBJECT_TYPES } from '../../core/access-reviews/rules.js';
import { inputDateSchema } from '../../core/date-schema.js';
import { CADENCES } from '../../core/vocabulary.js';
import { emailSchema } from '../people/person.schema.js';

/** The name of a system whose accounts are reviewed (`aws-prod`, `github-org`, `okta`). */
export const systemSchema = z
  .string()
  .trim()
  .min(1, 'name the system')
  .max(100)
  .regex(/^[\w .:@/#()+-]+$/u, 'letters, digits, spaces and . : @ / # ( ) + - only');

/** A new campaign: the system, its scope, reviewers, due date and cadence. */
export const campaignInputSchema = z
  .object({
    system: systemSchema,
    reviewers: z.array(emailSchema).min(1, 'name at least one reviewer').max(20),
    dueOn: inputDateSchema,
    cadence: z.enum(CADENCES).default('quarterly'),
    accounts: z.boolean().default(true).describe('review the people accounts of the latest account list'),
    nhiProvider: z.string().trim().min(1).max(60).nullable().default(null),
    nhiKind: z.string().trim().min(1).max(60).nullable().default(null),
  })
  .superRefine((c, ctx) => {
    if (!c.accounts && c.nhiProvider === null)
      ctx.addIssue({
        code: 'custom',
        path: ['nhiProvider'],
        message: 'a campaign reviews people accounts, NHIs of a provider, or both',
      });
    if (c.nhiKind !== null && c.nhiProvider === null)
      ctx.addIssue({ code: 'custom', path: ['nhiKind'], message: 'an NHI kind needs its provider' });
  });
/** Validated campaign fields. */
export type CampaignInput = z.infer<typeof campaignInputSchema>;

/** One decision on one item, by its subject (account name or NHI external id) or item id. */
export const decisionInputSchema = z.object({
  item: z.string().trim().min(1).max(500).describe('the subject (account or NHI external id) or the item id'),
  decision: z.enum(ACCESS_DECISIONS),
  comment: z.string().trim().max(2000).nullable().default(null),
});
/** A validated decision. */
export type DecisionInput = z.infer<typeof decisionInputSchema>;

/** The format of an account list file. */
export const accountListFormatSchema = z.enum(ACCOUNT_LIST_FORMATS);

/** What an account list import did. */
export const accountListResultSchema = z.object({
  status: z.enum(['imported', 'unchanged']),
  listId: z.string(),
  system: z.string(),
  format: accountListFormatSchema,
  asOf: z.string(),
  accounts: z.number().int(),
  matchedPeople: z.number().int(),
  followUpsClosed: z.number().int(),
});
/** What an account list import did. */
export type AccountListResult = z.infer<typeof accountListResultSchema>;

/** A follow-up of a revoke or change decision. */
export const followUpSchema = z.object({
  id: z.string(),
  itemId: z.string(),
  subject: z.string(),
  label: z.string(),
  action: z.enum(['revoke', 'change']),
  ownerId: z.string().nullable(),
  ownerEmail: z.string().nullable(),
  dueOn: z.string(),
  closedOn: z.string().nullable(),
  closedBy: z.enum(['account-list', 'nhi-inventory', 'evidence']).nullable(),
  closureRef: z.string().nullable(),
});
/** A follow-up as the API sends it. */
export type FollowUpView = z.infer<typeof followUpSchema>;

/** One item of a campaign and its decision. */
export const itemSchema = z.object({
  id: z.string(),
  subjectType: z.enum(SUBJECT_TYPES),
  subject: z.string(),
  label: z.string(),
  email: z.string().nullable(),
  personId: z.string().nullable(),
  ownerPersonId: z.string().nullable(),
  access: z.string(),
  decision: z.enum(ACCESS_DECISIONS).nullable(),
  comment: z.string().nullable(),
  decidedBy: z.string().nullable().describe('the e-mail of the reviewer who decided'),
  decidedAt: z.string().nullable(),
});
/** An item as the API sends it. */
export type ItemView = z.infer<typeof itemSchema>;

/** A campaign as lists show it, with its progress. */
export const campaignSummarySchema = z.object({
  id: z.string(),
  system: z.string(),
  cadence: z.enum(CADENCES),
  openedOn: z.string(),
  dueOn: z.string(),
  status: z.enum(['open', 'completed']),
  completedOn: z.string().nullable(),
  nhiProvider: z.string().nullable(),
  nhiKind: z.string().nullable(),
  accountListAsOf: z.string().nullable(),
  reviewers: z.array(z.object({ id: z.string(), email: z.string(), name: z.string() })),
  total: z.number().int(),
  decided: z.number().int(),
  revoked: z.number().int(),
  changed: z.number().int(),
  openFollowUps: z.number().int(),
  overdue: z.boolean().describe('open and past its due date'),
});
/** A campaign in a list. */
export type CampaignSummary = z.infer<typeof campaignSummarySchema>;

/** One campaign with every item and follow-up. */
export const campaignSchema = campaignSummarySchema.extend({
  items: z.array(itemSchema),
  followUps: z.array(followUpSchema),
});
/** A campaign as the API sends it. */
export type CampaignView = z.infer<typeof campaignSchema>;

/** A decision batch's outcome: how many decided, and the follow-ups opened. */
export const decideResultSchema = z.object({
  decided: z.number().int(),
  followUpsOpened: z.number().int(),
  campaign: campaignSchema,
});
/** What a decision batch did. */
export type DecideResult = z.infer<typeof decideResultSchema>;
