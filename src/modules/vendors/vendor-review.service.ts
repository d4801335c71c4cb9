// Vendor reviews: each one's record is system evidence on VM-03-E1 (docs/decisions/0028).
import { addMonths, maxDate } from '../../core/dates.js';
import type { Actor } from '../../core/ledger/chain.js';
import { VENDOR_CONTROLS } from '../../core/vendors/rules.js';
import { nowIso } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { recordSystemEvidence } from '../evidence/system-evidence.js';
import { insertReview, updateVendor } from './vendor.repository.js';
import { reviewInputSchema, type VendorView } from './vendor.schema.js';
import {
  atOf,
  getVendor,
  invalid,
  ownerIdOf,
  parse,
  storeJson,
  syncRuleFindings,
  VENDOR_RECORDER,
} from './vendor.service.js';

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
