/**
 * Vendor oversight (SPEC §3, issue 17 item 2, docs/decisions/0028): the shared
 * input checks, the views of the vendor register and the rule findings kept in
 * step at T inside every write. The register (by hand or a CSV import,
 * idempotent by name) is written in vendor-register.service.ts, reviews in
 * vendor-review.service.ts, the SOC 2 / ISO 27001 reports and bridge letters
 * received (their files are evidence on VM-03) in vendor-report.service.ts and
 * the CUECs of the reports mapped to our controls in vendor-cuec.service.ts.
 * One ledger entry per import, record and findings sync.
 */
import { Readable } from 'node:stream';
import type { z } from 'zod';
import { inputDateProblem } from '../../core/dates.js';
import type { Actor } from '../../core/ledger/chain.js';
import {
  assuranceAt,
  planVendorFindingSync,
  type VendorCriticality,
  type VendorFacts,
  type VendorReportKind,
  type VendorRule,
  vendorFindingSource,
  vendorFindings,
} from '../../core/vendors/rules.js';
import { todayIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { Tx } from '../../platform/db/transaction.js';
import { AppError, notFound } from '../../platform/errors.js';
import { type Write, write } from '../../platform/ledger/ledger.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { applyRuleFindingSync } from '../findings/rule-finding-sync.js';
import { findPersonByEmail } from '../people/person.repository.js';
import {
  insertRuleFindingLinks,
  listBridgeLetters,
  listCuecControls,
  listCuecs,
  listReports,
  listReviews,
  listVendorRows,
  openRuleFindings,
} from './vendor.repository.js';
import type { CuecView, VendorSummary, VendorView } from './vendor.schema.js';

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

export function invalid(field: string, message: string): AppError {
  return new AppError('invalid_input', `${field}: ${message}`, { field });
}

export function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.') || what;
  throw new AppError('invalid_input', `${field}: ${issue.message}`, { field, issues: parsed.error.issues });
}

export function atOf(at: string | undefined): string {
  const value = at ?? todayIso();
  const problem = inputDateProblem(value);
  if (problem) throw invalid('at', problem);
  return value;
}

export async function ownerIdOf(
  db: Tx,
  orgId: string,
  email: string | null,
  field: string,
): Promise<string | null> {
  if (email === null) return null;
  const person = await findPersonByEmail(db, orgId, email);
  if (!person)
    throw new AppError('not_found', `${field}: no person with e-mail ${email} in the roster`, { field });
  return person.id;
}

export async function storeJson(
  stores: EvidenceStores,
  json: unknown,
): Promise<{ sha256: string; size: number }> {
  const blob = await stores.blobs.put(Readable.from([Buffer.from(`${JSON.stringify(json, null, 2)}\n`)]));
  return { sha256: blob.sha256, size: blob.size };
}

// ---------------------------------------------------------------- reading

interface Loaded {
  vendors: Awaited<ReturnType<typeof listVendorRows>>;
  reports: Awaited<ReturnType<typeof listReports>>;
  letters: Awaited<ReturnType<typeof listBridgeLetters>>;
  cuecs: Awaited<ReturnType<typeof listCuecs>>;
  mapped: Awaited<ReturnType<typeof listCuecControls>>;
}

export async function load(db: Tx, orgId: string): Promise<Loaded> {
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

export function findVendorRow(loaded: Loaded, idOrName: string) {
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
export async function syncRuleFindings(
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
