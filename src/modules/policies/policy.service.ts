/**
 * Policies with acknowledgements (SPEC §3, issue 17, docs/decisions/0029): the
 * shared input checks and facts, the views of policies, the rule findings kept
 * in step and the state of the plan's policies milestone. Policies and their
 * versions (each version's text content-addressed in the blob store, an
 * approved version's text recorded as system evidence) are written in
 * policy-version.service.ts; acknowledgements of the version in force by active
 * people (in-app or from an HR / LMS export) in policy-acknowledgement.service.ts.
 * One ledger entry per creation, version, approval, acknowledgement, import
 * and findings sync.
 */
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { planFindingSync } from '../../core/access-reviews/rules.js';
import { inputDateProblem } from '../../core/dates.js';
import type { Actor } from '../../core/ledger/chain.js';
import {
  type AcknowledgementFacts,
  acknowledgementsOf,
  type PersonFacts,
  POLICY_FINDING_SOURCE,
  type PolicyFacts,
  policiesMilestoneDoneFromCounts,
  policyFindings,
  reviewDueOn,
  teamShares,
} from '../../core/policies/rules.js';
import type { Cadence } from '../../core/vocabulary.js';
import { todayIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type {
  DB,
  PoliciesTable,
  PolicyAcknowledgementsTable,
  PolicyVersionsTable,
} from '../../platform/db/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { type Write, write } from '../../platform/ledger/ledger.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { applyRuleFindingSync } from '../findings/rule-finding-sync.js';
import { listPeople } from '../people/person.repository.js';
import type { Person } from '../people/person.schema.js';
import {
  findPolicyRow,
  insertPolicyFindingLinks,
  listAcknowledgementRows,
  listPolicyControls,
  listPolicyRows,
  listVersionRows,
  openPolicyRuleFindings,
  policiesMilestoneState,
} from './policy.repository.js';
import type { PolicySummary, PolicyView } from './policy.schema.js';

/** Who accepts a policy's approved text and an acknowledgement export as evidence: auditready itself. */
export const POLICY_REVIEWER: Actor = {
  type: 'system',
  id: 'policies',
  label: 'auditready policies (system-generated at approval or import)',
};

/** The columns of an acknowledgement export (HR or LMS). */
export const ACKNOWLEDGEMENT_COLUMNS = ['email', 'policy', 'version', 'acknowledged_at'] as const;

export function invalid(field: string, message: string): AppError {
  return new AppError('invalid_input', `${field}: ${message}`, { field });
}

export function checkDate(value: string, field: string): string {
  const problem = inputDateProblem(value);
  if (problem) throw invalid(field, problem);
  return value;
}

export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw invalid(issue.path.map(String).join('.') || 'input', issue.message);
}

// ---------------------------------------------------------------- facts

/** Everything the policy rules and views read, loaded once. */
interface PolicyRecords {
  rows: PoliciesTable[];
  versions: PolicyVersionsTable[];
  acknowledgements: PolicyAcknowledgementsTable[];
  people: Person[];
}

export async function loadRecords(db: Kysely<DB>, orgId: string): Promise<PolicyRecords> {
  const [rows, versions, acknowledgements, people] = await Promise.all([
    listPolicyRows(db, orgId),
    listVersionRows(db, orgId),
    listAcknowledgementRows(db, orgId),
    listPeople(db, orgId),
  ]);
  return { rows, versions, acknowledgements, people };
}

export function currentVersion(versions: readonly PolicyVersionsTable[], policyId: string) {
  let current: PolicyVersionsTable | null = null;
  for (const v of versions)
    if (v.policy_id === policyId && v.approved_on !== null && (!current || v.version > current.version))
      current = v;
  return current;
}

function policyFacts(records: PolicyRecords): PolicyFacts[] {
  return records.rows.map((p) => {
    const current = currentVersion(records.versions, p.id);
    return {
      id: p.id,
      key: p.key,
      title: p.title,
      ownerId: p.owner_id,
      reviewCadence: p.review_cadence as Cadence,
      current: current
        ? { id: current.id, version: current.version, approvedOn: current.approved_on! }
        : null,
    };
  });
}

/** A person joins on the day they entered the roster. */
function personFacts(people: readonly Person[]): PersonFacts[] {
  return people.map((p) => ({
    id: p.id,
    email: p.email,
    name: p.name,
    team: p.team,
    status: p.status,
    joinedOn: p.createdAt.slice(0, 10),
  }));
}

function acknowledgementFacts(rows: readonly PolicyAcknowledgementsTable[]): AcknowledgementFacts[] {
  return rows.map((a) => ({
    versionId: a.version_id,
    personId: a.person_id,
    acknowledgedOn: a.acknowledged_on,
  }));
}

export async function requirePolicy(
  db: Database['db'],
  orgId: string,
  idOrKey: string,
): Promise<PoliciesTable> {
  const row = await findPolicyRow(db, orgId, idOrKey);
  if (!row) throw notFound('policy', idOrKey);
  return row;
}

export async function personByEmail(
  database: Database,
  orgId: string,
  email: string,
  field: string,
): Promise<Person> {
  const person = (await listPeople(database.db, orgId)).find((p) => p.email === email);
  if (!person) throw new AppError('not_found', `${field}: ${email} is not in the roster`, { field });
  return person;
}

export async function storeText(
  stores: EvidenceStores,
  text: string,
): Promise<{ sha256: string; size: number }> {
  const blob = await stores.blobs.put(Readable.from([Buffer.from(text, 'utf8')]));
  return { sha256: blob.sha256, size: blob.size };
}

function personRef(people: Map<string, Person>, id: string | null) {
  const p = id ? people.get(id) : undefined;
  return p ? { id: p.id, email: p.email, name: p.name } : null;
}

function summaryOf(
  policy: PoliciesTable,
  records: PolicyRecords,
  facts: PolicyFacts,
  controls: Awaited<ReturnType<typeof listPolicyControls>>,
  at: string,
): PolicySummary & { rows: ReturnType<typeof acknowledgementsOf> } {
  const people = new Map(records.people.map((p) => [p.id, p]));
  const current = facts.current ? records.versions.find((v) => v.id === facts.current!.id)! : null;
  const rows = acknowledgementsOf(
    facts,
    personFacts(records.people),
    acknowledgementFacts(records.acknowledgements),
    at,
  );
  const due = reviewDueOn(facts);
  return {
    id: policy.id,
    key: policy.key,
    title: policy.title,
    owner: personRef(people, policy.owner_id),
    approver: personRef(people, policy.approver_id),
    reviewCadence: facts.reviewCadence,
    controls: controls
      .filter((c) => c.policy_id === policy.id)
      .map((c) => ({ id: c.id, code: c.code, title: c.title })),
    latestVersion: Math.max(
      ...records.versions.filter((v) => v.policy_id === policy.id).map((v) => v.version),
    ),
    current: current
      ? {
          id: current.id,
          version: current.version,
          approvedOn: current.approved_on!,
          approvedBy: personRef(people, current.approved_by)?.email ?? null,
        }
      : null,
    reviewDueOn: due,
    reviewOverdue: due !== null && at > due,
    asked: rows.length,
    acknowledged: rows.filter((r) => r.acknowledgedOn !== null).length,
    overdue: rows.filter((r) => r.overdue).length,
    rows,
  };
}

/** Every policy with its version in force and acknowledgement progress at T, by key. */
export async function listPolicies(
  database: Database,
  orgId: string,
  options: { at?: string } = {},
): Promise<PolicySummary[]> {
  const at = checkDate(options.at ?? todayIso(), 'at');
  const records = await loadRecords(database.db, orgId);
  const facts = policyFacts(records);
  const controls = await listPolicyControls(database.db, orgId);
  return records.rows.map((p, i) => {
    const { rows: _rows, ...summary } = summaryOf(p, records, facts[i]!, controls, at);
    return summary;
  });
}

/** One policy with every version's text, every asked person and the share per team at T. */
export async function getPolicy(
  stores: EvidenceStores,
  orgId: string,
  idOrKey: string,
  options: { at?: string } = {},
): Promise<PolicyView> {
  const at = checkDate(options.at ?? todayIso(), 'at');
  const policy = await requirePolicy(stores.database.db, orgId, idOrKey);
  const records = await loadRecords(stores.database.db, orgId);
  const facts = policyFacts(records).find((f) => f.id === policy.id)!;
  const controls = await listPolicyControls(stores.database.db, orgId);
  const { rows, ...summary } = summaryOf(policy, records, facts, controls, at);
  const people = new Map(records.people.map((p) => [p.id, p]));
  const versions = [];
  for (const v of records.versions.filter((r) => r.policy_id === policy.id)) {
    const chunks: Buffer[] = [];
    for await (const chunk of await stores.blobs.open(v.sha256)) chunks.push(chunk as Buffer);
    versions.push({
      id: v.id,
      version: v.version,
      sha256: v.sha256,
      size: v.size,
      summary: v.summary,
      createdOn: v.created_on,
      approvedOn: v.approved_on,
      approvedBy: personRef(people, v.approved_by)?.email ?? null,
      text: Buffer.concat(chunks).toString('utf8'),
    });
  }
  return { ...summary, versions: versions.reverse(), people: rows, teams: teamShares(rows) };
}

/** Brings the policy rule findings up to date at T (overdue reviews and acknowledgements appear with time). */
export async function refreshPolicies(
  database: Database,
  actor: Actor,
  orgId: string,
  options: { at?: string } = {},
): Promise<{ findingsOpened: number; findingsResolved: number }> {
  const at = checkDate(options.at ?? todayIso(), 'at');
  return write(database, { actor, orgId }, async (w) => {
    const sync = await syncPolicyFindings(w, orgId, at);
    return { findingsOpened: sync.opened, findingsResolved: sync.resolved };
  });
}

/**
 * The day the plan's policies milestone was reached, or null while a policy is
 * unapproved or unacknowledged: one aggregate query (docs/decisions/0037), the
 * same answer as `policiesMilestoneDoneOn` over every record.
 */
export async function policiesMilestoneDone(database: Database, orgId: string): Promise<string | null> {
  return policiesMilestoneDoneFromCounts(await policiesMilestoneState(database.db, orgId));
}

// ---------------------------------------------------------------- rule findings

/**
 * Keeps the policy rule findings in step at T inside the caller's write:
 * opens what the rules want and is not open, resolves what is open and no
 * longer wanted; one ledger entry when anything changed.
 */
export async function syncPolicyFindings(
  w: Write,
  orgId: string,
  at: string,
): Promise<{ opened: number; resolved: number }> {
  const db = w.tx;
  const records = await loadRecords(db, orgId);
  const wanted = policyFindings({
    at,
    policies: policyFacts(records),
    people: personFacts(records.people),
    acknowledgements: acknowledgementFacts(records.acknowledgements),
  });
  const open = (await openPolicyRuleFindings(db, orgId)).map((o) => ({
    findingId: o.finding_id,
    rule: o.rule,
    key: o.subject_key,
  }));
  return applyRuleFindingSync(w, orgId, at, planFindingSync(wanted, open, at), {
    domain: 'policy',
    source: (f) => `${POLICY_FINDING_SOURCE}:${f.rule}`,
    resolution: 'the policy rule no longer applies',
    recordType: 'policy-findings',
    link: insertPolicyFindingLinks,
  });
}
