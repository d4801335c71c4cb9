/**
 * `importTickets`: a Jira or Linear export (one page file or a directory of
 * pages) into the store (issue 23 item 3, docs/decisions/0031). The pages
 * are read and checked first (a bad issue aborts before anything is
 * written, naming its file, line and JSON path); then ONE transaction saves
 * the projects' settings, records each requirement's ticket history as
 * system-generated evidence (source type ticket-history), upserts the
 * tickets whose facts changed and appends one ledger entry for the import —
 * or, on any error, writes nothing. The same pages with the same settings
 * twice are "unchanged" and write nothing at all.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { inputDateProblem } from '../../core/dates.js';
import { canonicalJson } from '../../core/ledger/canonical-json.js';
import type { Actor } from '../../core/ledger/chain.js';
import { projectSettings, requirementsOfType, ticketApprovalUnder } from '../../core/tickets/rules.js';
import type { TicketFact, TicketProjectSettings, TicketSource } from '../../core/tickets/types.js';
import { readTicketExport, type TicketExport, type TicketExportFile } from '../../importers/tickets/index.js';
import { nowIso, todayIso } from '../../platform/clock.js';
import type { TicketProjectsTable, TicketsTable } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { type Write, write } from '../../platform/ledger/ledger.js';
import { pullChangesByLabel } from '../changes/changes.repository.js';
import { type EvidenceStores, storeEvidenceContent } from '../evidence/evidence.service.js';
import { recordSystemEvidence } from '../evidence/system-evidence.js';
import {
  insertImport,
  insertProject,
  latestImportOf,
  listProjectRows,
  ticketHashes,
  updateProjectSettings,
  upsertTickets,
} from './tickets.repository.js';
import {
  type TicketImportCounts,
  type TicketImportInput,
  type TicketImportResult,
  type TicketProjectMap,
  ticketImportInputSchema,
  ticketProjectMapSchema,
} from './tickets.schema.js';

/** Who accepts an import's ticket histories: auditready, after a complete read (never a person's review). */
export const TICKET_IMPORT_REVIEWER: Actor = {
  type: 'system',
  id: 'ticket-import',
  label: 'auditready ticket import (accepted after a complete read)',
};

const SOURCE_LABEL: Record<TicketSource, string> = { jira: 'Jira', linear: 'Linear' };

/** What to import. */
export interface ImportTicketsOptions {
  /** A page file, or a directory of page files. */
  location: string;
  input?: TicketImportInput;
  /** The day the import is recorded at (default today): the evidence's effective date. */
  at?: string;
}

function invalid(issue: { path: PropertyKey[]; message: string }): AppError {
  return new AppError('invalid_input', `${issue.path.map(String).join('.')}: ${issue.message}`, {
    field: String(issue.path[0] ?? ''),
  });
}

/** The stored settings of a project row (over the defaults). */
export function storedSettings(
  row: Pick<TicketProjectsTable, 'settings'> | undefined,
): TicketProjectSettings {
  return projectSettings(row ? (JSON.parse(row.settings) as Partial<TicketProjectSettings>) : undefined);
}

/** Imports an export (see the module comment). */
export async function importTickets(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  options: ImportTicketsOptions,
): Promise<TicketImportResult> {
  const parsed = ticketImportInputSchema.safeParse(options.input ?? {});
  if (!parsed.success) throw invalid(parsed.error.issues[0]!);
  const input = parsed.data;
  const at = options.at ?? todayIso();
  const atProblem = inputDateProblem(at);
  if (atProblem) throw new AppError('invalid_input', `${at}: ${atProblem}`);
  const db = stores.database.db;
  const stored = new Map<string, TicketProjectsTable>();
  for (const source of ['jira', 'linear'] as const)
    for (const row of await listProjectRows(db, orgId, source)) stored.set(`${source}:${row.key}`, row);
  const map = input.projectMap ?? {};
  const given = (key: string) => map[key] ?? map[Object.keys(map).find((k) => k.toUpperCase() === key) ?? ''];
  const settingsOf = (source: TicketSource, project: string): TicketProjectSettings =>
    projectSettings(
      stored.has(`${source}:${project}`) ? storedSettings(stored.get(`${source}:${project}`)) : undefined,
      map['*'],
      given(project),
    );
  const { export: exp, files } = await readTicketExport(options.location, {
    source: input.source ?? null,
    settingsOf,
  });
  return importRead(stores, actor, orgId, {
    exp,
    files,
    at,
    fileName: options.location,
    settingsOf,
    stored,
  });
}

/** The facts of a ticket as stored, with what the project's settings make of them. */
function ticketRecord(t: TicketFact, settings: TicketProjectSettings) {
  const approval = ticketApprovalUnder(t, settings);
  return { fact: t, approval, requirementCodes: requirementsOfType(settings, t.type) };
}

async function importRead(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  run: {
    exp: TicketExport;
    files: TicketExportFile[];
    at: string;
    fileName: string;
    settingsOf: (source: TicketSource, project: string) => TicketProjectSettings;
    stored: Map<string, TicketProjectsTable>;
  },
): Promise<TicketImportResult> {
  const { exp, at } = run;
  const db = stores.database.db;
  const projects = [...new Set(exp.tickets.map((t) => t.project))].sort();
  const settings = Object.fromEntries(projects.map((p) => [p, run.settingsOf(exp.source, p)]));
  const sha256 = createHash('sha256')
    .update(canonicalJson({ source: exp.source, files: run.files, settings }))
    .digest('hex');
  const last = await latestImportOf(db, orgId, exp.source);
  if (last && last.sha256 === sha256) {
    return {
      status: 'unchanged',
      importId: last.id,
      source: exp.source,
      sha256,
      evidenceIds: JSON.parse(last.evidence_ids) as string[],
      counts: JSON.parse(last.counts) as TicketImportCounts,
    };
  }

  const records = exp.tickets.map((t) => ticketRecord(t, settings[t.project]!));
  const labels = [...new Set(records.flatMap((r) => r.fact.pullLinks))];
  const linked = await pullChangesByLabel(db, orgId, labels);

  return write(stores.database, { actor, orgId }, async (w) => {
    const now = nowIso();
    const projectIds = await saveProjects(w, orgId, exp.source, settings, run.stored, now);
    const evidenceIds = await recordHistories(w, stores, orgId, exp, records, run.files, at);
    const hashes = await ticketHashes(w.tx, orgId, exp.source);
    const importId = newId();
    const rows: TicketsTable[] = [];
    let created = 0;
    let updated = 0;
    for (const r of records) {
      const t = r.fact;
      const factSha256 = createHash('sha256')
        .update(canonicalJson({ fact: t, approval: r.approval, requirementCodes: r.requirementCodes }))
        .digest('hex');
      const known = hashes.get(t.key);
      if (known?.factSha256 === factSha256) continue;
      if (known) updated++;
      else created++;
      rows.push({
        id: known?.id ?? newId(),
        org_id: orgId,
        source: exp.source,
        key: t.key,
        project_id: projectIds.get(t.project)!,
        type: t.type,
        title: t.title,
        status: t.status,
        reporter: t.reporter ? JSON.stringify(t.reporter) : null,
        url: t.url,
        opened_at: t.createdAt,
        transitions: JSON.stringify(t.transitions),
        approval: r.approval.status,
        approved_by: r.approval.by?.name ?? null,
        approved_at: r.approval.at,
        pull_links: JSON.stringify(t.pullLinks),
        incident_keys: JSON.stringify(t.incidentKeys),
        requirement_codes: JSON.stringify(r.requirementCodes),
        fact_sha256: factSha256,
        import_id: importId,
      });
    }
    const count = (status: string) => records.filter((r) => r.approval.status === status).length;
    const counts: TicketImportCounts = {
      ...exp.counts,
      created,
      updated,
      unchanged: records.length - created - updated,
      approved: count('approved'),
      selfApproved: count('self-approved'),
      unapproved: count('unapproved'),
      notRequired: count('not-required'),
      pullLinks: labels.length,
      linkedChanges: labels.filter((l) => linked.has(l.toLowerCase())).length,
    };
    await insertImport(w.tx, {
      id: importId,
      org_id: orgId,
      source: exp.source,
      file_name: run.fileName.slice(-500),
      sha256,
      counts: canonicalJson(counts),
      evidence_ids: JSON.stringify(evidenceIds),
      imported_on: at,
      imported_at: now,
      actor_label: actor.label,
    });
    await upsertTickets(w.tx, rows);
    // One entry for the whole import (docs/decisions/0004): the source, the projects' settings, what changed.
    w.record({
      action: 'import',
      recordType: 'ticket-import',
      recordId: importId,
      change: { source: exp.source, settings, sha256, files: run.files.length, counts, evidenceIds },
    });
    return { status: 'imported', importId, source: exp.source, sha256, evidenceIds, counts };
  });
}

/** Creates the projects first seen and stores changed settings; returns project key → id. */
async function saveProjects(
  w: Write,
  orgId: string,
  source: TicketSource,
  settings: Record<string, TicketProjectSettings>,
  stored: Map<string, TicketProjectsTable>,
  now: string,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [key, s] of Object.entries(settings)) {
    const row = stored.get(`${source}:${key}`);
    const text = canonicalJson(s);
    if (!row) {
      const id = newId();
      await insertProject(w.tx, {
        id,
        org_id: orgId,
        source,
        key,
        settings: text,
        created_at: now,
        updated_at: now,
      });
      ids.set(key, id);
    } else {
      if (row.settings !== text)
        await updateProjectSettings(w.tx, row.id, { settings: text, updated_at: now });
      ids.set(key, row.id);
    }
  }
  return ids;
}

/**
 * Records, for each requirement the export's tickets prove, the ticket
 * history of those tickets (canonical JSON: each ticket with its transitions,
 * approval, pull requests and incidents) as system-generated evidence.
 */
async function recordHistories(
  w: Write,
  stores: EvidenceStores,
  orgId: string,
  exp: TicketExport,
  records: ReturnType<typeof ticketRecord>[],
  files: TicketExportFile[],
  at: string,
): Promise<string[]> {
  const byCode = new Map<string, ReturnType<typeof ticketRecord>[]>();
  for (const r of records)
    for (const code of r.requirementCodes) byCode.set(code, [...(byCode.get(code) ?? []), r]);
  const ids: string[] = [];
  for (const [code, list] of [...byCode].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const log = canonicalJson({
      source: exp.source,
      requirement: code,
      files,
      tickets: list.map(({ fact: t, approval }) => ({
        key: t.key,
        type: t.type,
        title: t.title,
        status: t.status,
        reporter: t.reporter?.name ?? null,
        createdAt: t.createdAt,
        url: t.url,
        transitions: t.transitions.map((x) => ({ from: x.from, to: x.to, by: x.by?.name ?? null, at: x.at })),
        approval: {
          status: approval.status,
          by: approval.by?.name ?? null,
          at: approval.at,
          state: approval.state,
        },
        pulls: t.pullLinks,
        incidents: t.incidentKeys,
      })),
    });
    const blob = await storeEvidenceContent(stores.blobs, {
      kind: 'file',
      stream: Readable.from([Buffer.from(log)]),
      fileName: `${exp.source}-ticket-history-${code}-${at}.json`,
      mediaType: 'application/json',
    });
    const approved = list.filter((r) => r.approval.status === 'approved').length;
    const types = [...new Set(list.map((r) => r.fact.type))].sort().join(', ');
    ids.push(
      ...(await recordSystemEvidence(w, orgId, {
        requirementCodes: [code],
        stored: { ...blob, sha256: blob.sha256! },
        effectiveOn: at,
        description: `${SOURCE_LABEL[exp.source]} ticket history (imported ${at}): ${list.length} tickets (${types}), ${approved} approved by someone other than the reporter`,
        reviewer: TICKET_IMPORT_REVIEWER,
        sourceType: 'ticket-history',
      })),
    );
  }
  return ids;
}

/**
 * Imports one uploaded page file (a directory of pages comes through the
 * CLI). Form fields: `source` (jira|linear), `projectMap` (the JSON of a
 * project map). The upload is spooled to a private temporary directory,
 * imported like a file given to the CLI, and removed.
 */
export async function importTicketsUpload(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  upload: { fileName: string; input: Readable; fields: Record<string, string> },
): Promise<TicketImportResult> {
  const f = upload.fields;
  let projectMap: TicketProjectMap | undefined;
  if (f.projectMap?.trim()) {
    let json: unknown;
    try {
      json = JSON.parse(f.projectMap);
    } catch {
      upload.input.resume();
      throw new AppError('invalid_input', 'projectMap: expected the JSON of a project map', {
        field: 'projectMap',
      });
    }
    const map = ticketProjectMapSchema.safeParse(json);
    if (!map.success) {
      upload.input.resume();
      throw invalid({ ...map.error.issues[0]!, path: ['projectMap', ...map.error.issues[0]!.path] });
    }
    projectMap = map.data;
  }
  const source = f.source?.trim();
  if (source && source !== 'jira' && source !== 'linear') {
    upload.input.resume();
    throw new AppError('invalid_input', 'source: jira or linear', { field: 'source' });
  }
  const input: TicketImportInput = {
    ...(source ? { source: source as TicketSource } : {}),
    ...(projectMap ? { projectMap } : {}),
  };
  const name = /^[\w.-]{1,100}\.json$/i.test(upload.fileName) ? upload.fileName : 'page.json';
  const dir = await mkdtemp(path.join(tmpdir(), 'auditready-tickets-'));
  try {
    const file = path.join(dir, name);
    await pipeline(upload.input, createWriteStream(file, { mode: 0o600 }));
    return await importTickets(stores, actor, orgId, { location: file, input });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
