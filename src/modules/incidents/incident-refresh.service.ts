// Incidents kept up to date at T: the register as system-generated evidence when it changed, and the
// rule findings in step (docs/decisions/0027).
import { Readable } from 'node:stream';
import {
  type FollowUpFacts,
  INCIDENT_CONTROL,
  INCIDENT_FINDING_SOURCE,
  type IncidentSeverity,
  incidentFindings,
  planIncidentFindingSync,
} from '../../core/incidents/rules.js';
import type { Actor } from '../../core/ledger/chain.js';
import { todayIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { writeSpreadsheetCsv } from '../../platform/files/spreadsheet-csv.js';
import { type Write, write } from '../../platform/ledger/ledger.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { recordSystemEvidence } from '../evidence/system-evidence.js';
import { applyRuleFindingSync } from '../findings/rule-finding-sync.js';
import { listPeople } from '../people/person.repository.js';
import {
  insertIncidentFindingLinks,
  listFollowUpRows,
  listIncidentRows,
  listIrTestRows,
  openIncidentFindings,
} from './incident.repository.js';
import { checkDate, INCIDENT_REVIEWER, irTestLabel, REGISTER_COLUMNS } from './incident.service.js';

/**
 * Brings the incident rule findings up to date at T (overdue follow-ups, a
 * root cause past its due date and a lapsed IR test appear with time, without
 * any other write).
 */
export async function refreshIncidents(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  options: { at?: string } = {},
): Promise<{ opened: number; resolved: number }> {
  const at = checkDate(options.at ?? todayIso(), 'at');
  return write(stores.database, { actor, orgId }, (w) => syncRuleFindings(w, orgId, at));
}

/** After every write to incidents: the findings at T, and the register as evidence when it changed. */
export async function afterWrite(w: Write, stores: EvidenceStores, orgId: string, at: string): Promise<void> {
  await recordRegister(w, stores, orgId, at);
  await syncRuleFindings(w, orgId, at);
}

/**
 * The incident register as the CSV auditready exports: the import's columns, so an export imports again
 * unchanged. Follow-ups are not in it: adding one is not a change of the register.
 */
export async function incidentRegisterCsv(
  db: Database['db'],
  orgId: string,
): Promise<{ csv: string; rows: number }> {
  const [rows, people] = await Promise.all([listIncidentRows(db, orgId), listPeople(db, orgId)]);
  const email = new Map(people.map((p) => [p.id, p.email]));
  const ordered = [...rows].sort((a, b) =>
    a.detected_at < b.detected_at
      ? -1
      : a.detected_at > b.detected_at
        ? 1
        : a.external_id < b.external_id
          ? -1
          : 1,
  );
  return {
    rows: ordered.length,
    csv: writeSpreadsheetCsv(
      REGISTER_COLUMNS,
      ordered.map((r) => [
        r.external_id,
        r.title,
        r.severity,
        r.status,
        r.detected_at,
        r.contained_at ?? '',
        r.resolved_at ?? '',
        r.owner_id ? (email.get(r.owner_id) ?? '') : '',
        r.root_cause ?? '',
        r.customer_impact ?? '',
      ]),
    ),
  };
}

/**
 * Records the register export on IR-02-E1, effective at T, accepted by
 * auditready; the same register again is the same evidence (content-addressed),
 * so only a change of the register adds a version.
 */
async function recordRegister(w: Write, stores: EvidenceStores, orgId: string, at: string): Promise<void> {
  const { csv, rows } = await incidentRegisterCsv(w.tx, orgId);
  if (rows === 0) return;
  const blob = await stores.blobs.put(Readable.from([Buffer.from(csv)]));
  await recordSystemEvidence(w, orgId, {
    requirementCodes: [INCIDENT_CONTROL.register],
    stored: {
      sha256: blob.sha256,
      size: blob.size,
      fileName: `incident-register-${at}.csv`,
      mediaType: 'text/csv',
      url: null,
    },
    effectiveOn: at,
    description: `Incident register as of ${at}: ${rows} incident(s) with severity, detection, containment and resolution times, owner, root cause and customer impact`,
    reviewer: INCIDENT_REVIEWER,
  });
}

/**
 * Keeps the incident rule findings in step at T inside the caller's write:
 * opens what the rules want and is not open, resolves what is open and no
 * longer wanted; one ledger entry when anything changed.
 */
async function syncRuleFindings(
  w: Write,
  orgId: string,
  at: string,
): Promise<{ opened: number; resolved: number }> {
  const db = w.tx;
  const [incidents, followUps, tests, people] = await Promise.all([
    listIncidentRows(db, orgId),
    listFollowUpRows(db, orgId),
    listIrTestRows(db, orgId),
    listPeople(db, orgId),
  ]);
  const email = new Map(people.map((p) => [p.id, p.email]));
  const byIncident = new Map(incidents.map((i) => [i.id, i]));
  const byTest = new Map(tests.map((t) => [t.id, t]));
  const wanted = incidentFindings({
    at,
    incidents: incidents
      .filter((i) => i.detected_at.slice(0, 10) <= at)
      .map((i) => ({
        id: i.id,
        label: i.external_id,
        title: i.title,
        severity: i.severity as IncidentSeverity,
        detectedAt: i.detected_at,
        rootCause: i.root_cause,
        ownerId: i.owner_id,
        ownerEmail: i.owner_id ? (email.get(i.owner_id) ?? null) : null,
      })),
    followUps: followUps.map(
      (f): FollowUpFacts => ({
        id: f.id,
        of: f.incident_id ? 'incident' : 'ir-test',
        parent: f.incident_id
          ? (byIncident.get(f.incident_id)?.external_id ?? f.incident_id)
          : irTestLabel(byTest.get(f.ir_test_id!)!),
        action: f.action,
        ownerId: f.owner_id,
        ownerEmail: f.owner_email,
        dueOn: f.due_on,
        doneOn: f.done_on,
      }),
    ),
    irTests: tests.map((t) => ({ id: t.id, heldOn: t.held_on })),
  });
  const open = (await openIncidentFindings(db, orgId)).map((o) => ({
    findingId: o.finding_id,
    rule: o.rule,
    key: o.subject_key,
  }));
  return applyRuleFindingSync(w, orgId, at, planIncidentFindingSync(wanted, open, at), {
    domain: 'incident',
    source: () => INCIDENT_FINDING_SOURCE,
    resolution: 'the incident rule no longer applies',
    recordType: 'incident-findings',
    link: insertIncidentFindingLinks,
  });
}
