// A request's thread: comments, answers that attach evidence (existing or a new upload) and the moves
// submit / accept / return, each a thread entry and a ledger entry (docs/decisions/0021).
import type { Actor } from '../../core/ledger/chain.js';
import { type RequestAction, type RequestStatus, transition } from '../../core/requests/index.js';
import { nowIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { write } from '../../platform/ledger/ledger.js';
import { listControlDetails } from '../controls/control.repository.js';
import {
  addEvidence,
  type EvidenceContent,
  type EvidenceStores,
  getEvidence,
} from '../evidence/evidence.service.js';
import {
  controlsOfRequests,
  insertMessage,
  messagesOfRequest,
  patchRequestRow,
} from './request.repository.js';
import {
  answerInputSchema,
  commentInputSchema,
  type RequestDetail,
  returnInputSchema,
} from './request.schema.js';
import { getRequest, message, parsed, RECORD, requestEngagement, requestRow } from './request.service.js';

/** A comment on a request's thread (the company's or the auditor's); the status does not move. */
export async function commentOnRequest(
  database: Database,
  actor: Actor,
  orgId: string,
  engagementId: string | undefined,
  idOrReference: string,
  input: unknown,
): Promise<RequestDetail> {
  const data = parsed(commentInputSchema, input, 'message');
  const engagement = await requestEngagement(database, orgId, engagementId);
  const id = await write(database, { actor, orgId }, async (w) => {
    const current = await requestRow(w.tx, orgId, engagement.id, idOrReference);
    const entry = message(w, orgId, current.id, { kind: 'comment', body: data.message });
    await insertMessage(w.tx, entry);
    w.record({
      action: 'comment',
      recordType: RECORD,
      recordId: current.id,
      change: { messageId: entry.id, body: data.message },
    });
    return current.id;
  });
  return getRequest(database, orgId, engagement.id, id);
}

function assertTransition(status: RequestStatus, action: RequestAction, answers = 0): RequestStatus {
  const next = transition(status, action, answers);
  if ('problem' in next) throw new AppError('conflict', next.problem, { field: 'status' });
  return next.to;
}

/**
 * Answers a request with evidence of its controls' requirements (existing
 * ids): one thread entry linking them; an open or returned request moves
 * to in progress. Evidence of another control is refused.
 */
export async function answerRequest(
  database: Database,
  actor: Actor,
  orgId: string,
  engagementId: string | undefined,
  idOrReference: string,
  input: unknown,
): Promise<RequestDetail> {
  const data = parsed(answerInputSchema, input, 'answer');
  const engagement = await requestEngagement(database, orgId, engagementId);
  const current = await requestRow(database.db, orgId, engagement.id, idOrReference);
  const controls = (await controlsOfRequests(database.db, orgId, [current.id])).get(current.id) ?? [];
  const allowed = new Set(controls.map((c) => c.id));
  const evidence: { id: string }[] = [];
  for (const raw of data.evidenceIds) {
    const e = await getEvidence(database, orgId, raw);
    if (!allowed.has(e.controlId))
      throw new AppError(
        'invalid_input',
        `evidence ${e.id} is of control ${e.controlCode}, not of the request's controls (${controls.map((c) => c.code).join(', ') || 'none: map the request first'})`,
        { field: 'evidenceIds' },
      );
    if (!evidence.some((x) => x.id === e.id)) evidence.push(e);
  }
  await write(database, { actor, orgId }, async (w) => {
    const row = await requestRow(w.tx, orgId, engagement.id, current.id);
    const from = row.status as RequestStatus;
    const to = assertTransition(from, 'answer');
    const entry = message(w, orgId, row.id, {
      kind: 'answer',
      body: data.message,
      from_status: from,
      to_status: to,
    });
    await insertMessage(
      w.tx,
      entry,
      evidence.map((e) => ({ message_id: entry.id, request_id: row.id, evidence_id: e.id, org_id: orgId })),
    );
    if (to !== from) await patchRequestRow(w.tx, orgId, row.id, { status: to, updated_at: nowIso() });
    w.record({
      action: 'answer',
      recordType: RECORD,
      recordId: row.id,
      change: { messageId: entry.id, evidenceIds: evidence.map((e) => e.id), status: [from, to] },
    });
  });
  return getRequest(database, orgId, engagement.id, current.id);
}

/**
 * Answers a request with a new upload: the file is recorded as evidence on
 * a requirement of the request's controls (the evidence service's add
 * path: never a loose file), then attached to the answer.
 */
export async function answerRequestWithUpload(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  engagementId: string | undefined,
  idOrReference: string,
  input: {
    requirementCode: string;
    effective: string;
    message?: string;
    description?: string;
    content: EvidenceContent;
    maxBytes?: number;
  },
): Promise<RequestDetail> {
  const { database } = stores;
  const engagement = await requestEngagement(database, orgId, engagementId);
  const current = await requestRow(database.db, orgId, engagement.id, idOrReference);
  assertTransition(current.status as RequestStatus, 'answer');
  const codes = ((await controlsOfRequests(database.db, orgId, [current.id])).get(current.id) ?? []).map(
    (c) => c.code,
  );
  const controls = codes.length > 0 ? await listControlDetails(database.db, orgId, { codes }) : [];
  const control = controls.find((c) => c.requirements.some((r) => r.code === input.requirementCode));
  if (!control) {
    const known = controls.flatMap((c) => c.requirements.map((r) => r.code)).join(', ');
    throw new AppError(
      'invalid_input',
      `requirement ${input.requirementCode} is not a requirement of the request's controls (${known || 'none: map the request first'})`,
      { field: 'requirementCode' },
    );
  }
  const evidence = await addEvidence(stores, actor, orgId, {
    metadata: {
      controlCode: control.code,
      requirementCode: input.requirementCode,
      effective: input.effective,
      description: input.description ?? `Answer to request ${current.reference}`,
    },
    content: input.content,
    ...(input.maxBytes === undefined ? {} : { maxBytes: input.maxBytes }),
  });
  return answerRequest(database, actor, orgId, engagement.id, current.id, {
    message: input.message ?? '',
    evidenceIds: [evidence.id],
  });
}

async function move(
  database: Database,
  actor: Actor,
  orgId: string,
  engagementId: string | undefined,
  idOrReference: string,
  action: 'submit' | 'accept' | 'return',
  body: string,
): Promise<RequestDetail> {
  const engagement = await requestEngagement(database, orgId, engagementId);
  const id = await write(database, { actor, orgId }, async (w) => {
    const row = await requestRow(w.tx, orgId, engagement.id, idOrReference);
    let answers = 0;
    for (const m of await messagesOfRequest(w.tx, orgId, row.id)) {
      if (m.kind === 'answer') answers++;
      else if (m.kind === 'transition' && m.to_status === 'returned') answers = 0;
    }
    const from = row.status as RequestStatus;
    const to = assertTransition(from, action, answers);
    const entry = message(w, orgId, row.id, { kind: 'transition', body, from_status: from, to_status: to });
    await insertMessage(w.tx, entry);
    await patchRequestRow(w.tx, orgId, row.id, { status: to, updated_at: nowIso() });
    w.record({
      action,
      recordType: RECORD,
      recordId: row.id,
      change: { status: [from, to], messageId: entry.id, ...(action === 'return' ? { reason: body } : {}) },
    });
    return row.id;
  });
  return getRequest(database, orgId, engagement.id, id);
}

/** Submits the company's answers to the auditor (needs an answer the auditor has not seen). */
export async function submitRequest(
  database: Database,
  actor: Actor,
  orgId: string,
  engagementId: string | undefined,
  idOrReference: string,
  note?: string,
): Promise<RequestDetail> {
  return move(database, actor, orgId, engagementId, idOrReference, 'submit', note?.trim() || 'submitted');
}

/** The auditor accepts a submitted request. */
export async function acceptRequest(
  database: Database,
  actor: Actor,
  orgId: string,
  engagementId: string | undefined,
  idOrReference: string,
  note?: string,
): Promise<RequestDetail> {
  return move(database, actor, orgId, engagementId, idOrReference, 'accept', note?.trim() || 'accepted');
}

/** The auditor returns a submitted request with a reason; the next answer takes it back to in progress. */
export async function returnRequest(
  database: Database,
  actor: Actor,
  orgId: string,
  engagementId: string | undefined,
  idOrReference: string,
  input: unknown,
): Promise<RequestDetail> {
  const data = parsed(returnInputSchema, input, 'reason');
  return move(database, actor, orgId, engagementId, idOrReference, 'return', data.reason);
}
