/**
 * `importChanges`: one repository's export (a directory of GitHub REST
 * answers, or one file) into the store (issue 16 item 2, docs/decisions/0024).
 * The files are read and checked first (a bad record aborts before anything
 * is written, naming its file, line and JSON path); then ONE transaction
 * upserts the imported facts by their ids, derives the repository's releases
 * and changes from its whole stored history, syncs the change rules'
 * findings, records the release log as system-generated evidence on the
 * change-management requirements and appends one ledger entry for the
 * import with its counts — or, on any error, writes nothing. The same export
 * with the same settings twice is "unchanged" and writes nothing at all.
 *
 * The parts: reading and checking the files (src/importers/changes), applying
 * the facts and the derived history (changes.apply.ts), the rules
 * (src/core/changes) and their findings (changes.rule-findings.ts), the
 * release log evidence (changes.release-log.ts); this module runs them in
 * order inside one write.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { deriveHistory } from '../../core/changes/history.js';
import { evaluateChangeRules } from '../../core/changes/rules.js';
import { type ChangeSettings, DEFAULT_CHANGE_SETTINGS } from '../../core/changes/types.js';
import { inputDateProblem } from '../../core/dates.js';
import { canonicalJson } from '../../core/ledger/canonical-json.js';
import type { Actor } from '../../core/ledger/chain.js';
import type { GithubExport } from '../../importers/changes/github-export.js';
import { readChangeExport } from '../../importers/changes/index.js';
import { nowIso, todayIso } from '../../platform/clock.js';
import type { ChangeRepositoriesTable } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import { type EvidenceStores, storeEvidenceContent } from '../evidence/evidence.service.js';
import { historyAfter, saveHistory, storeFacts } from './changes.apply.js';
import { recordLogEvidence, releaseLog } from './changes.release-log.js';
import {
  findRepositoryByName,
  insertImport,
  insertRepository,
  latestImport,
  updateRepository,
} from './changes.repository.js';
import { syncChangeFindings } from './changes.rule-findings.js';
import {
  type ChangeImportCounts,
  type ChangeImportInput,
  type ChangeImportResult,
  changeImportInputSchema,
} from './changes.schema.js';

export { CHANGE_EVIDENCE_REQUIREMENTS, CHANGE_IMPORT_REVIEWER } from './changes.release-log.js';

/** What to import. */
export interface ImportChangesOptions {
  /** A directory of the export's files, or one file. */
  location: string;
  input?: ChangeImportInput;
  /** The date T the rules judge at (default today). */
  at?: string;
}

/** The settings of a stored repository, with the defaults filled in. */
export function settingsOf(row: Pick<ChangeRepositoriesTable, 'settings'> | undefined): ChangeSettings {
  return {
    ...DEFAULT_CHANGE_SETTINGS,
    ...(row ? (JSON.parse(row.settings) as Partial<ChangeSettings>) : {}),
  };
}

/** Imports one repository's export (see the module comment). */
export async function importChanges(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  options: ImportChangesOptions,
): Promise<ChangeImportResult> {
  const parsed = changeImportInputSchema.safeParse(options.input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('invalid_input', `${issue.path.join('.')}: ${issue.message}`, {
      field: String(issue.path[0] ?? ''),
    });
  }
  const input = parsed.data;
  const at = options.at ?? todayIso();
  const atProblem = inputDateProblem(at);
  if (atProblem) throw new AppError('invalid_input', `${at}: ${atProblem}`);
  const { export: exp, files } = await readChangeExport(options.location, {
    repository: input.repository ?? null,
    defaultBranch: input.defaultBranch ?? null,
  });
  return importExport(stores, actor, orgId, { exp, files, input, at, fileName: options.location });
}

/** Imports an export already read (the file form, the generator's output in tests and the demo). */
export async function importExport(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  run: {
    exp: GithubExport;
    files: { name: string; sha256: string; size: number }[];
    input: ChangeImportInput;
    at: string;
    fileName: string;
  },
): Promise<ChangeImportResult> {
  const { exp, input, at } = run;
  const db = stores.database.db;
  const existing = await findRepositoryByName(db, orgId, exp.repository);
  const stored = settingsOf(existing);
  const settings: ChangeSettings = {
    productionEnv: input.productionEnv ?? stored.productionEnv,
    emergencyLabel: input.emergencyLabel ?? stored.emergencyLabel,
    retroDays: input.retroDays ?? stored.retroDays,
    requiredChecks: input.requiredChecks ?? stored.requiredChecks,
  };
  const sha256 = createHash('sha256')
    .update(canonicalJson({ files: run.files, settings, defaultBranch: exp.defaultBranch }))
    .digest('hex');
  if (existing) {
    const last = await latestImport(db, orgId, existing.id);
    if (last && last.sha256 === sha256) {
      return {
        status: 'unchanged',
        importId: last.id,
        repository: existing.name,
        sha256,
        evidenceIds: last.evidence_id ? [last.evidence_id] : [],
        counts: JSON.parse(last.counts) as ChangeImportCounts,
      };
    }
  }

  return write(stores.database, { actor, orgId }, async (w) => {
    const now = nowIso();
    const repository: ChangeRepositoriesTable = existing
      ? { ...existing, default_branch: exp.defaultBranch, settings: canonicalJson(settings), updated_at: now }
      : {
          id: newId(),
          org_id: orgId,
          name: exp.repository,
          default_branch: exp.defaultBranch,
          settings: canonicalJson(settings),
          created_at: now,
          updated_at: now,
        };
    if (existing) await updateRepository(w.tx, repository.id, repository);
    else await insertRepository(w.tx, repository);
    const existed = existing !== undefined;
    const { history, own } = await historyAfter(w, repository, exp, existed);
    const derived = deriveHistory(history, settings, at);
    const findings = evaluateChangeRules({ repository: repository.name, ...derived }, settings);
    // The release log's blob is written and made durable while the rows are stored (the file system works
    // on its own meanwhile); its evidence rows follow once both are done.
    const log = releaseLog(repository.name, settings, derived, run.files, at);
    const storing = storeEvidenceContent(stores.blobs, {
      kind: 'file',
      stream: Readable.from([Buffer.from(log)]),
      fileName: `${repository.name.replace('/', '-')}-release-log-${at}.json`,
      mediaType: 'application/json',
    });
    // Handled here so that a failed write is not an unhandled rejection while the rows are stored; awaited below.
    storing.catch(() => undefined);
    let synced: Awaited<ReturnType<typeof syncChangeFindings>>;
    try {
      await storeFacts(w, orgId, repository.id, own, !existed);
      await saveHistory(w, orgId, repository.id, derived, existed);
      synced = await syncChangeFindings(w, orgId, repository.id, findings, { at, now });
    } catch (err) {
      // Nothing of the import is kept: let the blob's write end first (an unreferenced blob is collected).
      await storing.catch(() => undefined);
      throw err;
    }
    const blob = await storing;
    const evidenceIds = await recordLogEvidence(w, orgId, {
      stored: { ...blob, sha256: blob.sha256! },
      effectiveOn: at,
      description: `Release log of ${repository.name} (imported ${at}): ${derived.releases.length} production releases, ${derived.changes.length} changes with their approvals and checks, ${findings.length} rule findings`,
    });
    const counts: ChangeImportCounts = {
      ...exp.counts,
      releases: derived.releases.length,
      changes: derived.changes.length,
      ...synced,
    };
    const row = {
      id: newId(),
      org_id: orgId,
      repository_id: repository.id,
      file_name: run.fileName.slice(-500),
      sha256,
      counts: canonicalJson(counts),
      evidence_id: evidenceIds[0] ?? null,
      imported_on: at,
      imported_at: now,
      actor_label: actor.label,
    };
    await insertImport(w.tx, row);
    // One entry for the whole import (docs/decisions/0004): the repository, what was read and what it changed.
    w.record({
      action: 'import',
      recordType: 'change-import',
      recordId: row.id,
      change: {
        repository: {
          id: repository.id,
          name: repository.name,
          defaultBranch: repository.default_branch,
          settings,
        },
        sha256,
        files: run.files.length,
        counts,
        evidenceIds,
      },
    });
    return { status: 'imported', importId: row.id, repository: repository.name, sha256, evidenceIds, counts };
  });
}

/** The file names an upload may carry: one file of an export (a directory cannot be uploaded). */
const UPLOADABLE = /^(pulls|deployments|commits|releases)\.json$|^git-log\.tsv$/;

/**
 * Imports one uploaded export file (`git-log.tsv`, `deployments.json`,
 * `commits.json` or `releases.json`; a pull request export needs its
 * reviews and check runs, so it comes through the CLI as a directory). The upload is spooled to a private
 * temporary directory under its export name, imported like a file given to
 * the CLI, and removed.
 */
export async function importChangesUpload(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  upload: {
    fileName: string;
    input: Readable;
    fields: Record<string, string>;
    maxBytes?: number | undefined;
  },
): Promise<ChangeImportResult> {
  const name = upload.fileName;
  if (!UPLOADABLE.test(name)) {
    upload.input.resume();
    throw new AppError(
      'invalid_input',
      `${name}: upload one export file named git-log.tsv, deployments.json, commits.json or releases.json (a pull request export needs its reviews/ and check-runs/ directories: use the CLI)`,
      { field: 'file' },
    );
  }
  const f = upload.fields;
  const input: ChangeImportInput = {
    ...(f.repository?.trim() ? { repository: f.repository.trim() } : {}),
    ...(f.defaultBranch?.trim() ? { defaultBranch: f.defaultBranch.trim() } : {}),
    ...(f.productionEnv !== undefined && f.productionEnv !== '' ? { productionEnv: f.productionEnv } : {}),
    ...(f.emergencyLabel?.trim() ? { emergencyLabel: f.emergencyLabel.trim() } : {}),
    ...(f.retroDays?.trim() ? { retroDays: Number(f.retroDays) } : {}),
  };
  const dir = await mkdtemp(path.join(tmpdir(), 'auditready-changes-'));
  try {
    const file = path.join(dir, name);
    await pipeline(upload.input, createWriteStream(file, { mode: 0o600 }));
    return await importChanges(stores, actor, orgId, { location: file, input });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
