/**
 * Policies with acknowledgements (SPEC §3, issue 17, docs/decisions/0029):
 * Markdown documents with versions (each version's text content-addressed in
 * the blob store, an approved version's text recorded as system evidence),
 * acknowledgements of the version in force by active people (in-app or from
 * an HR / LMS export), the rule findings kept in step, and the state of the
 * plan's policies milestone. One ledger entry per creation, version,
 * approval, acknowledgement, import and findings sync.
 */
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { planFindingSync } from '../../core/access-reviews/rules.js';
import { inputDateProblem, isIsoDate } from '../../core/dates.js';
import type { Actor } from '../../core/ledger/chain.js';
import {
  type AcknowledgementFacts,
  acknowledgementsOf,
  type PersonFacts,
  POLICY_CONTROLS,
  POLICY_FINDING_SOURCE,
  type PolicyFacts,
  policiesMilestoneDoneFromCounts,
  policyFindings,
  reviewDueOn,
  teamShares,
} from '../../core/policies/rules.js';
import type { Cadence } from '../../core/vocabulary.js';
import { readCsvRecords } from '../../importers/csv/read-csv.js';
import { nowIso, todayIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type {
  DB,
  PoliciesTable,
  PolicyAcknowledgementsTable,
  PolicyVersionsTable,
} from '../../platform/db/schema.js';
import { AppError, ImportError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { type Write, write } from '../../platform/ledger/ledger.js';
import { listControls } from '../controls/control.repository.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { recordSystemEvidence } from '../evidence/system-evidence.js';
import { applyRuleFindingSync } from '../findings/rule-finding-sync.js';
import { listPeople } from '../people/person.repository.js';
import type { Person } from '../people/person.schema.js';
import { emailSchema } from '../people/person.schema.js';
import {
  approveVersionRow,
  findPolicyRow,
  insertAcknowledgements,
  insertPolicy,
  insertPolicyFindingLinks,
  insertVersion,
  listAcknowledgementRows,
  listPolicyControls,
  listPolicyRows,
  listVersionRows,
  openPolicyRuleFindings,
  policiesMilestoneState,
} from './policy.repository.js';
import {
  type AcknowledgementImportResult,
  type AcknowledgeResult,
  approveInputSchema,
  type PolicySummary,
  type PolicyView,
  policyInputSchema,
  versionInputSchema,
} from './policy.schema.js';

/** Who accepts a policy's approved text and an acknowledgement export as evidence: auditready itself. */
export const POLICY_REVIEWER: Actor = {
  type: 'system',
  id: 'policies',
  label: 'auditready policies (system-generated at approval or import)',
};

/** The columns of an acknowledgement export (HR or LMS). */
export const ACKNOWLEDGEMENT_COLUMNS = ['email', 'policy', 'version', 'acknowledged_at'] as const;

function invalid(field: string, message: string): AppError {
  return new AppError('invalid_input', `${field}: ${message}`, { field });
}

function checkDate(value: string, field: string): string {
  const problem = inputDateProblem(value);
  if (problem) throw invalid(field, problem);
  return value;
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
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

async function loadRecords(db: Kysely<DB>, orgId: string): Promise<PolicyRecords> {
  const [rows, versions, acknowledgements, people] = await Promise.all([
    listPolicyRows(db, orgId),
    listVersionRows(db, orgId),
    listAcknowledgementRows(db, orgId),
    listPeople(db, orgId),
  ]);
  return { rows, versions, acknowledgements, people };
}

function currentVersion(versions: readonly PolicyVersionsTable[], policyId: string) {
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

async function requirePolicy(db: Database['db'], orgId: string, idOrKey: string): Promise<PoliciesTable> {
  const row = await findPolicyRow(db, orgId, idOrKey);
  if (!row) throw notFound('policy', idOrKey);
  return row;
}

async function personByEmail(
  database: Database,
  orgId: string,
  email: string,
  field: string,
): Promise<Person> {
  const person = (await listPeople(database.db, orgId)).find((p) => p.email === email);
  if (!person) throw new AppError('not_found', `${field}: ${email} is not in the roster`, { field });
  return person;
}

async function storeText(stores: EvidenceStores, text: string): Promise<{ sha256: string; size: number }> {
  const blob = await stores.blobs.put(Readable.from([Buffer.from(text, 'utf8')]));
  return { sha256: blob.sha256, size: blob.size };
}

// ---------------------------------------------------------------- policies and versions

/** Creates a policy with its first version (a draft until approved). */
export async function createPolicy(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  input: unknown,
  options: { at?: string } = {},
): Promise<PolicyView> {
  const p = parse(policyInputSchema, input);
  const at = checkDate(options.at ?? todayIso(), 'at');
  const { database } = stores;
  if (await findPolicyRow(database.db, orgId, p.key))
    throw new AppError('conflict', `a policy with the key ${p.key} exists already`, { field: 'key' });
  const owner = await personByEmail(database, orgId, p.owner, 'owner');
  const approver = p.approver ? await personByEmail(database, orgId, p.approver, 'approver') : null;
  const codes = [...new Set(p.controls)];
  const controls = await listControls(database.db, orgId, { codes });
  const missing = codes.filter((c) => !controls.some((k) => k.code === c));
  if (missing.length > 0)
    throw new AppError('not_found', `controls: ${missing.join(', ')} not found`, { field: 'controls' });
  const stored = await storeText(stores, p.text);
  const now = nowIso();
  const policy: PoliciesTable = {
    id: newId(),
    org_id: orgId,
    key: p.key,
    title: p.title,
    owner_id: owner.id,
    approver_id: approver?.id ?? null,
    review_cadence: p.reviewCadence,
    created_at: now,
    updated_at: now,
  };
  const version: PolicyVersionsTable = {
    id: newId(),
    org_id: orgId,
    policy_id: policy.id,
    version: 1,
    sha256: stored.sha256,
    size: stored.size,
    summary: p.summary,
    created_on: at,
    approved_on: null,
    approved_by: null,
    created_at: now,
  };
  await write(database, { actor, orgId }, async (w) => {
    await insertPolicy(
      w.tx,
      policy,
      controls.map((c) => ({ policy_id: policy.id, org_id: orgId, control_id: c.id })),
      version,
    );
    w.record({
      action: 'create',
      recordType: 'policy',
      recordId: policy.id,
      change: { ...policy, controls: codes, version: { ...version } },
    });
    await syncPolicyFindings(w, orgId, at);
  });
  return getPolicy(stores, orgId, policy.id, { at });
}

/** Adds a new version of a policy's text (a draft until approved); the same text as the latest is refused. */
export async function addPolicyVersion(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  idOrKey: string,
  input: unknown,
  options: { at?: string } = {},
): Promise<PolicyView> {
  const v = parse(versionInputSchema, input);
  const at = checkDate(options.at ?? todayIso(), 'at');
  const policy = await requirePolicy(stores.database.db, orgId, idOrKey);
  const versions = await listVersionRows(stores.database.db, orgId, policy.id);
  const latest = versions[versions.length - 1]!;
  const stored = await storeText(stores, v.text);
  if (stored.sha256 === latest.sha256)
    throw new AppError('conflict', `the text is the same as version ${latest.version} of ${policy.key}`, {
      field: 'text',
    });
  const row: PolicyVersionsTable = {
    id: newId(),
    org_id: orgId,
    policy_id: policy.id,
    version: latest.version + 1,
    sha256: stored.sha256,
    size: stored.size,
    summary: v.summary,
    created_on: at,
    approved_on: null,
    approved_by: null,
    created_at: nowIso(),
  };
  await write(stores.database, { actor, orgId }, async (w) => {
    await insertVersion(w.tx, row);
    w.record({ action: 'create', recordType: 'policy-version', recordId: row.id, change: { ...row } });
  });
  return getPolicy(stores, orgId, policy.id, { at });
}

/**
 * Approves a version (the latest unless named) by the policy's approver
 * unless another person is named: it becomes the version in force, so every
 * active person is asked to acknowledge it again, and its text is recorded
 * as system evidence on the approved-policies requirement (GOV-07-E2).
 */
export async function approvePolicy(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  idOrKey: string,
  input: unknown,
  options: { at?: string } = {},
): Promise<PolicyView> {
  const a = parse(approveInputSchema, input);
  const at = checkDate(options.at ?? todayIso(), 'at');
  const approvedOn = a.approvedOn ?? at;
  const { database } = stores;
  const policy = await requirePolicy(database.db, orgId, idOrKey);
  const versions = await listVersionRows(database.db, orgId, policy.id);
  const version =
    a.version === undefined ? versions[versions.length - 1]! : versions.find((v) => v.version === a.version);
  if (!version) throw new AppError('not_found', `version ${a.version} of ${policy.key} not found`);
  if (version.approved_on !== null)
    throw new AppError(
      'conflict',
      `version ${version.version} of ${policy.key} was approved on ${version.approved_on}`,
    );
  const current = currentVersion(versions, policy.id);
  if (current && current.version > version.version)
    throw new AppError(
      'conflict',
      `version ${current.version} of ${policy.key} is in force already: approve a newer version, not version ${version.version}`,
    );
  if (current && approvedOn < current.approved_on!)
    throw invalid('approvedOn', `before the approval of version ${current.version} (${current.approved_on})`);
  if (approvedOn > todayIso()) throw invalid('approvedOn', `${approvedOn} is in the future`);
  if (approvedOn < version.created_on)
    throw invalid('approvedOn', `before version ${version.version} was written (${version.created_on})`);
  const approverId = a.approver
    ? (await personByEmail(database, orgId, a.approver, 'approver')).id
    : policy.approver_id;
  if (!approverId)
    throw invalid('approver', `${policy.key} has no approver: name the person who approves it`);
  const approver = (await listPeople(database.db, orgId)).find((p) => p.id === approverId)!;
  if (approver.status !== 'active') throw invalid('approver', `${approver.email} has departed`);
  await write(database, { actor, orgId }, async (w) => {
    await approveVersionRow(
      w.tx,
      orgId,
      { id: version.id, policyId: policy.id },
      { approved_on: approvedOn, approved_by: approverId, updated_at: nowIso() },
    );
    w.record({
      action: 'approve',
      recordType: 'policy-version',
      recordId: version.id,
      change: {
        policyId: policy.id,
        version: version.version,
        approvedOn: [null, approvedOn],
        approvedBy: approverId,
        sha256: version.sha256,
      },
    });
    await recordSystemEvidence(w, orgId, {
      requirementCodes: [POLICY_CONTROLS.approvedText],
      stored: {
        sha256: version.sha256,
        size: version.size,
        fileName: `${policy.key}-v${version.version}.md`,
        mediaType: 'text/markdown',
        url: null,
      },
      effectiveOn: approvedOn,
      description: `${policy.title} version ${version.version}, approved on ${approvedOn} by ${approver.email}`,
      reviewer: POLICY_REVIEWER,
    });
    await syncPolicyFindings(w, orgId, at);
  });
  return getPolicy(stores, orgId, policy.id, { at });
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

// ---------------------------------------------------------------- acknowledgements

/** Who acknowledges: the caller's person, and whether they may record for another person (leads). */
export interface AcknowledgingCaller {
  personId: string | null;
  mayRecordForOthers: boolean;
}

/**
 * A signed-in member acknowledges the version in force of a policy as the
 * person their membership is linked to, who must be active; a lead may
 * record the acknowledgement of a named person (a signed paper form).
 * Acknowledging again changes nothing.
 */
export async function acknowledgePolicy(
  database: Database,
  actor: Actor,
  orgId: string,
  input: { policy: string; caller: AcknowledgingCaller; person?: string | null; at?: string },
): Promise<AcknowledgeResult> {
  const at = checkDate(input.at ?? todayIso(), 'at');
  const policy = await requirePolicy(database.db, orgId, input.policy);
  const records = await loadRecords(database.db, orgId);
  const named = input.person ? records.people.find((p) => p.email === input.person) : undefined;
  if (input.person && !named) throw new AppError('not_found', `person: ${input.person} is not in the roster`);
  if (named && named.id !== input.caller.personId && !input.caller.mayRecordForOthers)
    throw new AppError('forbidden', 'only a lead records the acknowledgement of another person');
  const personId = named?.id ?? input.caller.personId;
  if (!personId)
    throw new AppError(
      'forbidden',
      'your membership is not linked to a person of the roster: nobody to acknowledge as',
    );
  const person = records.people.find((p) => p.id === personId && p.status === 'active');
  if (!person) throw new AppError('forbidden', 'only an active person of the roster acknowledges policies');
  const current = currentVersion(records.versions, policy.id);
  if (!current) throw new AppError('conflict', `${policy.key} has no approved version to acknowledge yet`);
  const existing = records.acknowledgements.find(
    (a) => a.version_id === current.id && a.person_id === person.id,
  );
  const result = (status: AcknowledgeResult['status'], on: string): AcknowledgeResult => ({
    status,
    policyId: policy.id,
    version: current.version,
    email: person.email,
    acknowledgedOn: on,
  });
  if (existing) return result('unchanged', existing.acknowledged_on);
  const row: PolicyAcknowledgementsTable = {
    id: newId(),
    org_id: orgId,
    version_id: current.id,
    person_id: person.id,
    acknowledged_on: at,
    source: 'in-app',
    source_ref: actor.id,
    created_at: nowIso(),
  };
  await write(database, { actor, orgId }, async (w) => {
    await insertAcknowledgements(w.tx, [row]);
    w.record({
      action: 'acknowledge',
      recordType: 'policy-version',
      recordId: current.id,
      change: {
        policyId: policy.id,
        version: current.version,
        personId: person.id,
        acknowledgedOn: at,
        source: 'in-app',
      },
    });
    await syncPolicyFindings(w, orgId, at);
  });
  return result('acknowledged', at);
}

/** One acknowledgement export file to import. */
export interface AcknowledgementImport {
  /** The file name the errors name. */
  file: string;
  input: Readable;
  /** T for the rule findings (today by default). */
  at?: string;
}

/**
 * Imports acknowledgements from an HR or LMS export (CSV
 * `email,policy,version,acknowledged_at`), all or nothing: a bad row names
 * its file, line, column and reason and nothing is stored. Each row must name
 * a person of the roster, a policy by key and one of its approved versions,
 * acknowledged on or after its approval and not after T. Acknowledgements
 * stored already are left alone, so the same file again is `unchanged`.
 * The file is recorded as system evidence on the acknowledgement export
 * requirement (GOV-08-E1).
 */
export async function importAcknowledgements(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  options: AcknowledgementImport,
): Promise<AcknowledgementImportResult> {
  const at = checkDate(options.at ?? todayIso(), 'at');
  const { database, blobs } = stores;
  const blob = await blobs.put(options.input);
  const records = await loadRecords(database.db, orgId);
  const people = new Map(records.people.map((p) => [p.email, p]));
  const policies = new Map(records.rows.map((p) => [p.key, p]));
  const stored = new Set(records.acknowledgements.map((a) => `${a.version_id}|${a.person_id}`));
  const seen = new Map<string, number>();
  const rows: PolicyAcknowledgementsTable[] = [];
  let total = 0;
  let latest = '';
  const now = nowIso();
  for await (const record of readCsvRecords(await blobs.open(blob.sha256), options.file, {
    required: ACKNOWLEDGEMENT_COLUMNS,
    known: ACKNOWLEDGEMENT_COLUMNS,
  })) {
    total += 1;
    const email = emailSchema.safeParse(record.get('email'));
    if (!email.success) throw record.error('email', `"${record.get('email')}" is not a valid e-mail address`);
    const person = people.get(email.data);
    if (!person) throw record.error('email', `${email.data} is not in the roster`);
    const key = record.get('policy');
    const policy = policies.get(key);
    if (!policy) throw record.error('policy', `no policy has the key "${key}"`);
    const rawVersion = record.get('version').replace(/^v/i, '');
    if (!/^\d{1,6}$/.test(rawVersion))
      throw record.error('version', `"${record.get('version')}" is not a version number`);
    const version = records.versions.find(
      (v) => v.policy_id === policy.id && v.version === Number(rawVersion),
    );
    if (!version) throw record.error('version', `${key} has no version ${rawVersion}`);
    if (version.approved_on === null)
      throw record.error(
        'version',
        `version ${version.version} of ${key} is not approved: nobody is asked to acknowledge it`,
      );
    const rawAt = record.get('acknowledged_at');
    const day = rawAt.slice(0, 10);
    if (!isIsoDate(day) || Number.isNaN(Date.parse(rawAt)))
      throw record.error('acknowledged_at', `"${rawAt}" is not an ISO-8601 date or time`);
    if (day < version.approved_on)
      throw record.error(
        'acknowledged_at',
        `${day} is before version ${version.version} of ${key} was approved (${version.approved_on})`,
      );
    if (day > at) throw record.error('acknowledged_at', `${day} is in the future`);
    const k = `${version.id}|${person.id}`;
    const before = seen.get(k);
    if (before !== undefined)
      throw record.error(
        'email',
        `${email.data} acknowledges version ${version.version} of ${key} on line ${before} already`,
      );
    seen.set(k, record.line);
    if (day > latest) latest = day;
    if (stored.has(k)) continue;
    rows.push({
      id: newId(),
      org_id: orgId,
      version_id: version.id,
      person_id: person.id,
      acknowledged_on: day,
      source: 'import',
      source_ref: blob.sha256,
      created_at: now,
    });
  }
  if (total === 0) throw new ImportError({ file: options.file }, 'the file has no acknowledgements');
  const result = { rows: total, added: rows.length, alreadyStored: total - rows.length };
  if (rows.length === 0) return { status: 'unchanged', ...result };
  await write(database, { actor, orgId }, async (w) => {
    await insertAcknowledgements(w.tx, rows);
    w.record({
      action: 'import',
      recordType: 'policy-acknowledgements',
      recordId: blob.sha256,
      change: { file: options.file, sha256: blob.sha256, ...result },
    });
    await recordSystemEvidence(w, orgId, {
      requirementCodes: [POLICY_CONTROLS.acknowledgements],
      stored: {
        sha256: blob.sha256,
        size: blob.size,
        fileName: options.file.split(/[\\/]/).pop()!.slice(0, 200),
        mediaType: 'text/csv',
        url: null,
      },
      effectiveOn: latest,
      description: `Policy acknowledgement export: ${total} acknowledgement(s), the latest on ${latest}`,
      reviewer: POLICY_REVIEWER,
    });
    await syncPolicyFindings(w, orgId, at);
  });
  return { status: 'imported', ...result };
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
async function syncPolicyFindings(
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
