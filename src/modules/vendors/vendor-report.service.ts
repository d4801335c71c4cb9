// Reports (SOC 2 / ISO 27001) and bridge letters received from vendors: their files are evidence on
// VM-03 (docs/decisions/0028).
import type { Readable } from 'node:stream';
import type { Actor } from '../../core/ledger/chain.js';
import { VENDOR_CONTROLS, type VendorReportKind } from '../../core/vendors/rules.js';
import { nowIso } from '../../platform/clock.js';
import type { Tx } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { type Write, write } from '../../platform/ledger/ledger.js';
import { listControlDetails } from '../controls/control.repository.js';
import {
  type EvidenceStores,
  recordEvidence,
  type StoredContent,
  storeEvidenceContent,
} from '../evidence/evidence.service.js';
import { readinessFacts } from '../readiness/facts/readiness-facts.js';
import { insertBridgeLetter, insertReport } from './vendor.repository.js';
import {
  type BridgeLetterInput,
  bridgeLetterInputSchema,
  type ReportInput,
  reportInputSchema,
  type VendorView,
} from './vendor.schema.js';
import { atOf, findVendorRow, getVendor, load, parse, syncRuleFindings } from './vendor.service.js';

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
