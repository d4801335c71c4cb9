// The CUECs of vendors' reports and the controls of ours that run them (docs/decisions/0028).
import type { Actor } from '../../core/ledger/chain.js';
import { nowIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import { listControls } from '../controls/control.repository.js';
import { insertCuec, replaceCuecControls } from './vendor.repository.js';
import { cuecInputSchema, cuecMappingSchema, type VendorView } from './vendor.schema.js';
import { atOf, findVendorRow, getVendor, load, parse, syncRuleFindings } from './vendor.service.js';

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
