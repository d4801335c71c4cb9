/** The only SQL of vendor oversight: the register, reports, bridge letters, CUECs, reviews and rule finding links. */
import type { Kysely } from 'kysely';
import { insertInBatches } from '../../platform/db/insert-batches.js';
import type {
  DB,
  VendorBridgeLettersTable,
  VendorCuecControlsTable,
  VendorCuecsTable,
  VendorFindingsTable,
  VendorReportsTable,
  VendorReviewsTable,
  VendorsTable,
} from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';

/** The vendors of an organization with their owner's e-mail and name, by name. */
export async function listVendorRows(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('vendors as v')
    .leftJoin('people as p', 'p.id', 'v.owner_id')
    .selectAll('v')
    .select(['p.email as owner_email', 'p.name as owner_name'])
    .where('v.org_id', '=', orgId)
    .orderBy('v.name_key')
    .execute();
}

/** Inserts vendors. */
export async function insertVendors(db: WriteTx, rows: VendorsTable[]): Promise<void> {
  await insertInBatches(db, 'vendors', rows);
}

/** Sets the register fields of a vendor. */
export async function updateVendor(
  db: WriteTx,
  orgId: string,
  id: string,
  fields: Partial<Omit<VendorsTable, 'id' | 'org_id' | 'created_at'>>,
): Promise<void> {
  await db.updateTable('vendors').set(fields).where('org_id', '=', orgId).where('id', '=', id).execute();
}

/** Every report of an organization's vendors (or one vendor's), latest period first. */
export async function listReports(
  db: Kysely<DB>,
  orgId: string,
  vendorId?: string,
): Promise<VendorReportsTable[]> {
  let q = db.selectFrom('vendor_reports').selectAll().where('org_id', '=', orgId);
  if (vendorId !== undefined) q = q.where('vendor_id', '=', vendorId);
  return q.orderBy('period_end', 'desc').orderBy('id').execute();
}

/** Inserts a report. */
export async function insertReport(db: WriteTx, row: VendorReportsTable): Promise<void> {
  await db.insertInto('vendor_reports').values(row).execute();
}

/** Every bridge letter of an organization's vendors (or one vendor's), by the first day covered. */
export async function listBridgeLetters(
  db: Kysely<DB>,
  orgId: string,
  vendorId?: string,
): Promise<VendorBridgeLettersTable[]> {
  let q = db.selectFrom('vendor_bridge_letters').selectAll().where('org_id', '=', orgId);
  if (vendorId !== undefined) q = q.where('vendor_id', '=', vendorId);
  return q.orderBy('covered_from').orderBy('id').execute();
}

/** Inserts a bridge letter. */
export async function insertBridgeLetter(db: WriteTx, row: VendorBridgeLettersTable): Promise<void> {
  await db.insertInto('vendor_bridge_letters').values(row).execute();
}

/** Every CUEC of an organization's vendors (or one vendor's), by reference. */
export async function listCuecs(
  db: Kysely<DB>,
  orgId: string,
  vendorId?: string,
): Promise<VendorCuecsTable[]> {
  let q = db.selectFrom('vendor_cuecs').selectAll().where('org_id', '=', orgId);
  if (vendorId !== undefined) q = q.where('vendor_id', '=', vendorId);
  return q.orderBy('ref').orderBy('id').execute();
}

/** Inserts a CUEC. */
export async function insertCuec(db: WriteTx, row: VendorCuecsTable): Promise<void> {
  await db.insertInto('vendor_cuecs').values(row).execute();
}

/** The controls mapped to the CUECs of an organization, with their code and title. */
export async function listCuecControls(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('vendor_cuec_controls as m')
    .innerJoin('controls as c', 'c.id', 'm.control_id')
    .select(['m.cuec_id', 'c.id', 'c.code', 'c.title'])
    .where('m.org_id', '=', orgId)
    .orderBy('c.code')
    .execute();
}

/** Replaces the controls mapped to a CUEC. */
export async function replaceCuecControls(
  db: WriteTx,
  orgId: string,
  cuecId: string,
  rows: VendorCuecControlsTable[],
): Promise<void> {
  await db
    .deleteFrom('vendor_cuec_controls')
    .where('org_id', '=', orgId)
    .where('cuec_id', '=', cuecId)
    .execute();
  await insertInBatches(db, 'vendor_cuec_controls', rows);
}

/** The reviews of a vendor, latest first, with the reviewer's e-mail. */
export async function listReviews(db: Kysely<DB>, orgId: string, vendorId: string) {
  return db
    .selectFrom('vendor_reviews as r')
    .leftJoin('people as p', 'p.id', 'r.reviewer_id')
    .selectAll('r')
    .select('p.email as reviewer_email')
    .where('r.org_id', '=', orgId)
    .where('r.vendor_id', '=', vendorId)
    .orderBy('r.reviewed_on', 'desc')
    .orderBy('r.id', 'desc')
    .execute();
}

/** Inserts a review. */
export async function insertReview(db: WriteTx, row: VendorReviewsTable): Promise<void> {
  await db.insertInto('vendor_reviews').values(row).execute();
}

/** The open findings raised by vendor rules, with their rule, subject, title, severity and due date. */
export async function openRuleFindings(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('vendor_findings as v')
    .innerJoin('findings as f', 'f.id', 'v.finding_id')
    .select(['v.finding_id', 'v.rule', 'v.subject_key', 'f.title', 'f.severity', 'f.due_on'])
    .where('v.org_id', '=', orgId)
    .where('f.resolved_on', 'is', null)
    .orderBy('v.rule')
    .orderBy('v.subject_key')
    .execute();
}

/** Links findings to the rule and subject they are about. */
export async function insertRuleFindingLinks(db: WriteTx, rows: VendorFindingsTable[]): Promise<void> {
  await insertInBatches(db, 'vendor_findings', rows);
}
