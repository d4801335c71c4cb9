// The incident register imported from a tracker's CSV export: all or nothing, idempotent by external
// id (docs/decisions/0027).
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import { incidentProblems } from '../../core/incidents/rules.js';
import type { Actor } from '../../core/ledger/chain.js';
import { readCsvRecords } from '../../importers/csv/read-csv.js';
import { nowIso, todayIso } from '../../platform/clock.js';
import type { IncidentsTable } from '../../platform/db/schema.js';
import { ImportError } from '../../platform/errors.js';
import { restoreFormulaCell } from '../../platform/files/spreadsheet-csv.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { insertIncidents, listIncidentRows, updateIncidentRow } from './incident.repository.js';
import { incidentInputSchema, type RegisterImportResult } from './incident.schema.js';
import { checkDate, personProblem, REGISTER_COLUMNS, rosterOf } from './incident.service.js';
import { afterWrite } from './incident-refresh.service.js';

const MAX_CELL = 5000;

/**
 * Imports an incident register (CSV `external_id,title,severity,status,
 * detected_at,contained_at,resolved_at,owner,root_cause,customer_impact`),
 * all or nothing: a bad row names its file, line, column and reason and
 * nothing is stored. Rows are matched by external id: new ones are created,
 * changed ones updated, the same again changes nothing; incidents absent from
 * the file are kept. Owners are e-mails of the roster.
 */
export async function importIncidentRegister(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  options: { file: string; input: Readable; at?: string },
): Promise<RegisterImportResult> {
  const at = checkDate(options.at ?? todayIso(), 'at');
  const { database, blobs } = stores;
  const blob = await blobs.put(options.input);
  const roster = await rosterOf(database.db, orgId);
  const existing = new Map((await listIncidentRows(database.db, orgId)).map((r) => [r.external_id, r]));
  const seen = new Map<string, number>();
  const now = nowIso();
  const created: IncidentsTable[] = [];
  const updated: { row: IncidentsTable; change: Record<string, [unknown, unknown]> }[] = [];
  let rows = 0;
  for await (const record of readCsvRecords(await blobs.open(blob.sha256), options.file, {
    required: ['external_id', 'title', 'severity', 'detected_at'],
    known: REGISTER_COLUMNS,
  })) {
    rows += 1;
    const cell = (column: (typeof REGISTER_COLUMNS)[number]) => {
      const value = restoreFormulaCell(record.get(column));
      if (value.length > MAX_CELL) throw record.error(column, `longer than ${MAX_CELL} characters`);
      return value === '' ? null : value;
    };
    const field = <T extends z.ZodType>(column: (typeof REGISTER_COLUMNS)[number], schema: T) => {
      const value = cell(column);
      const result = schema.safeParse(value);
      if (!result.success)
        throw record.error(
          column,
          value === null ? `the ${column} is empty` : result.error.issues[0]!.message,
        );
      return result.data as z.infer<T>;
    };
    const externalId = field('external_id', incidentInputSchema.shape.externalId.unwrap().unwrap());
    const before = seen.get(externalId);
    if (before !== undefined)
      throw record.error('external_id', `incident ${externalId} is already on line ${before}`);
    seen.set(externalId, record.line);
    const ownerEmail = field('owner', incidentInputSchema.shape.owner);
    if (ownerEmail !== null) {
      const problem = personProblem(roster, ownerEmail);
      if (problem) throw record.error('owner', problem);
    }
    const values = {
      title: field('title', incidentInputSchema.shape.title),
      severity: field('severity', incidentInputSchema.shape.severity),
      status: record.has('status') ? field('status', incidentInputSchema.shape.status) : 'open',
      detected_at: field('detected_at', incidentInputSchema.shape.detectedAt),
      contained_at: field('contained_at', incidentInputSchema.shape.containedAt),
      resolved_at: field('resolved_at', incidentInputSchema.shape.resolvedAt),
      root_cause: field('root_cause', incidentInputSchema.shape.rootCause),
      customer_impact: field('customer_impact', incidentInputSchema.shape.customerImpact),
      owner_id: ownerEmail === null ? null : roster.get(ownerEmail)!.id,
    };
    const [problem] = incidentProblems({
      status: values.status,
      detectedAt: values.detected_at,
      containedAt: values.contained_at,
      resolvedAt: values.resolved_at,
    });
    if (problem) {
      const column = { containedAt: 'contained_at', resolvedAt: 'resolved_at', status: 'status' }[
        problem.field
      ];
      throw record.error(column, problem.message);
    }
    const old = existing.get(externalId);
    if (!old) {
      created.push({
        id: newId(),
        org_id: orgId,
        external_id: externalId,
        ...values,
        created_at: now,
        updated_at: now,
      });
      continue;
    }
    const change: Record<string, [unknown, unknown]> = {};
    for (const [column, value] of Object.entries(values) as [keyof typeof values, string | null][])
      if (old[column] !== value) change[column] = [old[column], value];
    if (Object.keys(change).length > 0) updated.push({ row: { ...old, ...values, updated_at: now }, change });
  }
  if (rows === 0) throw new ImportError({ file: options.file }, 'the register has no incidents');
  const result = {
    rows,
    created: created.length,
    updated: updated.length,
    unchanged: rows - created.length - updated.length,
  };
  if (created.length === 0 && updated.length === 0) return { status: 'unchanged', ...result };
  await write(database, { actor, orgId }, async (w) => {
    await insertIncidents(w.tx, created);
    for (const u of updated) {
      const { id, org_id: _org, created_at: _created, ...fields } = u.row;
      await updateIncidentRow(w.tx, orgId, id, fields);
    }
    w.record({
      action: 'import',
      recordType: 'incident-register',
      recordId: blob.sha256,
      change: {
        file: options.file.split(/[\\/]/).pop()!.slice(0, 200),
        sha256: blob.sha256,
        ...result,
        createdIds: created.map((c) => c.external_id),
        updatedFields: Object.fromEntries(updated.map((u) => [u.row.external_id, u.change])),
      },
    });
    await afterWrite(w, stores, orgId, at);
  });
  return { status: 'imported', ...result };
}
