/**
 * Vendor oversight (SPEC §3, issue 17 item 2, docs/decisions/0028): the
 * vendor register (by hand or a CSV import, idempotent by name), the SOC 2 /
 * ISO 27001 reports and bridge letters received (their files are evidence
 * on VM-03), the CUECs of the reports mapped to our controls, the recorded
 * reviews (each one's record is system evidence on VM-03-E1, the imported
 * register on VM-01-E2), and the rule findings kept in step at T inside
 * every write. One ledger entry per import, record and findings sync.
 */
import { Readable } from 'node:stream';
import type { z } from 'zod';
import { addMonths, inputDateProblem, maxDate } from '../../core/dates.js';
import type { Actor } from '../../core/ledger/chain.js';
import {
  assuranceAt,
  planVendorFindingSync,
  VENDOR_CONTROLS,
  type VendorCriticality,
  type VendorFacts,
  type VendorReportKind,
  type VendorRule,
  vendorFindingSource,
  vendorFindings,
} from '../../core/vendors/rules.js';
import { readCsvRecords } from '../../importers/csv/read-csv.js';
import { nowIso, todayIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { VendorsTable } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';
import { AppError, ImportError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { type Write, write } from '../../platform/ledger/ledger.js';
import { listControlDetails, listControls } from '../controls/control.repository.js';
import {
  type EvidenceStores,
  recordEvidence,
  type StoredContent,
  storeEvidenceContent,
} from '../evidence/evidence.service.js';
import { recordSystemEvidence } from '../evidence/system-evidence.js';
import { applyRuleFindingSync } from '../findings/rule-finding-sync.js';
import { findPersonByEmail, listPeople } from '../people/person.repository.js';
import { readinessFacts } from '../readiness/facts/readiness-facts.js';
import {
  insertBridgeLetter,
  insertCuec,
  insertReport,
  insertReview,
  insertRuleFindingLinks,
  insertVendors,
  listBridgeLetters,
  listCuecControls,
  listCuecs,
  listReports,
  listReviews,
  listVendorRows,
  openRuleFindings,
  replaceCuecControls,
  updateVendor,
} from './vendor.repository.js';
import {
  type BridgeLetterInput,
  bridgeLetterInputSchema,
  type CuecView,
  cuecInputSchema,
  cuecMappingSchema,
  type RegisterImportResult,
  type ReportInput,
  reportInputSchema,
  reviewInputSchema,
  type VendorInput,
  type VendorSummary,
  type VendorView,
  vendorInputSchema,
} from './vendor.schema.js';

/** Who accepts the records auditready writes about vendors as evidence (the register, each review). */
export const VENDOR_RECORDER: Actor = {
  type: 'system',
  id: 'vendors',
  label: 'auditready vendor oversight (system-generated)',
};

/** The columns of a vendor register CSV. */
export const REGISTER_COLUMNS = [
  'name',
  'service',
  'criticality',
  'data',
  'owner_email',
  'contract_start',
  'contract_end',
  'last_assessment',
  'next_review',
] as const;

/** The register column of each vendor field, for errors that name the column. */
const COLUMN_OF: Record<string, (typeof REGISTER_COLUMNS)[number]> = {
  name: 'name',
  service: 'service',
  criticality: 'criticality',
  dataTouched: 'data',
  ownerEmail: 'owner_email',
  contractStart: 'contract_start',
  contractEnd: 'contract_end',
  lastAssessedOn: 'last_assessment',
  nextReviewOn: 'next_review',
};

function invalid(field: string, message: string): AppError {
  return new AppError('invalid_input', `${field}: ${message}`, { field });
}

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.') || what;
  throw new AppError('invalid_input', `${field}: ${issue.message}`, { field, issues: parsed.error.issues });
}

function atOf(at: string | undefined): string {
  const value = at ?? todayIso();
  const problem = inputDateProblem(value);
  if (problem) throw invalid('at', problem);
  return value;
}

// ---------------------------------------------------------------- reading

interface Loaded {
  vendors: Awaited<ReturnType<typeof listVendorRows>>;
  reports: Awaited<ReturnType<typeof listReports>>;
  letters: Awaited<ReturnType<typeof listBridgeLetters>>;
  cuecs: Awaited<ReturnType<typeof listCuecs>>;
  mapped: Awaited<ReturnType<typeof listCuecControls>>;
}

async function load(db: Tx, orgId: string): Promise<Loaded> {
  return {
    vendors: await listVendorRows(db, orgId),
    reports: await listReports(db, orgId),
    letters: await listBridgeLetters(db, orgId),
    cuecs: await listCuecs(db, orgId),
    mapped: await listCuecControls(db, orgId),
  };
}

function factsOf(loaded: Loaded): VendorFacts[] {
  return loaded.vendors.map((v) => ({
    id: v.id,
    name: v.name,
    criticality: v.criticality as VendorCriticality,
    ownerId: v.owner_id,
    ownerEmail: v.owner_email,
    contractEnd: v.contract_end,
    nextReviewOn: v.next_review_on,
    reports: loaded.reports
      .filter((r) => r.vendor_id === v.id)
      .map((r) => ({
        kind: r.kind as VendorReportKind,
        periodStart: r.period_start,
        periodEnd: r.period_end,
        receivedOn: r.received_on,
      })),
    bridgeLetters: loaded.letters
      .filter((l) => l.vendor_id === v.id)
      .map((l) => ({ coveredFrom: l.covered_from, coveredTo: l.covered_to })),
    cuecs: loaded.cuecs
      .filter((c) => c.vendor_id === v.id)
      .map((c) => ({
        id: c.id,
        ref: c.ref,
        description: c.description,
        mappedControls: loaded.mapped.filter((m) => m.cuec_id === c.id).length,
      })),
  }));
}

type OpenFindings = Awaited<ReturnType<typeof openRuleFindings>>;

function findingsOfVendor(open: OpenFindings, vendorId: string, cuecIds: readonly string[]) {
  const keys = new Set([`vendor:${vendorId}`, ...cuecIds.map((id) => `cuec:${id}`)]);
  return open
    .filter((f) => keys.has(f.subject_key))
    .map((f) => ({
      id: f.finding_id,
      rule: f.rule as VendorRule,
      title: f.title,
      severity: f.severity,
      dueOn: f.due_on,
    }));
}

function summaryOf(
  row: Loaded['vendors'][number],
  facts: VendorFacts,
  open: OpenFindings,
  at: string,
): VendorSummary {
  const a = assuranceAt(facts.reports, facts.bridgeLetters, at);
  return {
    id: row.id,
    name: row.name,
    service: row.service,
    criticality: facts.criticality,
    dataTouched: row.data_touched,
    ownerId: row.owner_id,
    ownerEmail: row.owner_email,
    ownerName: row.owner_name,
    contractStart: row.contract_start,
    contractEnd: row.contract_end,
    lastAssessedOn: row.last_assessed_on,
    nextReviewOn: row.next_review_on,
    reviewOverdue: row.next_review_on !== null && at > row.next_review_on,
    assurance: {
      status: a.status,
      latestKind: a.latest?.kind ?? null,
      latestPeriodEnd: a.latest?.periodEnd ?? null,
      ageMonths: a.ageMonths,
      coveredUntil: a.coveredUntil,
    },
    cuecs: facts.cuecs.length,
    unmappedCuecs: facts.cuecs.filter((c) => c.mappedControls === 0).length,
    openFindings: findingsOfVendor(
      open,
      row.id,
      facts.cuecs.map((c) => c.id),
    ).length,
  };
}

/** The vendor register at T (today by default): each vendor with its assurance, CUECs and open findings, by name. */
export async function listVendors(
  database: Database,
  orgId: string,
  options: { at?: string } = {},
): Promise<VendorSummary[]> {
  const at = atOf(options.at);
  const loaded = await load(database.db, orgId);
  const facts = factsOf(loaded);
  const open = await openRuleFindings(database.db, orgId);
  return loaded.vendors.map((v, i) => summaryOf(v, facts[i]!, open, at));
}

function findVendorRow(loaded: Loaded, idOrName: string) {
  const key = idOrName.trim().toLowerCase();
  const row = loaded.vendors.find((v) => v.id === idOrName || v.name_key === key);
  if (!row) throw notFound('vendor', idOrName);
  return row;
}

/** One vendor (by id or name, case-insensitive) with its reports, bridge letters, CUECs, reviews and open findings. */
export async function getVendor(
  database: Database,
  orgId: string,
  idOrName: string,
  options: { at?: string } = {},
): Promise<VendorView> {
  const at = atOf(options.at);
  const loaded = await load(database.db, orgId);
  const row = findVendorRow(loaded, idOrName);
  const facts = factsOf(loaded).find((f) => f.id === row.id)!;
  const open = await openRuleFindings(database.db, orgId);
  const cuecs = loaded.cuecs.filter((c) => c.vendor_id === row.id);
  return {
    ...summaryOf(row, facts, open, at),
    reports: loaded.reports
      .filter((r) => r.vendor_id === row.id)
      .map((r) => ({
        id: r.id,
        kind: r.kind as VendorReportKind,
        periodStart: r.period_start,
        periodEnd: r.period_end,
        receivedOn: r.received_on,
        evidenceId: r.evidence_id,
        fileName: r.file_name,
      })),
    bridgeLetters: loaded.letters
      .filter((l) => l.vendor_id === row.id)
      .map((l) => ({
        id: l.id,
        coveredFrom: l.covered_from,
        coveredTo: l.covered_to,
        receivedOn: l.received_on,
        evidenceId: l.evidence_id,
        fileName: l.file_name,
      })),
    cuecList: cuecs.map(
      (c): CuecView => ({
        id: c.id,
        ref: c.ref,
        description: c.description,
        reportId: c.report_id,
        controls: loaded.mapped
          .filter((m) => m.cuec_id === c.id)
          .map((m) => ({ id: m.id, code: m.code, title: m.title })),
      }),
    ),
    reviews: (await listReviews(database.db, orgId, row.id)).map((r) => ({
      id: r.id,
      reviewedOn: r.reviewed_on,
      reviewerEmail: r.reviewer_email,
      notes: r.notes,
      nextReviewOn: r.next_review_on,
      evidenceSha256: r.evidence_sha256,
    })),
    findings: findingsOfVendor(
      open,
      row.id,
      cuecs.map((c) => c.id),
    ),
  };
}

// ---------------------------------------------------------------- the register

async function ownerIdOf(db: Tx, orgId: string, email: string | null, field: string): Promise<string | null> {
  if (email === null) return null;
  const person = await findPersonByEmail(db, orgId, email);
  if (!person)
    throw new AppError('not_found', `${field}: no person with e-mail ${email} in the roster`, { field });
  return person.id;
}

function registerFields(v: VendorInput, ownerId: string | null) {
  return {
    name: v.name,
    name_key: v.name.toLowerCase(),
    service: v.service,
    criticality: v.criticality,
    data_touched: v.dataTouched,
    owner_id: ownerId,
    contract_start: v.contractStart,
    contract_end: v.contractEnd,
    last_assessed_on: v.lastAssessedOn,
    next_review_on: v.nextReviewOn,
  };
}

/** Adds a vendor to the register by hand; a vendor of the same name (case-insensitive) is a conflict. */
export async function addVendor(
  database: Database,
  actor: Actor,
  orgId: string,
  input: unknown,
  options: { at?: string } = {},
): Promise<VendorView> {
  const at = atOf(options.at);
  const v = parse(vendorInputSchema, input, 'vendor');
  const ownerId = await ownerIdOf(database.db, orgId, v.ownerEmail, 'ownerEmail');
  const existing = (await listVendorRows(database.db, orgId)).find(
    (r) => r.name_key === v.name.toLowerCase(),
  );
  if (existing) throw new AppError('conflict', `vendor ${existing.name} is already in the register`);
  const now = nowIso();
  const row: VendorsTable = {
    id: newId(),
    org_id: orgId,
    ...registerFields(v, ownerId),
    created_at: now,
    updated_at: now,
  };
  await write(database, { actor, orgId }, async (w) => {
    await insertVendors(w.tx, [row]);
    w.record({ action: 'create', recordType: 'vendor', recordId: row.id, change: row });
    await syncRuleFindings(w, orgId, at);
  });
  return getVendor(database, orgId, row.id, { at });
}

/** One register file to import. */
export interface RegisterImport {
  /** The file name the errors name. */
  file: string;
  input: Readable;
  /** T for the evidence date and the rule findings (today by default). */
  at?: string;
}

const SAME_FIELDS = [
  'name',
  'service',
  'criticality',
  'data_touched',
  'owner_id',
  'contract_start',
  'contract_end',
  'last_assessed_on',
  'next_review_on',
] as const;

/**
 * Imports a vendor register (CSV `name,service,criticality,data,owner_email,
 * contract_start,contract_end,last_assessment,next_review`), all or
 * nothing: a bad row names its file, line, column and reason and nothing is
 * written. Vendors are matched by name (case-insensitive): a new name is
 * added, a known one updated; vendors the file does not list are kept. The
 * same register again changes nothing (`unchanged`). When anything changed,
 * the whole register becomes system evidence on VM-01-E2, effective at T.
 */
export async function importVendorRegister(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  options: RegisterImport,
): Promise<RegisterImportResult> {
  const at = atOf(options.at);
  const { database } = stores;
  const people = new Map((await listPeople(database.db, orgId)).map((p) => [p.email, p]));
  const existing = new Map((await listVendorRows(database.db, orgId)).map((v) => [v.name_key, v]));
  const seen = new Map<string, number>();
  const created: VendorsTable[] = [];
  const updated: { before: VendorsTable; after: VendorsTable }[] = [];
  let rows = 0;
  const now = nowIso();
  for await (const record of readCsvRecords(options.input, options.file, {
    required: ['name', 'service', 'criticality'],
    known: REGISTER_COLUMNS,
  })) {
    rows++;
    const parsed = vendorInputSchema.safeParse({
      name: record.get('name'),
      service: record.get('service'),
      criticality: record.get('criticality').toLowerCase(),
      dataTouched: record.get('data'),
      ownerEmail: record.get('owner_email') || null,
      contractStart: record.get('contract_start') || null,
      contractEnd: record.get('contract_end') || null,
      lastAssessedOn: record.get('last_assessment') || null,
      nextReviewOn: record.get('next_review') || null,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const column = COLUMN_OF[String(issue.path[0])] ?? 'name';
      throw record.error(column, issue.message);
    }
    const v = parsed.data;
    const key = v.name.toLowerCase();
    const before = seen.get(key);
    if (before !== undefined) throw record.error('name', `vendor "${v.name}" is already on line ${before}`);
    seen.set(key, record.line);
    let ownerId: string | null = null;
    if (v.ownerEmail !== null) {
      const person = people.get(v.ownerEmail);
      if (!person) throw record.error('owner_email', `no person with e-mail ${v.ownerEmail} in the roster`);
      ownerId = person.id;
    }
    const fields = registerFields(v, ownerId);
    const known = existing.get(key);
    if (!known) {
      created.push({ id: newId(), org_id: orgId, ...fields, created_at: now, updated_at: now });
      continue;
    }
    const { owner_email: _e, owner_name: _n, ...before_ } = known;
    if (SAME_FIELDS.some((f) => before_[f] !== fields[f]))
      updated.push({ before: before_, after: { ...before_, ...fields, updated_at: now } });
  }
  if (rows === 0) throw new ImportError({ file: options.file }, 'the register lists no vendor');
  const unchanged = rows - created.length - updated.length;
  if (created.length === 0 && updated.length === 0)
    return { status: 'unchanged', rows, created: 0, updated: 0, unchanged, evidenceIds: [] };

  const owners = new Map([...people.values()].map((p) => [p.id, p.email]));
  const byKey = new Map<string, VendorsTable>(
    [...existing].map(([k, { owner_email: _e, owner_name: _n, ...v }]) => [k, v]),
  );
  for (const v of [...created, ...updated.map((u) => u.after)]) byKey.set(v.name_key, v);
  const register = {
    kind: 'auditready vendor register',
    asOf: at,
    vendors: [...byKey.values()]
      .sort((a, b) => (a.name_key < b.name_key ? -1 : a.name_key > b.name_key ? 1 : 0))
      .map((v) => ({
        name: v.name,
        service: v.service,
        criticality: v.criticality,
        data: v.data_touched,
        owner: v.owner_id ? (owners.get(v.owner_id) ?? null) : null,
        contractStart: v.contract_start,
        contractEnd: v.contract_end,
        lastAssessment: v.last_assessed_on,
        nextReview: v.next_review_on,
      })),
  };
  const stored = await storeJson(stores, register);
  return write(database, { actor, orgId }, async (w) => {
    await insertVendors(w.tx, created);
    for (const u of updated) {
      const { id, org_id: _o, created_at: _c, ...fields } = u.after;
      await updateVendor(w.tx, orgId, id, fields);
    }
    w.record({
      action: 'import',
      recordType: 'vendor-register',
      recordId: orgId,
      change: {
        file: options.file.split(/[\\/]/).pop()!.slice(0, 200),
        sha256: stored.sha256,
        rows,
        created: created.map((v) => ({ id: v.id, name: v.name })),
        updated: updated.map((u) => ({
          id: u.after.id,
          name: u.after.name,
          fields: Object.fromEntries(
            SAME_FIELDS.filter((f) => u.before[f] !== u.after[f]).map((f) => [f, [u.before[f], u.after[f]]]),
          ),
        })),
      },
    });
    const evidenceIds = await recordSystemEvidence(w, orgId, {
      requirementCodes: [VENDOR_CONTROLS.register],
      stored: { ...stored, fileName: `vendor-register-${at}.json`, mediaType: 'application/json', url: null },
      effectiveOn: at,
      description: `Vendor register as of ${at}: ${register.vendors.length} vendors (owner, data, criticality, next review)`,
      reviewer: VENDOR_RECORDER,
    });
    await syncRuleFindings(w, orgId, at);
    return {
      status: 'imported' as const,
      rows,
      created: created.length,
      updated: updated.length,
      unchanged,
      evidenceIds,
    };
  });
}

async function storeJson(stores: EvidenceStores, json: unknown): Promise<{ sha256: string; size: number }> {
  const blob = await stores.blobs.put(Readable.from([Buffer.from(`${JSON.stringify(json, null, 2)}\n`)]));
  return { sha256: blob.sha256, size: blob.size };
}

// ---------------------------------------------------------------- reviews

/**
 * Records a review of a vendor: its date (T by default), reviewer, notes and
 * next review (a year later by default). The vendor's last assessment and
 * next review move with it, and the review's record — the vendor, its
 * reports, bridge letters and CUECs as they stood — becomes system evidence
 * on VM-03-E1, effective on the review's day.
 */
export async function recordVendorReview(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  vendorIdOrName: string,
  input: unknown,
  options: { at?: string } = {},
): Promise<VendorView> {
  const r = parse(reviewInputSchema, input, 'review');
  const at = atOf(options.at);
  const reviewedOn = r.reviewedOn ?? at;
  const nextReviewOn = r.nextReviewOn ?? addMonths(reviewedOn, 12);
  if (nextReviewOn <= reviewedOn) throw invalid('nextReviewOn', 'the next review must come after this one');
  const { database } = stores;
  const before = await getVendor(database, orgId, vendorIdOrName, { at: reviewedOn });
  const reviewerId = await ownerIdOf(database.db, orgId, r.reviewerEmail, 'reviewerEmail');
  const record = {
    kind: 'auditready vendor review',
    vendor: {
      name: before.name,
      service: before.service,
      criticality: before.criticality,
      data: before.dataTouched,
      owner: before.ownerEmail,
      contractStart: before.contractStart,
      contractEnd: before.contractEnd,
    },
    review: { reviewedOn, reviewer: r.reviewerEmail, notes: r.notes, nextReviewOn },
    assurance: before.assurance,
    reports: before.reports.map(({ id: _i, evidenceId: _e, ...rest }) => rest),
    bridgeLetters: before.bridgeLetters.map(({ id: _i, evidenceId: _e, ...rest }) => rest),
    cuecs: before.cuecList.map((c) => ({
      ref: c.ref,
      description: c.description,
      controls: c.controls.map((k) => k.code),
    })),
  };
  const stored = await storeJson(stores, record);
  const id = newId();
  await write(database, { actor, orgId }, async (w) => {
    const row = {
      id,
      org_id: orgId,
      vendor_id: before.id,
      reviewed_on: reviewedOn,
      reviewer_id: reviewerId,
      notes: r.notes,
      next_review_on: nextReviewOn,
      evidence_sha256: stored.sha256,
      created_at: nowIso(),
    };
    await insertReview(w.tx, row);
    const latest = before.lastAssessedOn === null || before.lastAssessedOn <= reviewedOn;
    if (latest)
      await updateVendor(w.tx, orgId, before.id, {
        last_assessed_on: reviewedOn,
        next_review_on: nextReviewOn,
        updated_at: nowIso(),
      });
    w.record({ action: 'review', recordType: 'vendor-review', recordId: id, change: row });
    await recordSystemEvidence(w, orgId, {
      requirementCodes: [VENDOR_CONTROLS.reviewRecord],
      stored: {
        ...stored,
        fileName: `vendor-review-${before.name}-${reviewedOn}.json`.replace(/[^\w.-]+/g, '-'),
        mediaType: 'application/json',
        url: null,
      },
      effectiveOn: reviewedOn,
      description: `Review of vendor ${before.name} on ${reviewedOn}${r.reviewerEmail ? ` by ${r.reviewerEmail}` : ''}; next review ${nextReviewOn}`,
      reviewer: VENDOR_RECORDER,
    });
    await syncRuleFindings(w, orgId, maxDate(at, reviewedOn));
  });
  return getVendor(database, orgId, before.id, { at });
}

// ---------------------------------------------------------------- reports and bridge letters

/** A file sent with a report or bridge letter. */
export interface VendorFile {
  fileName: string;
  input: Readable;
  mediaType?: string | null;
  maxBytes?: number;
}

async function requirementFor(db: Tx, orgId: string, code: string) {
  const controlCode = code.replace(/-E\d+$/, '');
  const [control] = await listControlDetails(db, orgId, { codes: [controlCode] });
  const requirement = control?.requirements.find((r) => r.code === code);
  if (!control || !requirement)
    throw new AppError(
      'conflict',
      `the organization has no evidence requirement ${code} (control ${controlCode}) to file it on: restore the starter control first`,
    );
  return { control, requirement };
}

/** Records an uploaded file as submitted evidence (a document) on a requirement, inside the caller's write. */
async function fileAsEvidence(
  w: Write,
  orgId: string,
  code: string,
  stored: StoredContent,
  effectiveOn: string,
  description: string,
) {
  const { control, requirement } = await requirementFor(w.tx, orgId, code);
  const row = await recordEvidence(w, orgId, {
    controlId: control.id,
    requirement,
    kind: 'file',
    stored,
    effective: { start: effectiveOn, end: effectiveOn },
    description,
    sourceType: 'document',
    supersedesId: null,
  });
  await readinessFacts.afterEvidence(w, [row]);
  return row;
}

const REPORT_LABELS: Record<VendorReportKind, string> = {
  'soc2-type1': 'SOC 2 Type I',
  'soc2-type2': 'SOC 2 Type II',
  iso27001: 'ISO 27001',
};

/**
 * Adds a report received from a vendor with its file: the file is stored as
 * evidence on VM-03-E1 (a document, submitted: a lead reviews it like any
 * upload), effective on the day it was received.
 */
export async function addVendorReport(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  vendorIdOrName: string,
  input: unknown,
  file: VendorFile,
  options: { at?: string } = {},
): Promise<VendorView> {
  const at = atOf(options.at);
  const r: ReportInput = parse(reportInputSchema, input, 'report');
  const vendor = findVendorRow(await load(stores.database.db, orgId), vendorIdOrName);
  await requirementFor(stores.database.db, orgId, VENDOR_CONTROLS.reviewRecord);
  const stored = await storeEvidenceContent(
    stores.blobs,
    { kind: 'file', stream: file.input, fileName: file.fileName, mediaType: file.mediaType ?? null },
    file.maxBytes,
  );
  await write(stores.database, { actor, orgId }, async (w) => {
    const evidence = await fileAsEvidence(
      w,
      orgId,
      VENDOR_CONTROLS.reviewRecord,
      stored,
      r.receivedOn,
      `${REPORT_LABELS[r.kind]} report of ${vendor.name}, period ${r.periodStart} to ${r.periodEnd}, received ${r.receivedOn}`,
    );
    const row = {
      id: newId(),
      org_id: orgId,
      vendor_id: vendor.id,
      kind: r.kind,
      period_start: r.periodStart,
      period_end: r.periodEnd,
      received_on: r.receivedOn,
      evidence_id: evidence.id,
      file_name: stored.fileName ?? 'report',
      sha256: stored.sha256!,
      created_at: nowIso(),
    };
    await insertReport(w.tx, row);
    w.record({ action: 'create', recordType: 'vendor-report', recordId: row.id, change: row });
    await syncRuleFindings(w, orgId, at);
  });
  return getVendor(stores.database, orgId, vendor.id, { at });
}

/**
 * Adds a bridge letter of a vendor with its file: the days it covers after a
 * report's period, the file stored as evidence on VM-03-E2 (submitted),
 * effective on the day it was received.
 */
export async function addBridgeLetter(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  vendorIdOrName: string,
  input: unknown,
  file: VendorFile,
  options: { at?: string } = {},
): Promise<VendorView> {
  const at = atOf(options.at);
  const b: BridgeLetterInput = parse(bridgeLetterInputSchema, input, 'bridgeLetter');
  const vendor = findVendorRow(await load(stores.database.db, orgId), vendorIdOrName);
  await requirementFor(stores.database.db, orgId, VENDOR_CONTROLS.bridgeLetter);
  const stored = await storeEvidenceContent(
    stores.blobs,
    { kind: 'file', stream: file.input, fileName: file.fileName, mediaType: file.mediaType ?? null },
    file.maxBytes,
  );
  await write(stores.database, { actor, orgId }, async (w) => {
    const evidence = await fileAsEvidence(
      w,
      orgId,
      VENDOR_CONTROLS.bridgeLetter,
      stored,
      b.receivedOn,
      `Bridge letter of ${vendor.name} covering ${b.coveredFrom} to ${b.coveredTo}, received ${b.receivedOn}`,
    );
    const row = {
      id: newId(),
      org_id: orgId,
      vendor_id: vendor.id,
      covered_from: b.coveredFrom,
      covered_to: b.coveredTo,
      received_on: b.receivedOn,
      evidence_id: evidence.id,
      file_name: stored.fileName ?? 'bridge-letter',
      sha256: stored.sha256!,
      created_at: nowIso(),
    };
    await insertBridgeLetter(w.tx, row);
    w.record({ action: 'create', recordType: 'vendor-bridge-letter', recordId: row.id, change: row });
    await syncRuleFindings(w, orgId, at);
  });
  return getVendor(stores.database, orgId, vendor.id, { at });
}

// ---------------------------------------------------------------- CUECs

/** Lists a complementary user entity control from a vendor's report (its reference unique per vendor). */
export async function addCuec(
  database: Database,
  actor: Actor,
  orgId: string,
  vendorIdOrName: string,
  input: unknown,
  options: { at?: string } = {},
): Promise<VendorView> {
  const at = atOf(options.at);
  const c = parse(cuecInputSchema, input, 'cuec');
  const loaded = await load(database.db, orgId);
  const vendor = findVendorRow(loaded, vendorIdOrName);
  if (loaded.cuecs.some((x) => x.vendor_id === vendor.id && x.ref.toLowerCase() === c.ref.toLowerCase()))
    throw new AppError('conflict', `${vendor.name} already lists CUEC ${c.ref}`);
  if (c.reportId !== null && !loaded.reports.some((r) => r.id === c.reportId && r.vendor_id === vendor.id))
    throw new AppError('not_found', `reportId: ${vendor.name} has no report ${c.reportId}`, {
      field: 'reportId',
    });
  const row = {
    id: newId(),
    org_id: orgId,
    vendor_id: vendor.id,
    report_id: c.reportId,
    ref: c.ref,
    description: c.description,
    created_at: nowIso(),
  };
  await write(database, { actor, orgId }, async (w) => {
    await insertCuec(w.tx, row);
    w.record({ action: 'create', recordType: 'vendor-cuec', recordId: row.id, change: row });
    await syncRuleFindings(w, orgId, at);
  });
  return getVendor(database, orgId, vendor.id, { at });
}

/**
 * Sets the controls of ours that run a CUEC (by id or reference), replacing
 * the previous set; an empty set unmaps it. Unknown control codes are refused.
 */
export async function mapCuec(
  database: Database,
  actor: Actor,
  orgId: string,
  vendorIdOrName: string,
  cuecIdOrRef: string,
  input: unknown,
  options: { at?: string } = {},
): Promise<VendorView> {
  const at = atOf(options.at);
  const { controlCodes } = parse(cuecMappingSchema, input, 'mapping');
  const loaded = await load(database.db, orgId);
  const vendor = findVendorRow(loaded, vendorIdOrName);
  const cuec = loaded.cuecs.find(
    (c) =>
      c.vendor_id === vendor.id &&
      (c.id === cuecIdOrRef || c.ref.toLowerCase() === cuecIdOrRef.trim().toLowerCase()),
  );
  if (!cuec) throw notFound(`CUEC of ${vendor.name}`, cuecIdOrRef);
  const codes = [...new Set(controlCodes)];
  const controls = await listControls(database.db, orgId, { codes });
  const missing = codes.filter((code) => !controls.some((c) => c.code === code));
  if (missing.length > 0)
    throw new AppError('not_found', `controlCodes: no control ${missing.join(', ')}`, {
      field: 'controlCodes',
    });
  const before = loaded.mapped.filter((m) => m.cuec_id === cuec.id).map((m) => m.code);
  await write(database, { actor, orgId }, async (w) => {
    await replaceCuecControls(
      w.tx,
      orgId,
      cuec.id,
      controls.map((c) => ({ cuec_id: cuec.id, org_id: orgId, control_id: c.id })),
    );
    w.record({
      action: 'map',
      recordType: 'vendor-cuec',
      recordId: cuec.id,
      change: { controls: [before, controls.map((c) => c.code)] },
    });
    await syncRuleFindings(w, orgId, at);
  });
  return getVendor(database, orgId, vendor.id, { at });
}

// ---------------------------------------------------------------- rule findings

/**
 * Brings the vendor rule findings up to date at T (reviews fall overdue and
 * reports age with time alone, without any other write): the weekly run or
 * `vendors refresh` calls it.
 */
export async function refreshVendors(
  database: Database,
  actor: Actor,
  orgId: string,
  options: { at?: string } = {},
): Promise<{ findingsOpened: number; findingsResolved: number }> {
  const at = atOf(options.at);
  return write(database, { actor, orgId }, async (w) => {
    const sync = await syncRuleFindings(w, orgId, at);
    return { findingsOpened: sync.opened, findingsResolved: sync.resolved };
  });
}

/**
 * Keeps the vendor rule findings in step at T inside the caller's write:
 * opens what the rules want and is not open (owned by the vendor's owner),
 * resolves what is open and no longer wanted; one ledger entry when anything
 * changed.
 */
async function syncRuleFindings(
  w: Write,
  orgId: string,
  at: string,
): Promise<{ opened: number; resolved: number }> {
  const db = w.tx;
  const wanted = vendorFindings(factsOf(await load(db, orgId)), at);
  const open = (await openRuleFindings(db, orgId)).map((o) => ({
    findingId: o.finding_id,
    rule: o.rule,
    key: o.subject_key,
  }));
  return applyRuleFindingSync(w, orgId, at, planVendorFindingSync(wanted, open, at), {
    domain: 'vendor',
    source: (finding) => vendorFindingSource(finding.rule),
    resolution: 'the vendor rule no longer applies',
    recordType: 'vendor-findings',
    link: insertRuleFindingLinks,
  });
}
