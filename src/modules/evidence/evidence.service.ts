import { Readable } from 'node:stream';
import { addDays } from '../../core/dates.js';
import { inputProblem, MAX_INPUT_DEPTH } from '../../core/json-bounds.js';
import { canonicalJson } from '../../core/ledger/canonical-json.js';
import type { Actor } from '../../core/ledger/chain.js';
import { selfAcceptanceProblem } from '../../core/review-separation.js';
import type { SourceType } from '../../core/vocabulary.js';
import type { BlobStore } from '../../platform/blobs/blob-store.js';
import { nowIso, todayIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { EvidenceReviewsTable, EvidenceTable } from '../../platform/db/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { safeFileName } from '../../platform/files/safe-file-name.js';
import { newId } from '../../platform/ids.js';
import { type Write, write } from '../../platform/ledger/ledger.js';
import { type EvidenceRequirement, listControlDetails } from '../controls/control.repository.js';
import { findOrganization } from '../organizations/organization.repository.js';
import { readinessFacts } from '../readiness/facts/readiness-facts.js';
import {
  type EvidenceCursor,
  evidenceHashes,
  findEvidence,
  insertEvidence,
  insertReview,
  listEvidence,
} from './evidence.repository.js';
import {
  type Evidence,
  type EvidenceMetadata,
  evidenceMetadataSchema,
  evidenceUrlSchema,
  type ReviewDecision,
  reviewDecisionSchema,
} from './evidence.schema.js';

/** The content of a new piece of evidence. */
export type EvidenceContent =
  | { kind: 'file'; stream: Readable; fileName: string; mediaType?: string | null }
  | { kind: 'record'; json: unknown }
  | { kind: 'link'; url: string };

/** Where evidence lives: the database and the blob store of the installation. */
export interface EvidenceStores {
  database: Database;
  blobs: BlobStore;
}

/** How many days ahead of today an effective period may start, by default (AUDITREADY_EVIDENCE_FUTURE_DAYS). */
export const DEFAULT_EVIDENCE_FUTURE_DAYS = 3;

/**
 * The tolerance for evidence dated ahead, in days, from
 * `AUDITREADY_EVIDENCE_FUTURE_DAYS` (a whole number, 0 or more; default 3).
 */
export function evidenceFutureDays(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.AUDITREADY_EVIDENCE_FUTURE_DAYS?.trim();
  if (raw === undefined || raw === '') return DEFAULT_EVIDENCE_FUTURE_DAYS;
  const days = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(days))
    throw new AppError(
      'invalid_input',
      `AUDITREADY_EVIDENCE_FUTURE_DAYS must be a whole number of days, 0 or more, got "${raw}"`,
    );
  return days;
}

/**
 * Refuses evidence whose effective period starts more than the tolerance
 * after today: evidence proves what has happened, and readiness counts it
 * only from its effective start (docs/decisions/0008), so a typo in the year
 * would otherwise sit unseen until then.
 */
export function assertEffectiveNotAhead(effective: { start: string }, today: string = todayIso()): void {
  const days = evidenceFutureDays();
  const latest = addDays(today, days);
  if (effective.start > latest) {
    throw new AppError(
      'invalid_input',
      `effective: the period starts on ${effective.start}, more than ${days} day${days === 1 ? '' : 's'} after today (${today}); ` +
        'evidence shows what already happened: record it once its period has started (tolerance: AUDITREADY_EVIDENCE_FUTURE_DAYS)',
      { effectiveStart: effective.start, latestAllowed: latest },
    );
  }
}

/** The largest structured record accepted (it is stored as a blob like any file). */
const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/**
 * Stores a new piece of evidence for a requirement of a control: the content
 * first (content-addressed, streamed, so a failure leaves at most an
 * unreferenced blob), then the row and its ledger entry in one transaction.
 * A correction names the evidence it supersedes; nothing is updated in place.
 */
export async function addEvidence(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  input: { metadata: unknown; content: EvidenceContent; maxBytes?: number },
): Promise<Evidence> {
  const parsed = evidenceMetadataSchema.safeParse(input.metadata);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError(
      'invalid_input',
      `${issue.path.join('.') || 'evidence'}: ${issue.message}`,
      parsed.error.issues,
    );
  }
  const meta: EvidenceMetadata = parsed.data;
  assertEffectiveNotAhead(meta.effective);
  const [control] = await listControlDetails(stores.database.db, orgId, { codes: [meta.controlCode] });
  if (!control) throw notFound('control', meta.controlCode);
  const requirement = meta.requirementCode
    ? control.requirements.find((r) => r.code === meta.requirementCode)
    : control.requirements.length === 1
      ? control.requirements[0]
      : undefined;
  if (!requirement) {
    const codes = control.requirements.map((r) => r.code).join(', ') || 'none';
    throw new AppError(
      meta.requirementCode ? 'not_found' : 'invalid_input',
      meta.requirementCode
        ? `control ${control.code} has no evidence requirement ${meta.requirementCode} (it has: ${codes})`
        : `control ${control.code} has several evidence requirements; name one (${codes})`,
      { field: 'requirementCode' },
    );
  }
  let supersedes: Evidence | undefined;
  if (meta.supersedes) {
    supersedes = await getEvidence(stores.database, orgId, meta.supersedes);
    if (supersedes.requirementId !== requirement.id) {
      throw new AppError(
        'invalid_input',
        `evidence ${supersedes.id} belongs to another requirement (${supersedes.requirementCode})`,
      );
    }
    if (supersedes.supersededById) {
      throw new AppError(
        'conflict',
        `evidence ${supersedes.id} is already superseded by ${supersedes.supersededById}`,
      );
    }
  }

  const stored = await storeEvidenceContent(stores.blobs, input.content, input.maxBytes);
  const id = await write(stores.database, { actor, orgId }, async (w) => {
    const row = await recordEvidence(w, orgId, {
      controlId: control.id,
      requirement,
      kind: input.content.kind,
      stored,
      effective: meta.effective,
      description: meta.description ?? null,
      sourceType: meta.sourceType ?? null,
      supersedesId: supersedes?.id ?? null,
    });
    // The readiness tables change with it: a new submitted fact, and the version it supersedes leaves them.
    await readinessFacts.afterEvidence(w, [row]);
    return row.id;
  });
  return getEvidence(stores.database, orgId, id);
}

/** Content already in the blob store (or a link), ready to be recorded as evidence. */
export interface StoredContent {
  sha256: string | null;
  size: number | null;
  fileName: string | null;
  mediaType: string | null;
  url: string | null;
}

/** What one evidence row records, besides its content. */
export interface EvidenceRecordInput {
  controlId: string;
  requirement: Pick<EvidenceRequirement, 'id' | 'sourceType'>;
  kind: EvidenceContent['kind'];
  stored: StoredContent;
  effective: { start: string; end: string };
  description: string | null;
  sourceType: SourceType | null;
  supersedesId: string | null;
}

/**
 * Inserts one evidence row and its ledger entry inside the caller's write
 * (the content is already stored); returns the row. Used by addEvidence and
 * by imports that record their original file in their own transaction. The
 * caller keeps the readiness facts in the same write
 * (`readinessFacts.afterEvidence(w, rows)`).
 */
export async function recordEvidence(
  w: Write,
  orgId: string,
  input: EvidenceRecordInput,
): Promise<EvidenceTable> {
  assertEffectiveNotAhead(input.effective);
  const id = newId();
  const row: EvidenceTable = {
    id,
    org_id: orgId,
    control_id: input.controlId,
    requirement_id: input.requirement.id,
    kind: input.kind,
    sha256: input.stored.sha256,
    size: input.stored.size,
    file_name: input.stored.fileName,
    media_type: input.stored.mediaType,
    url: input.stored.url,
    description: input.description,
    effective_start: input.effective.start,
    effective_end: input.effective.end,
    collected_at: nowIso(),
    source_type: input.sourceType ?? input.requirement.sourceType,
    collector_type: w.actor.type,
    collector_id: w.actor.id,
    collector_label: w.actor.label,
    supersedes_id: input.supersedesId,
  };
  await insertEvidence(w.tx, row);
  w.record({
    action: input.supersedesId ? 'supersede' : 'create',
    recordType: 'evidence',
    recordId: id,
    change: row,
  });
  return row;
}

/** Streams evidence content into the blob store (files and records) and says what was stored. */
export async function storeEvidenceContent(
  blobs: BlobStore,
  content: EvidenceContent,
  maxBytes?: number,
): Promise<StoredContent> {
  switch (content.kind) {
    case 'file': {
      const blob = await blobs.put(content.stream, maxBytes === undefined ? {} : { maxBytes });
      return {
        sha256: blob.sha256,
        size: blob.size,
        fileName: safeFileName(content.fileName, 'evidence'),
        mediaType: content.mediaType ?? 'application/octet-stream',
        url: null,
      };
    }
    case 'record': {
      const problem = inputProblem(content.json, MAX_INPUT_DEPTH);
      if (problem)
        throw new AppError(
          'invalid_input',
          `record${problem.path ? `.${problem.path}` : ''}: ${problem.reason}`,
        );
      const text = canonicalJson(content.json);
      if (text === undefined || Buffer.byteLength(text) > MAX_RECORD_BYTES) {
        throw new AppError(
          'payload_too_large',
          `a structured record is at most ${MAX_RECORD_BYTES} bytes of JSON`,
        );
      }
      const blob = await blobs.put(Readable.from([Buffer.from(text)]));
      return {
        sha256: blob.sha256,
        size: blob.size,
        fileName: 'record.json',
        mediaType: 'application/json',
        url: null,
      };
    }
    case 'link': {
      const url = evidenceUrlSchema.safeParse(content.url);
      if (!url.success) throw new AppError('invalid_input', url.error.issues[0]!.message);
      return { sha256: null, size: null, fileName: null, mediaType: null, url: url.data };
    }
  }
}

/** One piece of evidence by id or unique id prefix. */
export async function getEvidence(database: Database, orgId: string, idOrPrefix: string): Promise<Evidence> {
  const found = await findEvidence(database.db, orgId, idOrPrefix.trim());
  if (found.length === 0) throw notFound('evidence', idOrPrefix);
  if (found.length > 1)
    throw new AppError('invalid_input', `evidence id ${idOrPrefix} is ambiguous; give more of it`);
  return found[0]!;
}

/** Evidence of an organization, optionally of one control, newest first. */
export async function findEvidenceFor(
  database: Database,
  orgId: string,
  options: { controlCode?: string | undefined; currentOnly?: boolean | undefined } = {},
  page?: { after?: EvidenceCursor | undefined; limit: number },
): Promise<Evidence[]> {
  let controlId: string | undefined;
  if (options.controlCode) {
    const [control] = await listControlDetails(database.db, orgId, { codes: [options.controlCode] });
    if (!control) throw notFound('control', options.controlCode);
    controlId = control.id;
  }
  return listEvidence(
    database.db,
    orgId,
    { ...(controlId ? { controlId } : {}), ...(options.currentOnly ? { currentOnly: true } : {}) },
    page,
  );
}

/** Accepts or rejects submitted evidence, once; the decision is its own immutable record. */
export async function reviewEvidence(
  database: Database,
  actor: Actor,
  orgId: string,
  input: { evidenceId: string; decision: unknown },
): Promise<Evidence> {
  const [reviewed] = await reviewEvidenceBatch(database, actor, orgId, {
    evidenceIds: [input.evidenceId],
    decision: input.decision,
  });
  return reviewed!;
}

/** Why one piece of evidence cannot take a review now; null when it can. */
function reviewProblem(
  idOrPrefix: string,
  found: Evidence[],
  review: { separate: boolean; decision: ReviewDecision; reviewer: Actor },
): AppError | null {
  if (found.length === 0) return notFound('evidence', idOrPrefix);
  if (found.length > 1)
    return new AppError('invalid_input', `evidence id ${idOrPrefix} is ambiguous; give more of it`);
  const evidence = found[0]!;
  if (evidence.reviewState !== 'submitted') {
    return new AppError(
      'conflict',
      `evidence ${evidence.id} was already ${evidence.reviewState}; upload a new version to correct it`,
    );
  }
  if (evidence.supersededById) {
    return new AppError(
      'conflict',
      `evidence ${evidence.id} is superseded by ${evidence.supersededById}; review that one`,
    );
  }
  const selfAcceptance = selfAcceptanceProblem({
    separate: review.separate,
    decision: review.decision.decision,
    collector: evidence.collector as Actor,
    reviewer: review.reviewer,
  });
  if (selfAcceptance) return new AppError('forbidden', `evidence ${evidence.id}: ${selfAcceptance}`);
  return null;
}

/**
 * Gives several pieces of submitted evidence the same decision, all or
 * nothing: every id is checked in the write's transaction first, and when
 * any cannot be reviewed (unknown, ambiguous, already reviewed, superseded,
 * named twice) none is, and the error names each id with its problem.
 */
export async function reviewEvidenceBatch(
  database: Database,
  actor: Actor,
  orgId: string,
  input: { evidenceIds: string[]; decision: unknown },
): Promise<Evidence[]> {
  const parsed = reviewDecisionSchema.safeParse(input.decision);
  if (!parsed.success)
    throw new AppError('invalid_input', parsed.error.issues[0]!.message, parsed.error.issues);
  const decision: ReviewDecision = parsed.data;
  if (input.evidenceIds.length === 0) throw new AppError('invalid_input', 'name at least one evidence id');
  const ids = await write(database, { actor, orgId }, async (w) => {
    const problems: { id: string; error: AppError }[] = [];
    const chosen = new Map<string, string>();
    const separate = (await findOrganization(w.tx, orgId))?.separateReview ?? true;
    for (const raw of input.evidenceIds) {
      const idOrPrefix = raw.trim();
      const found = await findEvidence(w.tx, orgId, idOrPrefix);
      const problem = reviewProblem(idOrPrefix, found, { separate, decision, reviewer: actor });
      const id = found[0]?.id;
      if (problem) problems.push({ id: idOrPrefix, error: problem });
      else if (id && chosen.has(id)) {
        problems.push({
          id: idOrPrefix,
          error: new AppError(
            'invalid_input',
            `evidence ${id} is named twice (${chosen.get(id)}, ${idOrPrefix})`,
          ),
        });
      } else if (id) chosen.set(id, idOrPrefix);
    }
    if (problems.length > 0) {
      if (input.evidenceIds.length === 1) throw problems[0]!.error;
      throw new AppError(
        problems[0]!.error.code,
        `nothing reviewed: ${problems.map((p) => p.error.message).join('; ')}`,
        { problems: problems.map((p) => ({ id: p.id, code: p.error.code, message: p.error.message })) },
      );
    }
    const reviews: EvidenceReviewsTable[] = [];
    for (const id of chosen.keys()) reviews.push(await recordReview(w, orgId, id, decision, actor));
    // The readiness tables change with them: each reviewed row moves to its decision's facts.
    await readinessFacts.afterReviews(w, reviews);
    return [...chosen.keys()];
  });
  const reviewed: Evidence[] = [];
  for (const id of ids) reviewed.push(await getEvidence(database, orgId, id));
  return reviewed;
}

/**
 * Inserts the one review decision of an evidence row and its ledger entry
 * inside the caller's write; returns the row. The caller keeps the readiness
 * facts in the same write (`readinessFacts.afterReviews(w, rows)`).
 */
export async function recordReview(
  w: Write,
  orgId: string,
  evidenceId: string,
  decision: ReviewDecision,
  reviewer: Actor,
): Promise<EvidenceReviewsTable> {
  const review: EvidenceReviewsTable = {
    evidence_id: evidenceId,
    org_id: orgId,
    decision: decision.decision,
    reason: decision.decision === 'rejected' ? decision.reason : null,
    reviewer_type: reviewer.type,
    reviewer_id: reviewer.id,
    reviewer_label: reviewer.label,
    reviewed_at: nowIso(),
  };
  await insertReview(w.tx, review);
  w.record({
    action: decision.decision === 'accepted' ? 'accept' : 'reject',
    recordType: 'evidence',
    recordId: evidenceId,
    change: review,
  });
  return review;
}

/** One stored file that does not match its hash, or is gone. */
export interface BlobProblem {
  sha256: string;
  evidenceId: string;
  orgId: string;
  problem: 'missing' | 'mismatch';
  message: string;
}

/** Re-hashes every stored file that evidence references and names the evidence of each problem. */
export async function verifyEvidenceBlobs(
  stores: EvidenceStores,
  options: { orgId?: string } = {},
): Promise<{ checked: number; problems: BlobProblem[] }> {
  const hashes = await evidenceHashes(stores.database.db, options.orgId);
  const problems: BlobProblem[] = [];
  for (const h of hashes) {
    const check = await stores.blobs.check(h.sha256);
    if (check.status === 'missing') {
      problems.push({
        ...h,
        problem: 'missing',
        message: `evidence ${h.evidenceId}: stored file ${h.sha256} is missing`,
      });
    } else if (check.status === 'mismatch') {
      problems.push({
        ...h,
        problem: 'mismatch',
        message: `evidence ${h.evidenceId}: stored file ${h.sha256} was changed (its content now hashes to ${check.actual})`,
      });
    }
  }
  return { checked: hashes.length, problems };
}
