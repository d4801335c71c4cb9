// Incident-response tests: listed with their follow-ups and next due date, and each recorded as
// system-generated evidence (docs/decisions/0027).
import { Readable } from 'node:stream';
import { IR_TEST_CONTROL, type IrTestKind, nextIrTestDueOn } from '../../core/incidents/rules.js';
import type { Actor } from '../../core/ledger/chain.js';
import { nowIso, todayIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { IncidentFollowUpsTable } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { recordSystemEvidence } from '../evidence/system-evidence.js';
import {
  incidentFindingRows,
  insertFollowUps,
  insertIrTest,
  listFollowUpRows,
  listIrTestRows,
  setIrTestEvidence,
} from './incident.repository.js';
import { type IrTestView, irTestInputSchema } from './incident.schema.js';
import {
  checkDate,
  findingsByKey,
  followUpView,
  INCIDENT_REVIEWER,
  invalid,
  parsed,
  personOf,
  rosterOf,
} from './incident.service.js';
import { afterWrite } from './incident-refresh.service.js';

/** The IR tests, newest first, with their follow-ups, the next one's due date and the findings on them. */
export async function listIrTests(
  database: Database,
  orgId: string,
  options: { at?: string } = {},
): Promise<IrTestView[]> {
  const at = checkDate(options.at ?? todayIso(), 'at');
  const [tests, followUps, findings] = await Promise.all([
    listIrTestRows(database.db, orgId),
    listFollowUpRows(database.db, orgId),
    incidentFindingRows(database.db, orgId),
  ]);
  const open = findingsByKey(findings, true);
  return tests.map((t) => {
    const mine = followUps.filter((f) => f.ir_test_id === t.id).map((f) => followUpView(f, at));
    return {
      id: t.id,
      kind: t.kind as IrTestKind,
      heldOn: t.held_on,
      scenario: t.scenario,
      participants: JSON.parse(t.participants) as string[],
      results: t.results,
      nextDueOn: nextIrTestDueOn(t.held_on),
      evidenceSha256: t.evidence_sha256,
      followUps: mine,
      findings: mine.flatMap((f) => open.get(`follow-up:${f.id}`) ?? []),
    };
  });
}

/**
 * Records an IR test once held (tabletop or live: date, scenario,
 * participants, results, follow-up actions). Its record becomes
 * system-generated evidence on IR-03 (the report; the follow-ups too when it
 * has any), effective on the day it was held.
 */
export async function createIrTest(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  input: unknown,
  options: { at?: string } = {},
): Promise<IrTestView> {
  const at = checkDate(options.at ?? todayIso(), 'at');
  const t = parsed(irTestInputSchema, input, 'irTest');
  if (t.heldOn > at) throw invalid('heldOn', `the test is recorded once held: ${t.heldOn} is after ${at}`);
  const { database } = stores;
  const roster = await rosterOf(database.db, orgId);
  const participants = [...new Set(t.participants)];
  participants.forEach((email, i) => {
    if (!roster.has(email))
      throw new AppError('not_found', `no person with e-mail ${email} in the roster`, {
        field: `participants.${i}`,
      });
  });
  const owners = t.followUps.map((f, i) => personOf(roster, f.owner, `followUps.${i}.owner`));
  const id = newId();
  const now = nowIso();
  const test = {
    id,
    org_id: orgId,
    kind: t.kind,
    held_on: t.heldOn,
    scenario: t.scenario,
    participants: JSON.stringify(participants),
    results: t.results,
    evidence_sha256: null,
    created_at: now,
  };
  const followUps: IncidentFollowUpsTable[] = t.followUps.map((f, i) => ({
    id: newId(),
    org_id: orgId,
    incident_id: null,
    ir_test_id: id,
    action: f.action,
    owner_id: owners[i]!.id,
    due_on: f.dueOn,
    done_on: null,
    evidence: null,
    created_at: now,
  }));
  const record = {
    kind: 'auditready incident-response test',
    test: { id, kind: t.kind, heldOn: t.heldOn, scenario: t.scenario, participants, results: t.results },
    followUps: t.followUps.map((f) => ({ action: f.action, owner: f.owner, dueOn: f.dueOn })),
  };
  const stored = await stores.blobs.put(Readable.from([Buffer.from(`${JSON.stringify(record, null, 2)}\n`)]));
  await write(database, { actor, orgId }, async (w) => {
    await insertIrTest(w.tx, test);
    await insertFollowUps(w.tx, followUps);
    w.record({
      action: 'create',
      recordType: 'ir-test',
      recordId: id,
      change: { ...record.test, followUps: record.followUps, evidenceSha256: stored.sha256 },
    });
    await recordSystemEvidence(w, orgId, {
      requirementCodes: [
        IR_TEST_CONTROL.report,
        ...(followUps.length > 0 ? [IR_TEST_CONTROL.followUps] : []),
      ],
      stored: {
        sha256: stored.sha256,
        size: stored.size,
        fileName: `ir-test-${t.heldOn}-${id}.json`,
        mediaType: 'application/json',
        url: null,
      },
      effectiveOn: t.heldOn,
      description: `Incident-response ${t.kind} held on ${t.heldOn}: ${t.scenario.slice(0, 200)} (${participants.length} participant(s), ${followUps.length} follow-up action(s))`,
      reviewer: INCIDENT_REVIEWER,
    });
    await setIrTestEvidence(w.tx, orgId, id, stored.sha256);
    await afterWrite(w, stores, orgId, at);
  });
  return (await listIrTests(database, orgId, { at })).find((x) => x.id === id)!;
}
