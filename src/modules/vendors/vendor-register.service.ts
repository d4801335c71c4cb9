// The vendor register: a vendor added by hand, or the register imported from a CSV (all or nothing,
// idempotent by name; the imported register is system evidence on VM-01-E2; docs/decisions/0028).
import type { Readable } from 'node:stream';
import type { Actor } from '../../core/ledger/chain.js';
import { VENDOR_CONTROLS } from '../../core/vendors/rules.js';
import { readCsvRecords } from '../../importers/csv/read-csv.js';
import { nowIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { VendorsTable } from '../../platform/db/schema.js';
import { AppError, ImportError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { recordSystemEvidence } from '../evidence/system-evidence.js';
import { listPeople } from '../people/person.repository.js';
import { insertVendors, listVendorRows, updateVendor } from './vendor.repository.js';
import {
  type RegisterImportResult,
  type VendorInput,
  type VendorView,
  vendorInputSchema,
} from './vendor.schema.js';
import {
  atOf,
  getVendor,
  ownerIdOf,
  parse,
  REGISTER_COLUMNS,
  storeJson,
  syncRuleFindings,
  VENDOR_RECORDER,
} from './vendor.service.js';

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
