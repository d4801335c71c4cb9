// Completing a campaign and closing its follow-ups: the campaign's record and the follow-ups' closure
// record become system-generated evidence (docs/decisions/0026).
import { Readable } from 'node:stream';
import { ACCOUNT_REVIEW_CONTROL, NHI_REVIEW_CONTROL } from '../../core/access-reviews/rules.js';
import type { Actor } from '../../core/ledger/chain.js';
import { nowIso, todayIso } from '../../platform/clock.js';
import { AppError, notFound } from '../../platform/errors.js';
import { type Write, write } from '../../platform/ledger/ledger.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { recordSystemEvidence } from '../evidence/system-evidence.js';
import { closeFollowUp, listFollowUps, updateCampaign } from './access-review.repository.js';
import type { CampaignView, FollowUpView } from './access-review.schema.js';
import {
  ACCESS_REVIEW_REVIEWER,
  checkDate,
  followUpView,
  getCampaign,
  invalid,
} from './access-review.service.js';
import { syncRuleFindings } from './access-review-findings.service.js';

interface PendingEvidence {
  campaignId: string;
  requirementCodes: string[];
  stored: { sha256: string; size: number; fileName: string };
  effectiveOn: string;
  description: string;
  column: 'evidence_sha256' | 'follow_ups_evidence_sha256';
}

async function storeJson(stores: EvidenceStores, json: unknown): Promise<{ sha256: string; size: number }> {
  const blob = await stores.blobs.put(Readable.from([Buffer.from(`${JSON.stringify(json, null, 2)}\n`)]));
  return { sha256: blob.sha256, size: blob.size };
}

function requirementsOf(campaign: CampaignView, which: 'campaign' | 'followUps'): string[] {
  return [
    ...(campaign.items.some((i) => i.subjectType === 'account') ? [ACCOUNT_REVIEW_CONTROL[which]] : []),
    ...(campaign.items.some((i) => i.subjectType === 'nhi') ? [NHI_REVIEW_CONTROL[which]] : []),
  ];
}

/**
 * The follow-ups' closure record of completed campaigns whose last open
 * follow-ups these closures close, stored and ready to be recorded as evidence.
 */
export async function followUpRecordsAfterClosing(
  stores: EvidenceStores,
  orgId: string,
  closingIds: string[],
  closedOn: string,
  completing?: CampaignView,
): Promise<PendingEvidence[]> {
  const closing = new Set(closingIds);
  const open = await listFollowUps(stores.database.db, orgId, { open: true });
  const campaignIds = new Set(open.filter((f) => closing.has(f.id)).map((f) => f.campaign_id));
  if (completing) campaignIds.add(completing.id);
  const out: PendingEvidence[] = [];
  for (const id of campaignIds) {
    if (open.some((f) => f.campaign_id === id && !closing.has(f.id))) continue;
    const campaign = completing?.id === id ? completing : await getCampaign(stores.database, orgId, id);
    if (campaign.status !== 'completed' && completing?.id !== id) continue;
    if (campaign.followUps.length === 0 && completing?.id !== id) continue;
    const followUps = campaign.followUps.map((f) =>
      closing.has(f.id) ? { ...f, closedOn, closedBy: f.closedBy ?? 'pending' } : f,
    );
    const lastClosed = followUps.reduce(
      (d, f) => (f.closedOn && f.closedOn > d ? f.closedOn : d),
      '0000-00-00',
    );
    const effectiveOn =
      lastClosed > (completing?.completedOn ?? '') ? lastClosed : (completing?.completedOn ?? closedOn);
    const json = {
      kind: 'auditready access-review follow-ups',
      campaign: {
        id: campaign.id,
        system: campaign.system,
        openedOn: campaign.openedOn,
        dueOn: campaign.dueOn,
      },
      followUps: followUps.map((f) => ({
        subject: f.subject,
        action: f.action,
        owner: f.ownerEmail,
        dueOn: f.dueOn,
        closedOn: f.closedOn,
        closedBy: f.closedBy,
        closureRef: f.closureRef,
      })),
    };
    const stored = await storeJson(stores, json);
    out.push({
      campaignId: id,
      requirementCodes: requirementsOf(campaign, 'followUps'),
      stored: { ...stored, fileName: `access-review-follow-ups-${campaign.id}.json` },
      effectiveOn,
      description: `Follow-ups of the access review of ${campaign.system}: ${followUps.length} revoke/change decision(s), every one closed`,
      column: 'follow_ups_evidence_sha256',
    });
  }
  return out;
}

/** Records pending evidence on its requirements (accepted by auditready) and notes it on the campaign. */
export async function recordFollowUpEvidence(
  w: Write,
  orgId: string,
  pending: readonly PendingEvidence[],
): Promise<void> {
  for (const p of pending) {
    await recordSystemEvidence(w, orgId, {
      requirementCodes: p.requirementCodes,
      stored: {
        sha256: p.stored.sha256,
        size: p.stored.size,
        fileName: p.stored.fileName,
        mediaType: 'application/json',
        url: null,
      },
      effectiveOn: p.effectiveOn,
      description: p.description,
      reviewer: ACCESS_REVIEW_REVIEWER,
    });
    await updateCampaign(w.tx, orgId, p.campaignId, { [p.column]: p.stored.sha256, updated_at: nowIso() });
  }
}

/**
 * Completes a campaign whose every item is decided: its record (items,
 * decisions, follow-ups) becomes system-generated evidence on the
 * access-review requirements of the starter controls, effective at
 * completion; once every follow-up is closed, their closure record proves
 * the follow-up requirement too.
 */
export async function completeCampaign(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  idOrPrefix: string,
  options: { at?: string } = {},
): Promise<CampaignView> {
  const at = checkDate(options.at ?? todayIso(), 'at');
  const campaign = await getCampaign(stores.database, orgId, idOrPrefix, { at });
  if (campaign.status === 'completed')
    throw new AppError('conflict', `the access review of ${campaign.system} is already completed`);
  const undecided = campaign.items.filter((i) => i.decision === null);
  if (undecided.length > 0)
    throw new AppError(
      'conflict',
      `${undecided.length} of ${campaign.total} items are not decided yet (first: ${undecided[0]!.subject})`,
    );
  const completed: CampaignView = { ...campaign, status: 'completed', completedOn: at, overdue: false };
  const record = {
    kind: 'auditready access-review campaign',
    campaign: {
      id: campaign.id,
      system: campaign.system,
      cadence: campaign.cadence,
      openedOn: campaign.openedOn,
      dueOn: campaign.dueOn,
      completedOn: at,
      accountListAsOf: campaign.accountListAsOf,
      nhiProvider: campaign.nhiProvider,
      nhiKind: campaign.nhiKind,
      reviewers: campaign.reviewers.map((r) => r.email),
    },
    items: campaign.items.map((i) => ({
      subjectType: i.subjectType,
      subject: i.subject,
      label: i.label,
      access: i.access,
      decision: i.decision,
      comment: i.comment,
      decidedBy: i.decidedBy,
      decidedAt: i.decidedAt,
    })),
    followUps: campaign.followUps.map((f) => ({
      subject: f.subject,
      action: f.action,
      owner: f.ownerEmail,
      dueOn: f.dueOn,
      closedOn: f.closedOn,
    })),
  };
  const stored = await storeJson(stores, record);
  const pending: PendingEvidence[] = [
    {
      campaignId: campaign.id,
      requirementCodes: requirementsOf(campaign, 'campaign'),
      stored: { ...stored, fileName: `access-review-${campaign.id}.json` },
      effectiveOn: at,
      description: `Access review of ${campaign.system} completed on ${at}: ${campaign.total} items (${campaign.revoked} revoke, ${campaign.changed} change), reviewed by ${campaign.reviewers.map((r) => r.email).join(', ')}`,
      column: 'evidence_sha256',
    },
    ...(await followUpRecordsAfterClosing(stores, orgId, [], at, completed)),
  ];
  await write(stores.database, { actor, orgId }, async (w) => {
    await updateCampaign(w.tx, orgId, campaign.id, {
      status: 'completed',
      completed_on: at,
      updated_at: nowIso(),
    });
    w.record({
      action: 'complete',
      recordType: 'access-review-campaign',
      recordId: campaign.id,
      change: { status: ['open', 'completed'], completedOn: at, evidenceSha256: stored.sha256 },
    });
    await recordFollowUpEvidence(w, orgId, pending);
    await syncRuleFindings(w, orgId, at);
  });
  return getCampaign(stores.database, orgId, campaign.id, { at });
}

/** Marks a follow-up done by hand, with the evidence of it (a ticket or change reference). */
export async function closeFollowUpWithEvidence(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  input: { followUpId: string; reference: string; at?: string },
): Promise<FollowUpView> {
  const at = checkDate(input.at ?? todayIso(), 'at');
  const reference = input.reference.trim();
  if (reference === '' || reference.length > 500)
    throw invalid('reference', 'name the evidence of the closure (a ticket, a change), up to 500 characters');
  const followUp = (await listFollowUps(stores.database.db, orgId)).find((f) => f.id === input.followUpId);
  if (!followUp) throw notFound('follow-up', input.followUpId);
  if (followUp.closed_on !== null)
    throw new AppError('conflict', `the follow-up of ${followUp.subject} is already closed`);
  const pending = await followUpRecordsAfterClosing(stores, orgId, [followUp.id], at);
  await write(stores.database, { actor, orgId }, async (w) => {
    await closeFollowUp(w.tx, orgId, followUp.id, {
      closed_on: at,
      closed_by: 'evidence',
      closure_ref: reference,
    });
    w.record({
      action: 'close',
      recordType: 'access-review-follow-up',
      recordId: followUp.id,
      change: { closedOn: at, closedBy: 'evidence', closureRef: reference },
    });
    await recordFollowUpEvidence(w, orgId, pending);
    await syncRuleFindings(w, orgId, at);
  });
  const [closed] = (await listFollowUps(stores.database.db, orgId)).filter((f) => f.id === followUp.id);
  return followUpView(closed!);
}
