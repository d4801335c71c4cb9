/**
 * Incidents and incident-response tests (SPEC §3, issue 17, docs/decisions/0027)
 * as pure rules: what an incident record must say to be consistent, the rule
 * findings (a follow-up action overdue, no IR test in the last 12 months, a
 * high or critical incident without a root cause after 14 days) and the plan
 * that keeps the stored findings in step with them. The date T is always an input.
 */
import { remediationDueOn } from '../at-date.js';
import { addDays, addMonths, type IsoDate, isInputDate } from '../dates.js';

/** How bad an incident is. */
export const INCIDENT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
/** One of {@link INCIDENT_SEVERITIES}. */
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

/** Where an incident stands: declared, contained, resolved (service restored), closed (post-mortem done). */
export const INCIDENT_STATUSES = ['open', 'contained', 'resolved', 'closed'] as const;
/** One of {@link INCIDENT_STATUSES}. */
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** How an incident-response test was run. */
export const IR_TEST_KINDS = ['tabletop', 'live'] as const;
/** One of {@link IR_TEST_KINDS}. */
export type IrTestKind = (typeof IR_TEST_KINDS)[number];

/** Days a high or critical incident may go without a root cause after its detection (IR-02: post-mortem within 10 business days). */
export const ROOT_CAUSE_DAYS = 14;
/** Months after an IR test before another one is due (IR-03: once a year). */
export const IR_TEST_MONTHS = 12;

/** The starter control of incident records and their follow-ups, and its requirements (register; post-mortems). */
export const INCIDENT_CONTROL = { control: 'IR-02', register: 'IR-02-E1', postMortems: 'IR-02-E2' } as const;
/** The starter control of IR tests, and its requirements (the exercise report; its follow-ups). */
export const IR_TEST_CONTROL = { control: 'IR-03', report: 'IR-03-E1', followUps: 'IR-03-E2' } as const;

/** The `source` of the findings incident rules raise. */
export const INCIDENT_FINDING_SOURCE = 'incident-rule';

/** The rules of incidents and IR tests, each raising findings on the starter IR controls. */
export const INCIDENT_RULES = ['follow-up-overdue', 'ir-test-missing', 'root-cause-missing'] as const;
/** One of {@link INCIDENT_RULES}. */
export type IncidentRule = (typeof INCIDENT_RULES)[number];

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Why a detection, containment or resolution time is not acceptable, or null:
 * a date `YYYY-MM-DD` or an ISO-8601 time with its zone (`2026-11-02T14:05Z`).
 */
export function timestampProblem(value: string): string | null {
  const m = TIMESTAMP.exec(value);
  if (!m || !isInputDate(m[1]) || (m[2] !== undefined && Number.isNaN(Date.parse(value))))
    return `"${value}" is not a date (YYYY-MM-DD) or an ISO-8601 time with its zone (2026-11-02T14:05Z)`;
  return null;
}

/** The day of a date or time (`2026-11-02T23:30Z` → `2026-11-02`). */
export function dayOf(timestamp: string): IsoDate {
  return timestamp.slice(0, 10);
}

/** The milliseconds a timestamp stands for (a bare date is the start of that day, UTC). */
function instant(timestamp: string): number {
  return Date.parse(timestamp.length === 10 ? `${timestamp}T00:00:00Z` : timestamp);
}

/** The parts of an incident whose consistency the rules check. */
export interface IncidentTimes {
  status: IncidentStatus;
  detectedAt: string;
  containedAt: string | null;
  resolvedAt: string | null;
}

/** One reason an incident record is inconsistent, with the field to correct. */
export interface IncidentProblem {
  field: 'containedAt' | 'resolvedAt' | 'status';
  message: string;
}

/**
 * Why an incident's times and status do not fit together: containment and
 * resolution not before detection (nor resolution before containment), a
 * contained incident says when, a resolved or closed one says when it was
 * resolved. Empty when consistent.
 */
export function incidentProblems(i: IncidentTimes): IncidentProblem[] {
  const out: IncidentProblem[] = [];
  if (i.containedAt !== null && instant(i.containedAt) < instant(i.detectedAt))
    out.push({
      field: 'containedAt',
      message: `contained (${i.containedAt}) before detected (${i.detectedAt})`,
    });
  if (i.resolvedAt !== null && instant(i.resolvedAt) < instant(i.detectedAt))
    out.push({
      field: 'resolvedAt',
      message: `resolved (${i.resolvedAt}) before detected (${i.detectedAt})`,
    });
  if (i.resolvedAt !== null && i.containedAt !== null && instant(i.resolvedAt) < instant(i.containedAt))
    out.push({
      field: 'resolvedAt',
      message: `resolved (${i.resolvedAt}) before contained (${i.containedAt})`,
    });
  if (i.status === 'contained' && i.containedAt === null)
    out.push({ field: 'status', message: 'a contained incident says when it was contained (containedAt)' });
  if ((i.status === 'resolved' || i.status === 'closed') && i.resolvedAt === null)
    out.push({ field: 'status', message: `a ${i.status} incident says when it was resolved (resolvedAt)` });
  if (i.status === 'open' && i.resolvedAt !== null)
    out.push({
      field: 'status',
      message: 'an incident with a resolution time is not open: say resolved or closed',
    });
  return out;
}

/** The day by which a high or critical incident detected on a day must have its root cause. */
export function rootCauseDueOn(detectedAt: string): IsoDate {
  return addDays(dayOf(detectedAt), ROOT_CAUSE_DAYS);
}

/** The day by which the next IR test is due after one held on a day. */
export function nextIrTestDueOn(heldOn: IsoDate): IsoDate {
  return addMonths(heldOn, IR_TEST_MONTHS);
}

/** An incident as the rules read it. */
export interface IncidentFacts {
  id: string;
  /** `INC-12` (the external id) or the title: how the finding names it. */
  label: string;
  title: string;
  severity: IncidentSeverity;
  detectedAt: string;
  rootCause: string | null;
  ownerId: string | null;
  ownerEmail: string | null;
}

/** A follow-up action (of an incident or an IR test) as the rules read it. */
export interface FollowUpFacts {
  id: string;
  /** What it follows up: an incident or an IR test. */
  of: 'incident' | 'ir-test';
  /** The label of the incident or IR test. */
  parent: string;
  action: string;
  ownerId: string | null;
  ownerEmail: string | null;
  dueOn: IsoDate;
  doneOn: IsoDate | null;
}

/** An IR test as the rules read it. */
export interface IrTestFacts {
  id: string;
  heldOn: IsoDate;
}

/** A finding the rules want open, keyed by rule and subject. */
export interface WantedIncidentFinding {
  rule: IncidentRule;
  /** What the finding is about (`follow-up:<id>`, `incident:<id>`, `ir-test`). */
  key: string;
  title: string;
  description: string;
  severity: 'high';
  ownerId: string | null;
  controlCodes: string[];
}

/** Everything the rules read at T. */
export interface IncidentRuleInput {
  at: IsoDate;
  incidents: readonly IncidentFacts[];
  followUps: readonly FollowUpFacts[];
  irTests: readonly IrTestFacts[];
}

const ownerText = (email: string | null) => (email ? `owner ${email}` : 'no owner');

/** The findings the incident rules want open at T, in a stable order. */
export function incidentFindings(input: IncidentRuleInput): WantedIncidentFinding[] {
  const out: WantedIncidentFinding[] = [];
  for (const f of input.followUps) {
    if (f.doneOn !== null && f.doneOn <= input.at) continue;
    if (input.at <= f.dueOn) continue;
    const control = f.of === 'incident' ? INCIDENT_CONTROL.control : IR_TEST_CONTROL.control;
    out.push({
      rule: 'follow-up-overdue',
      key: `follow-up:${f.id}`,
      title: `Follow-up "${f.action}" of ${f.parent} (${ownerText(f.ownerEmail)}) overdue since ${f.dueOn}`,
      description: `The follow-up action "${f.action}" of ${f.of === 'incident' ? 'incident' : 'IR test'} ${f.parent} was due on ${f.dueOn} and is not done (${ownerText(f.ownerEmail)}).`,
      severity: 'high',
      ownerId: f.ownerId,
      controlCodes: [control],
    });
  }
  for (const i of input.incidents) {
    if (i.severity !== 'high' && i.severity !== 'critical') continue;
    if (i.rootCause !== null && i.rootCause.trim() !== '') continue;
    const due = rootCauseDueOn(i.detectedAt);
    if (input.at <= due) continue;
    out.push({
      rule: 'root-cause-missing',
      key: `incident:${i.id}`,
      title: `Root cause of ${i.severity} incident ${i.label} (${ownerText(i.ownerEmail)}) missing, due ${due}`,
      description: `${i.label} "${i.title}" was detected on ${dayOf(i.detectedAt)}; a ${i.severity} incident has its root cause recorded within ${ROOT_CAUSE_DAYS} days (by ${due}) and this one has none.`,
      severity: 'high',
      ownerId: i.ownerId,
      controlCodes: [INCIDENT_CONTROL.control],
    });
  }
  const held = input.irTests.map((t) => t.heldOn).filter((d) => d <= input.at);
  const last = held.sort().at(-1) ?? null;
  if (last === null || nextIrTestDueOn(last) < input.at) {
    out.push({
      rule: 'ir-test-missing',
      key: 'ir-test',
      title:
        last === null
          ? 'No incident-response test (tabletop or live) recorded'
          : `No incident-response test since ${last}: the next was due ${nextIrTestDueOn(last)}`,
      description: `An incident-response test (a tabletop or a live exercise) is held at least every ${IR_TEST_MONTHS} months; ${last === null ? 'none is recorded' : `the last one was held on ${last}`}.`,
      severity: 'high',
      ownerId: null,
      controlCodes: [IR_TEST_CONTROL.control],
    });
  }
  return out.sort((a, b) => (a.rule + a.key < b.rule + b.key ? -1 : a.rule + a.key > b.rule + b.key ? 1 : 0));
}

/** A finding an incident rule raised earlier and that is still open. */
export interface OpenIncidentFinding {
  findingId: string;
  rule: string;
  key: string;
}

/** What to do to the stored findings: open the wanted ones not open yet, resolve the open ones no longer wanted. */
export interface IncidentFindingSyncPlan {
  open: { finding: WantedIncidentFinding; dueOn: IsoDate }[];
  resolve: string[];
}

/** The plan that keeps the stored incident rule findings in step with {@link incidentFindings} at T. */
export function planIncidentFindingSync(
  wanted: readonly WantedIncidentFinding[],
  open: readonly OpenIncidentFinding[],
  at: IsoDate,
): IncidentFindingSyncPlan {
  const keyOf = (f: { rule: string; key: string }) => `${f.rule}|${f.key}`;
  const openKeys = new Set(open.map(keyOf));
  const wantedKeys = new Set(wanted.map(keyOf));
  return {
    open: wanted
      .filter((w) => !openKeys.has(keyOf(w)))
      .map((finding) => ({ finding, dueOn: remediationDueOn(finding.severity, at) })),
    resolve: open
      .filter((o) => !wantedKeys.has(keyOf(o)))
      .map((o) => o.findingId)
      .sort(),
  };
}
