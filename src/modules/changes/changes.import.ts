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
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ruleKeyOf } from '../../catalogs/rule-links.js';
import { remediationDueOn } from '../../core/at-date.js';
import { deriveHistory } from '../../core/changes/history.js';
import {
  CHANGE_RULE_CONTROLS,
  CHANGE_RULE_CRITERIA,
  changeFindingSource,
  evaluateChangeRules,
  planChangeFindingSync,
  releaseLabel,
} from '../../core/changes/rules.js';
import {
  type Change,
  type ChangeFinding,
  type ChangeSettings,
  DEFAULT_CHANGE_SETTINGS,
  type Release,
  type RepositoryHistory,
} from '../../core/changes/types.js';
import { inputDateProblem, maxDate } from '../../core/dates.js';
import { canonicalJson } from '../../core/ledger/canonical-json.js';
import type { Actor } from '../../core/ledger/chain.js';
import type { GithubExport } from '../../importers/changes/github-export.js';
import { readChangeExport } from '../../importers/changes/index.js';
import { nowIso, todayIso } from '../../platform/clock.js';
import type {
  ChangeRepositoriesTable,
  ChangesTable,
  FindingsTable,
  ReleasesTable,
} from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { type Write, write } from '../../platform/ledger/ledger.js';
import { listControls } from '../controls/control.repository.js';
import { type EvidenceStores, storeEvidenceContent } from '../evidence/evidence.service.js';
import { recordSystemEvidence } from '../evidence/system-evidence.js';
import { insertFindings, resolveFindingRow, updateFindingRow } from '../findings/finding.repository.js';
import { criterionCodes } from '../frameworks/framework.repository.js';
import {
  derivedIds,
  findRepositoryByName,
  historyRows,
  insertChangeFindingLinks,
  insertImport,
  insertRepository,
  latestImport,
  openChangeFindings,
  replaceCommits,
  saveDerived,
  updateRepository,
  upsertDeployments,
  upsertPulls,
} from './changes.repository.js';
import {
  type ChangeImportCounts,
  type ChangeImportInput,
  type ChangeImportResult,
  changeImportInputSchema,
} from './changes.schema.js';

/** Who accepts an import's release log: auditready, after a complete read (never a person's review). */
export const CHANGE_IMPORT_REVIEWER: Actor = {
  type: 'system',
  id: 'change-import',
  label: 'auditready change import (accepted after a complete read)',
};

/** The change-management requirements an import's release log proves (starter controls CM-02 … CM-05). */
export const CHANGE_EVIDENCE_REQUIREMENTS = ['CM-04-E1', 'CM-02-E2', 'CM-03-E2', 'CM-05-E1'] as const;

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
    await storeFacts(w, orgId, repository.id, exp);

    const history = await storedHistory(w, repository);
    const derived = deriveHistory(history, settings, at);
    await saveHistory(w, orgId, repository.id, derived);
    const findings = evaluateChangeRules({ repository: repository.name, ...derived }, settings);
    const synced = await syncChangeFindings(w, orgId, repository.id, findings, { at, now });

    const log = releaseLog(repository.name, settings, derived, run.files, at);
    const blob = await storeEvidenceContent(stores.blobs, {
      kind: 'file',
      stream: Readable.from([Buffer.from(log)]),
      fileName: `${repository.name.replace('/', '-')}-release-log-${at}.json`,
      mediaType: 'application/json',
    });
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

/** Upserts the export's facts by their ids; a commit list replaces the stored one. */
async function storeFacts(w: Write, orgId: string, repositoryId: string, exp: GithubExport): Promise<void> {
  await upsertPulls(
    w.tx,
    exp.pulls.map((p) => ({
      repository_id: repositoryId,
      number: p.number,
      org_id: orgId,
      title: p.title,
      author: p.author,
      merged_at: p.mergedAt,
      merge_sha: p.mergeCommitSha,
      head_sha: p.headSha,
      base_ref: p.baseRef,
      labels: JSON.stringify(p.labels),
      url: p.url,
      reviews: JSON.stringify(p.reviews),
      checks: p.checks === null ? null : JSON.stringify(p.checks),
    })),
  );
  if (exp.commits) {
    await replaceCommits(
      w.tx,
      repositoryId,
      exp.commits.map((c, seq) => ({
        repository_id: repositoryId,
        sha: c.sha,
        org_id: orgId,
        seq,
        author: c.author,
        email: c.email,
        committed_at: c.committedAt,
        message: c.message,
        parents: c.parents === null ? null : JSON.stringify(c.parents),
      })),
    );
  }
  await upsertDeployments(
    w.tx,
    exp.deployments.map((d) => ({
      repository_id: repositoryId,
      source: d.source,
      external_id: d.externalId,
      org_id: orgId,
      environment: d.environment,
      sha: d.sha,
      deployed_at: d.deployedAt,
      state: d.state,
      succeeded: d.succeeded ? 1 : 0,
      name: d.name,
    })),
  );
}

/** A repository's whole stored history as the rules read it. */
async function storedHistory(w: Write, repository: ChangeRepositoriesTable): Promise<RepositoryHistory> {
  const rows = await historyRows(w.tx, repository.id);
  return {
    repository: repository.name,
    defaultBranch: repository.default_branch,
    pulls: rows.pulls.map((p) => ({
      number: Number(p.number),
      title: p.title,
      author: p.author,
      mergedAt: p.merged_at,
      mergeCommitSha: p.merge_sha,
      headSha: p.head_sha,
      baseRef: p.base_ref,
      labels: JSON.parse(p.labels) as string[],
      url: p.url,
      reviews: JSON.parse(p.reviews),
      checks: p.checks === null ? null : JSON.parse(p.checks),
    })),
    commits: rows.commits.map((c) => ({
      sha: c.sha,
      author: c.author,
      email: c.email,
      committedAt: c.committed_at,
      message: c.message,
      parents: c.parents === null ? null : (JSON.parse(c.parents) as string[]),
    })),
    deployments: rows.deployments.map((d) => ({
      source: d.source as 'deployment' | 'github-release',
      externalId: d.external_id,
      environment: d.environment,
      sha: d.sha,
      deployedAt: d.deployed_at,
      state: d.state,
      succeeded: Number(d.succeeded) === 1,
      name: d.name,
    })),
  };
}

/** Writes the derived releases and changes (ids kept by key), deleting what is no longer derived. */
async function saveHistory(
  w: Write,
  orgId: string,
  repositoryId: string,
  derived: { changes: Change[]; releases: Release[] },
): Promise<void> {
  const ids = await derivedIds(w.tx, repositoryId);
  const releaseIdOf = new Map<string, string>();
  const releases: ReleasesTable[] = derived.releases.map((r) => {
    const id = ids.releases.get(r.key) ?? newId();
    releaseIdOf.set(r.key, id);
    return {
      id,
      org_id: orgId,
      repository_id: repositoryId,
      key: r.key,
      source: r.source,
      external_id: r.externalId,
      environment: r.environment,
      sha: r.sha,
      deployed_at: r.deployedAt,
      name: r.name,
      change_count: r.changeKeys.length,
      empty_reason: r.emptyReason,
    };
  });
  const changes: ChangesTable[] = derived.changes.map((c) => ({
    id: ids.changes.get(c.key) ?? newId(),
    org_id: orgId,
    repository_id: repositoryId,
    key: c.key,
    kind: c.kind,
    ref: c.ref,
    label: c.label,
    title: c.title.slice(0, 1000),
    author: c.author,
    occurred_at: c.occurredAt,
    sha: c.sha,
    emergency: c.emergency ? 1 : 0,
    approval: c.approval,
    approvers: JSON.stringify(c.approvers),
    checks: c.checks,
    release_id: c.releaseKey ? (releaseIdOf.get(c.releaseKey) ?? null) : null,
  }));
  const keptReleases = new Set(derived.releases.map((r) => r.key));
  const keptChanges = new Set(derived.changes.map((c) => c.key));
  await saveDerived(w.tx, repositoryId, releases, changes, {
    releaseIds: [...ids.releases].filter(([k]) => !keptReleases.has(k)).map(([, id]) => id),
    changeIds: [...ids.changes].filter(([k]) => !keptChanges.has(k)).map(([, id]) => id),
  });
}

/** Opens, resolves and updates the change rules' findings of a repository (one per rule and subject). */
async function syncChangeFindings(
  w: Write,
  orgId: string,
  repositoryId: string,
  detected: ChangeFinding[],
  opts: { at: string; now: string },
): Promise<Pick<ChangeImportCounts, 'findingsOpened' | 'findingsResolved' | 'findingsUpdated'>> {
  const plan = planChangeFindingSync(await openChangeFindings(w.tx, orgId, repositoryId), detected);
  if (plan.open.length > 0) {
    const codes = [...new Set(Object.values(CHANGE_RULE_CONTROLS).flat())];
    const controlIds = new Map((await listControls(w.tx, orgId, { codes })).map((c) => [c.code, c.id]));
    const catalog = await criterionCodes(w.tx);
    const criteria = CHANGE_RULE_CRITERIA.filter((code) => catalog.get('soc2')?.has(code)).map((code) => ({
      frameworkId: 'soc2',
      code,
    }));
    const created = plan.open.map((f) => {
      const row: FindingsTable = {
        id: newId(),
        org_id: orgId,
        title: f.title.slice(0, 300),
        description: f.message.slice(0, 5000),
        severity: f.severity,
        source: changeFindingSource(f.rule),
        owner_id: null,
        due_on: remediationDueOn(f.severity, opts.at),
        opened_on: opts.at,
        resolved_on: null,
        resolution: null,
        created_at: opts.now,
        updated_at: opts.now,
      };
      const controls = (CHANGE_RULE_CONTROLS[f.rule] ?? []).filter((c) => controlIds.has(c));
      w.record({
        action: 'create',
        recordType: 'finding',
        recordId: row.id,
        change: { ...row, controls, criteria, subject: f.subjectLabel, rule: f.rule },
      });
      return {
        row,
        ruleKey: ruleKeyOf('change', f.rule),
        controlIds: controls.map((c) => controlIds.get(c)!),
        criteria,
        link: {
          finding_id: row.id,
          org_id: orgId,
          repository_id: repositoryId,
          subject_key: f.subjectKey,
          rule: f.rule,
        },
      };
    });
    await insertFindings(w.tx, created);
    await insertChangeFindingLinks(
      w.tx,
      created.map((c) => c.link),
    );
  }
  for (const f of plan.resolve) {
    const fields = {
      resolved_on: maxDate(f.openedOn, opts.at),
      resolution: `no longer detected by rule ${f.rule}`,
      updated_at: opts.now,
    };
    await resolveFindingRow(w.tx, orgId, f.findingId, fields);
    w.record({ action: 'resolve', recordType: 'finding', recordId: f.findingId, change: fields });
  }
  for (const { existing, detected: d } of plan.update) {
    const fields = {
      severity: d.severity,
      description: d.message.slice(0, 5000),
      due_on: remediationDueOn(d.severity, existing.openedOn),
      updated_at: opts.now,
    };
    await updateFindingRow(w.tx, orgId, existing.findingId, fields);
    w.record({
      action: 'update',
      recordType: 'finding',
      recordId: existing.findingId,
      change: { severity: [existing.severity, d.severity], dueOn: fields.due_on },
    });
  }
  return {
    findingsOpened: plan.open.length,
    findingsResolved: plan.resolve.length,
    findingsUpdated: plan.update.length,
  };
}

/** The evidence an import records: each production release with its changes, approvals and checks (canonical JSON). */
function releaseLog(
  repository: string,
  settings: ChangeSettings,
  derived: { changes: Change[]; releases: Release[] },
  files: { name: string; sha256: string; size: number }[],
  at: string,
): string {
  const byKey = new Map(derived.changes.map((c) => [c.key, c]));
  const brief = (c: Change) => ({
    change: c.label,
    title: c.title,
    author: c.author,
    at: c.occurredAt,
    emergency: c.emergency,
    approval: c.approval,
    approvers: c.approvers,
    checks: c.checks,
  });
  return canonicalJson({
    repository,
    judgedOn: at,
    settings,
    files,
    releases: derived.releases.map((r) => ({
      release: releaseLabel(repository, r),
      environment: r.environment,
      deployedAt: r.deployedAt,
      sha: r.sha,
      emptyReason: r.emptyReason,
      changes: r.changeKeys.map((k) => brief(byKey.get(k)!)),
    })),
    unreleased: derived.changes.filter((c) => c.releaseKey === null).map(brief),
  });
}

const _controlOf = (requirement: string) => requirement.replace(/-E\d+$/, '');

/** Records the release log on each change-management requirement the organization has, reusing identical content. */
async function recordLogEvidence(
  w: Write,
  orgId: string,
  input: {
    stored: Awaited<ReturnType<typeof storeEvidenceContent>> & { sha256: string };
    effectiveOn: string;
    description: string;
  },
): Promise<string[]> {
  return recordSystemEvidence(w, orgId, {
    requirementCodes: CHANGE_EVIDENCE_REQUIREMENTS,
    stored: input.stored,
    effectiveOn: input.effectiveOn,
    description: input.description,
    reviewer: CHANGE_IMPORT_REVIEWER,
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
