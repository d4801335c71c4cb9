import { isEvidenceInAuditPeriod } from '../../core/audit/scope.js';
import type { DateRange } from '../../core/dates.js';
import type { PopulationRecord } from '../../core/sampling/population.js';
import { frequencyOfCadence, type SampleFrequency } from '../../core/sampling/sample-size.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { listAccessReviewPopulation } from '../access-reviews/access-review.populations.js';
import { inScopeControls } from '../audit/audit.service.js';
import { listChangePopulation } from '../changes/changes.populations.js';
import type { StoredEngagement } from '../engagements/engagement.schema.js';
import { toCoreEngagement } from '../engagements/engagement.service.js';
import { listEvidence } from '../evidence/evidence.repository.js';
import { listIncidentPopulation } from '../incidents/incident.populations.js';
import { listTicketPopulation } from '../tickets/tickets.populations.js';
import {
  exceptionsRecorded,
  findingsOpened,
  nhiEventsOf,
  peopleDeparted,
  peopleJoined,
} from './sampling.repository.js';

/** What a population reader is given: the store, the organization, the engagement and its audit period. */
export interface PopulationContext {
  database: Database;
  orgId: string;
  engagement: StoredEngagement;
  period: DateRange;
}

/** A population's records, and the frequency of the control they prove when it is known (else read from the count). */
export interface PopulationRead {
  records: PopulationRecord[];
  frequency: SampleFrequency | null;
}

/**
 * One kind of population: its name (`KIND` of `KIND[:ARG]`), a label, the
 * argument it needs, and how its records are read. A new kind (releases,
 * changes, access-review items, incidents) is one more entry of
 * {@link POPULATION_KINDS}.
 */
export interface PopulationKind {
  kind: string;
  label: string;
  argument: { name: string; description: string } | null;
  read(ctx: PopulationContext, arg: string | null): Promise<PopulationRead>;
}

const counted = (records: PopulationRecord[]): PopulationRead => ({ records, frequency: null });

/** The evidence of one requirement of an in-scope control, current versions in the audit period. */
const evidenceOfRequirement: PopulationKind = {
  kind: 'evidence',
  label: 'Evidence of one requirement',
  argument: { name: 'requirement', description: 'the requirement code, e.g. AC-02-E1' },
  async read(ctx, arg) {
    const controls = await inScopeControls(ctx.database, ctx.orgId, ctx.engagement);
    const requirement = controls.flatMap((c) => c.requirements).find((r) => r.code === arg);
    if (!requirement) throw notFound('requirement', arg ?? '');
    const core = toCoreEngagement(ctx.engagement);
    const evidence = await listEvidence(ctx.database.db, ctx.orgId, {
      requirementId: requirement.id,
      currentOnly: true,
    });
    return {
      records: evidence
        .filter((e) => isEvidenceInAuditPeriod(e, core))
        .map((e) => ({
          id: e.id,
          date: e.effectiveStart,
          label: `${e.fileName ?? e.url ?? e.description ?? e.kind} (${e.effectiveStart}..${e.effectiveEnd})`,
        })),
      frequency: frequencyOfCadence(requirement.cadence),
    };
  },
};

/**
 * The population kinds, by name: the store's own records and the operating
 * records (releases and changes, access-review decisions, incidents), each one entry.
 */
export const POPULATION_KINDS: Readonly<Record<string, PopulationKind>> = Object.fromEntries(
  (
    [
      evidenceOfRequirement,
      {
        kind: 'people-joined',
        label: 'People who joined (added to the roster) in the period',
        argument: null,
        read: async (ctx) => counted(await peopleJoined(ctx.database.db, ctx.orgId, ctx.period)),
      },
      {
        kind: 'people-departed',
        label: 'People who departed in the period',
        argument: null,
        read: async (ctx) => counted(await peopleDeparted(ctx.database.db, ctx.orgId, ctx.period)),
      },
      {
        kind: 'nhi-created',
        label: 'Non-human identities created in the period',
        argument: null,
        read: async (ctx) => counted(await nhiEventsOf(ctx.database.db, ctx.orgId, 'created', ctx.period)),
      },
      {
        kind: 'nhi-offboarded',
        label: 'Non-human identities offboarded in the period',
        argument: null,
        read: async (ctx) => counted(await nhiEventsOf(ctx.database.db, ctx.orgId, 'offboarded', ctx.period)),
      },
      {
        kind: 'findings',
        label: 'Findings opened in the period',
        argument: null,
        read: async (ctx) => counted(await findingsOpened(ctx.database.db, ctx.orgId, ctx.period)),
      },
      {
        kind: 'exceptions',
        label: 'Exceptions recorded in the period',
        argument: null,
        read: async (ctx) => counted(await exceptionsRecorded(ctx.database.db, ctx.orgId, ctx.period)),
      },
      {
        kind: 'releases',
        label: 'Production releases in the period',
        argument: null,
        read: async (ctx) =>
          counted(
            (await listChangePopulation(ctx.database, ctx.orgId, 'release', ctx.period)).map((r) => ({
              id: r.id,
              date: r.occurredOn,
              label: r.label,
            })),
          ),
      },
      {
        kind: 'changes',
        label: 'Changes (merged pull requests and direct pushes) in the period',
        argument: null,
        read: async (ctx) =>
          counted(
            (await listChangePopulation(ctx.database, ctx.orgId, 'change', ctx.period)).map((r) => ({
              id: r.id,
              date: r.occurredOn,
              label: r.label,
            })),
          ),
      },
      {
        kind: 'access-review-items',
        label: 'Access-review decisions in the period',
        argument: null,
        read: async (ctx) =>
          counted(
            (await listAccessReviewPopulation(ctx.database, ctx.orgId, ctx.period)).map((r) => ({
              id: r.id,
              date: r.occurredOn,
              label: r.label,
            })),
          ),
      },
      {
        kind: 'incidents',
        label: 'Incidents detected in the period',
        argument: null,
        read: async (ctx) =>
          counted(
            (await listIncidentPopulation(ctx.database, ctx.orgId, ctx.period)).map((r) => ({
              id: r.id,
              date: r.occurredOn,
              label: r.label,
            })),
          ),
      },
      {
        kind: 'tickets',
        label: 'Tickets (Jira, Linear) opened in the period, with their approval',
        argument: null,
        read: async (ctx) => counted(await listTicketPopulation(ctx.database, ctx.orgId, ctx.period)),
      },
    ] satisfies PopulationKind[]
  ).map((k) => [k.kind, k]),
);

/** The population kind named, with its argument checked; 400 naming the field otherwise. */
export function populationKindOf(kind: string, arg: string | null | undefined): PopulationKind {
  const found = Object.hasOwn(POPULATION_KINDS, kind) ? POPULATION_KINDS[kind] : undefined;
  if (!found)
    throw new AppError(
      'invalid_input',
      `unknown population kind "${kind}" (one of ${Object.keys(POPULATION_KINDS).join(', ')})`,
      { field: 'kind' },
    );
  if (found.argument && !arg)
    throw new AppError('invalid_input', `population ${kind} needs ${found.argument.description}`, {
      field: 'arg',
    });
  if (!found.argument && arg)
    throw new AppError('invalid_input', `population ${kind} takes no argument`, { field: 'arg' });
  return found;
}
