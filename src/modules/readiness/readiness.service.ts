import { FRAMEWORK_CATALOGS } from '../../catalogs/frameworks/index.js';
import { recordedBy } from '../../core/at-date.js';
import { inputDateProblem } from '../../core/dates.js';
import { compareSnapshots } from '../../core/digests/build.js';
import { type SnapshotChange, snapshotContentSchema } from '../../core/digests/schema.js';
import { coverageRanges, requirementsEffectiveAfter } from '../../core/evidence-index.js';
import {
  type Completion,
  computePlan,
  type DatedPlan,
  type PlanInput,
  readinessPlan,
} from '../../core/plan/index.js';
import { POLICIES_MILESTONE_COMPLETION } from '../../core/policies/rules.js';
import type {
  Burndown,
  ReadinessInput,
  ReadinessRequest,
  ReadinessResult,
} from '../../core/readiness/index.js';
import { computeBurndown, computeReadiness } from '../../core/readiness/index.js';
import type { EvidenceFact } from '../../core/records.js';
import { todayIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { recordsVersion, recordsVersions } from '../../platform/ledger/versions.js';
import { latestSnapshots } from '../cadence/cadence.repository.js';
import type { StoredEngagement } from '../engagements/engagement.schema.js';
import { resolveEngagement, toCoreEngagement } from '../engagements/engagement.service.js';
import { listExceptions } from '../exceptions/exception.repository.js';
import { listFindings } from '../findings/finding.repository.js';
import { listPeople } from '../people/person.repository.js';
import { listCompletions } from '../plan/plan.repository.js';
import { policiesMilestoneDone } from '../policies/policy.service.js';
import { readinessRequestRows } from '../requests/request.repository.js';
import { adminPersonIds } from '../users/user.repository.js';
import {
  evidenceFacts,
  evidenceFactsOfRequirements,
  latestEvidenceSources,
} from './facts/evidence-facts.repository.js';
import { type NextDue, nextDueDates } from './next-due.js';
import { cachedDerived, cachedReadiness } from './readiness-cache.js';
import { readinessMatrix } from './readiness-controls.repository.js';

/** Readiness inputs gathered from the store, the engagement they were computed for, and its plan. */
export interface ReadinessContext {
  input: ReadinessInput;
  engagement: StoredEngagement | null;
  /** The plan dated from the engagement (no gap items: readiness reads it, the gap work comes from readiness). */
  plan: DatedPlan | null;
}

/**
 * The evidence facts a result at T reads (docs/decisions/0006, 0008). T on or
 * after today: the kept facts (the latest of each review state, the earliest
 * covers), plus the whole history of the few requirements with a kept fact
 * effective only after T (the dating rules count evidence from its effective
 * start). A past T sees the evidence as it stood then, which the kept facts
 * (today's) cannot tell: the whole history, as the burndown reads it.
 */
async function factsAt(
  database: Database,
  orgId: string,
  at: string,
  today: string,
  engagement: StoredEngagement | null,
  history: 'scoped' | 'full' | undefined,
): Promise<EvidenceFact[]> {
  if (history === 'full' || recordedBy(at, today) !== null) return evidenceFacts(database.db, orgId);
  const kept = await evidenceFacts(database.db, orgId, {
    engagementId: engagement?.id ?? null,
    ranges: coverageRanges(engagement ? toCoreEngagement(engagement) : null),
  });
  const ahead = requirementsEffectiveAfter(kept, at);
  if (ahead.size === 0) return kept;
  return [
    ...kept.filter((f) => !ahead.has(f.requirementId)),
    ...(await evidenceFactsOfRequirements(database.db, orgId, [...ahead])),
  ];
}

/**
 * The ledger record types of evidence and its reviews. Uploads and reviews
 * are most of an organization's writes, and they change only the evidence
 * facts: the rest of what readiness reads is cached per version of the
 * records apart from them (see `loadRecordsApartFromEvidence`).
 */
const EVIDENCE_RECORD_TYPES: readonly string[] = ['evidence'];

/** A cache key's part for the engagement asked: its id, the latest (''), or none ('(none)'). */
function engagementKeyOf(engagementId: string | null | undefined): string {
  return engagementId === null ? '(none)' : (engagementId ?? '');
}

/** What readiness reads besides the evidence facts; shared between requests: never mutate. */
interface RecordsApartFromEvidence {
  engagement: StoredEngagement | null;
  /** The engagement as the pure rules read it. */
  coreEngagement: ReadinessInput['engagement'];
  /** The controls as the plan reads them. */
  planControls: PlanInput['controls'];
  people: ReadinessInput['people'];
  controls: ReadinessInput['controls'];
  requirements: ReadinessInput['requirements'];
  exceptions: ReadinessInput['exceptions'];
  findings: ReadinessInput['findings'];
  adminIds: ReadinessInput['adminIds'];
  requests: ReadinessRequest[];
  completions: Completion[];
}

/**
 * Everything readiness reads but the evidence facts, in a handful of
 * queries: the engagement, people, controls with their requirements and
 * mappings, exceptions, findings, admins, the engagement's requests and the
 * plan's completions. None of it changes with an evidence upload or review
 * (those write only evidence rows, their reviews and the readiness fact
 * tables, under the `evidence` record type), so the caller keeps it per
 * version of the records apart from evidence.
 */
async function loadRecordsApartFromEvidence(
  database: Database,
  orgId: string,
  engagementId: string | null | undefined,
): Promise<RecordsApartFromEvidence> {
  // null: readiness without any engagement (every control in scope, no plan), even when one exists.
  const engagement = engagementId === null ? null : await resolveEngagement(database, orgId, engagementId);
  const [people, { controls, requirements }, exceptions, findings, adminIds] = await Promise.all([
    listPeople(database.db, orgId),
    readinessMatrix(database.db, orgId),
    listExceptions(database.db, orgId),
    listFindings(database.db, orgId),
    adminPersonIds(database.db, orgId),
  ]);
  // The engagement's audit requests: due soon or overdue, they put their controls at risk or make them a gap.
  const requests = engagement ? await readinessRequests(database, orgId, engagement.id) : [];
  const completions: Completion[] = [];
  if (engagement) {
    for (const c of await listCompletions(database.db, orgId, engagement.id))
      completions.push({ key: c.item_key, doneOn: c.done_on, doneBy: c.done_by });
    // The policies milestone is done when the policy records say so (docs/decisions/0029), not only by hand.
    const policiesDone = await policiesMilestoneDone(database, orgId);
    if (policiesDone) completions.push({ ...POLICIES_MILESTONE_COMPLETION, doneOn: policiesDone });
  }
  return {
    engagement,
    coreEngagement: engagement ? toCoreEngagement(engagement) : null,
    planControls: controls.map((c) => ({ id: c.id, code: c.code, ownerId: c.ownerId })),
    people: people.map((p) => ({
      id: p.id,
      name: p.name,
      email: p.email,
      status: p.status,
      departedOn: p.departedOn,
    })),
    controls,
    requirements,
    exceptions: exceptions.map((x) => ({
      id: x.id,
      controlId: x.controlId,
      requirementId: x.requirementId,
      findingId: x.findingId,
      summary: x.summary,
      approverId: x.approverId,
      approvedOn: x.approvedOn,
      expiresOn: x.expiresOn,
      closedOn: x.closedOn,
      riskRating: x.riskRating,
      reviewCadence: x.reviewCadence,
      reviewedOn: x.reviews.map((r) => r.reviewedOn),
    })),
    findings: findings.map((f) => ({
      id: f.id,
      title: f.title,
      severity: f.severity,
      controlIds: f.controls.map((c) => c.id),
      ownerId: f.ownerId,
      dueOn: f.dueOn,
      openedOn: f.openedOn,
      resolvedOn: f.resolvedOn,
    })),
    adminIds,
    requests,
    completions,
  };
}

/**
 * Reads everything readiness needs for one organization in a handful of
 * queries (evidence pre-aggregated in SQL), derives the plan from the
 * engagement's dates, and returns the pure function's input.
 */
export async function loadReadinessContext(
  database: Database,
  orgId: string,
  options: {
    at?: string;
    engagementId?: string | null;
    history?: 'scoped' | 'full';
    /** The records version apart from evidence when the caller has just read it (`recordsVersions`). */
    versionApartFromEvidence?: string;
  } = {},
): Promise<ReadinessContext> {
  const today = todayIso();
  const at = options.at ?? today;
  const atProblem = inputDateProblem(at);
  if (atProblem) throw new AppError('invalid_input', `at ${at}: ${atProblem}`, { field: 'at' });
  // Read before the records, so what is cached under this version is at least as new as it.
  const apart =
    options.versionApartFromEvidence ?? (await recordsVersions(database, orgId, EVIDENCE_RECORD_TYPES)).apart;
  const records = await cachedDerived(
    database,
    `readiness-records|${orgId}|${engagementKeyOf(options.engagementId)}|${apart}`,
    () => loadRecordsApartFromEvidence(database, orgId, options.engagementId),
  );
  const { engagement, coreEngagement } = records;
  const [evidence, evidenceSources] = await Promise.all([
    factsAt(database, orgId, at, today, engagement, options.history),
    latestEvidenceSources(database.db, orgId),
  ]);
  let planInput: PlanInput | null = null;
  if (engagement && coreEngagement) {
    planInput = {
      engagement: coreEngagement,
      offsets: engagement.milestoneOffsets,
      controls: records.planControls,
      requirements: records.requirements,
      evidence,
      completions: records.completions,
      complianceLeadId: engagement.leadId,
    };
  }
  const input: ReadinessInput = {
    at,
    today,
    engagement: coreEngagement,
    complianceLeadId: engagement?.leadId ?? null,
    adminIds: records.adminIds,
    people: records.people,
    controls: records.controls,
    requirements: records.requirements,
    evidence,
    evidenceSources,
    exceptions: records.exceptions,
    findings: records.findings,
    requests: records.requests,
    // Readiness reads the plan's due dates only: not the whole dated plan (docs/decisions/0037).
    ...(planInput ? { plan: readinessPlan(planInput) } : {}),
    frameworks: FRAMEWORK_CATALOGS,
  };
  // The whole dated plan on first demand (the plan page, next due dates, reports), once per context.
  let plan: DatedPlan | null | undefined;
  return {
    input,
    engagement,
    get plan() {
      if (plan === undefined) plan = planInput ? computePlan(planInput) : null;
      return plan;
    },
  };
}

/** The requests of an engagement as readiness reads them. */
async function readinessRequests(
  database: Database,
  orgId: string,
  engagementId: string,
): Promise<ReadinessRequest[]> {
  const { requests, links } = await readinessRequestRows(database.db, orgId, engagementId);
  const controls = new Map<string, string[]>();
  for (const l of links) controls.set(l.request_id, [...(controls.get(l.request_id) ?? []), l.control_id]);
  return requests.map((r) => ({
    id: r.id,
    reference: r.reference,
    controlIds: controls.get(r.id) ?? [],
    assigneeId: r.assignee_id,
    dueOn: r.due_on,
    status: r.status as ReadinessRequest['status'],
  }));
}

async function readinessEntry(
  database: Database,
  orgId: string,
  options: { at?: string; engagementId?: string | null },
  loaded?: ReadinessContext,
) {
  const at = options.at ?? todayIso();
  // One read of the ledger heads gives the result's version and the one its records are kept under.
  const versions = await recordsVersions(database, orgId, EVIDENCE_RECORD_TYPES);
  const key = `${orgId}|${at}|${engagementKeyOf(options.engagementId)}|${versions.all}`;
  return cachedReadiness(database, key, async () => {
    const { input } =
      loaded ??
      (await loadReadinessContext(database, orgId, {
        ...options,
        at,
        versionApartFromEvidence: versions.apart,
      }));
    return computeReadiness(input);
  });
}

/**
 * The next due date of every control's evidence at T (today by default) for
 * the latest engagement: the earliest open plan item or requirement reason
 * (see `nextDueDates`). Computed once per version of the records and date.
 */
export async function getNextDueDates(
  database: Database,
  orgId: string,
  options: {
    at?: string;
    /** The records version (`recordsVersion`) when the caller has just read it. */
    version?: string;
  } = {},
): Promise<Map<string, NextDue>> {
  const at = options.at ?? todayIso();
  const key = `next-due|${orgId}|${at}|${options.version ?? (await recordsVersion(database, orgId))}`;
  return cachedDerived(database, key, async () => {
    const context = await loadReadinessContext(database, orgId, { at });
    const readiness = (await readinessEntry(database, orgId, { at }, context)).result;
    const notApplicable = new Set(
      context.input.controls.filter((c) => c.status === 'not-applicable').map((c) => c.id),
    );
    return nextDueDates(context.plan?.items ?? [], readiness.controls, notApplicable);
  });
}

/**
 * The dated plan of the latest (or named) engagement with readiness today for
 * it, the result taken from the cache when the records have not changed (the
 * context is read once either way: the plan needs it).
 */
export async function getPlanContext(
  database: Database,
  orgId: string,
  options: { engagementId?: string } = {},
): Promise<{ context: ReadinessContext; readiness: ReadinessResult | null }> {
  const at = todayIso();
  const context = await loadReadinessContext(database, orgId, { ...options, at });
  if (!context.engagement) return { context, readiness: null };
  // The same cache key as getReadiness with the same options: the dashboard's result serves the plan.
  const entry = await readinessEntry(database, orgId, { ...options, at }, context);
  return { context, readiness: entry.result };
}

/** Readiness of an organization at a date for an engagement (the latest one unless named; none when null). */
export async function getReadiness(
  database: Database,
  orgId: string,
  options: { at?: string; engagementId?: string | null } = {},
): Promise<ReadinessResult> {
  return (await readinessEntry(database, orgId, options)).result;
}

/**
 * The same result as JSON in UTF-8 bytes, serialised and encoded once per
 * version of the records (what the API sends: a quarter of a megabyte for
 * the demo organization, which cost more to encode per request than to look up).
 */
export async function getReadinessJson(
  database: Database,
  orgId: string,
  options: { at?: string; engagementId?: string } = {},
): Promise<Buffer> {
  const entry = await readinessEntry(database, orgId, options);
  entry.json ??= Buffer.from(JSON.stringify(entry.result));
  return entry.json;
}

/** The weekly burndown of gaps for an organization's engagement. */
export async function getBurndown(
  database: Database,
  orgId: string,
  options: { at?: string; engagementId?: string } = {},
): Promise<Burndown> {
  const { input } = await loadReadinessContext(database, orgId, { ...options, history: 'full' });
  return computeBurndown(input);
}

/**
 * The change of readiness since the previous weekly snapshot (the dashboard's
 * "since last week"): read from the snapshots the weekly run keeps, never a
 * recomputation of history; null before the first snapshot.
 */
export async function getReadinessChange(database: Database, orgId: string): Promise<SnapshotChange | null> {
  const [latest, previous] = await latestSnapshots(database.db, orgId);
  if (!latest) return null;
  return compareSnapshots(
    latest.week,
    snapshotContentSchema.parse(JSON.parse(latest.content)),
    previous
      ? { week: previous.week, content: snapshotContentSchema.parse(JSON.parse(previous.content)) }
      : null,
  );
}
