// Policy acknowledgements: in-app by active people, or imported from an HR / LMS export
// (docs/decisions/0029).
import type { Readable } from 'node:stream';
import { isIsoDate } from '../../core/dates.js';
import type { Actor } from '../../core/ledger/chain.js';
import { POLICY_CONTROLS } from '../../core/policies/rules.js';
import { readCsvRecords } from '../../importers/csv/read-csv.js';
import { nowIso, todayIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { PolicyAcknowledgementsTable } from '../../platform/db/schema.js';
import { AppError, ImportError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { recordSystemEvidence } from '../evidence/system-evidence.js';
import { emailSchema } from '../people/person.schema.js';
import { insertAcknowledgements } from './policy.repository.js';
import type { AcknowledgementImportResult, AcknowledgeResult } from './policy.schema.js';
import {
  ACKNOWLEDGEMENT_COLUMNS,
  checkDate,
  currentVersion,
  loadRecords,
  POLICY_REVIEWER,
  requirePolicy,
  syncPolicyFindings,
} from './policy.service.js';

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
