/**
 * Reading change management: repositories, production releases with their
 * changes (the timeline), changes with their approval and checks, one
 * change with what it was judged on. Every list carries the open rule
 * findings of its records so that violations can be shown beside them.
 */

import { releaseLabel } from '../../core/changes/rules.js';
import type { Database } from '../../platform/db/database.js';
import type { ChangesTable, ReleasesTable } from '../../platform/db/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { settingsOf } from './changes.import.js';
import {
  type ChangeFilter,
  findChangeRow,
  findingsOfSubjects,
  findPullRow,
  findReleaseRow,
  latestImport,
  listChangeRows,
  listReleaseRows,
  listRepositoryRows,
} from './changes.repository.js';
import {
  type ChangeDetail,
  type ChangeListQuery,
  type ChangeRepositoryView,
  type ChangeRuleFinding,
  type ChangeView,
  changeListQuerySchema,
  type ReleaseView,
} from './changes.schema.js';

type Findings = Awaited<ReturnType<typeof findingsOfSubjects>>;

function filterOf(query: ChangeListQuery): ChangeFilter {
  const parsed = changeListQuerySchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('invalid_input', `${issue.path.join('.')}: ${issue.message}`, {
      field: String(issue.path[0] ?? ''),
    });
  }
  return parsed.data;
}

const subjectKeyOf = (repositoryId: string, key: string) => `${repositoryId}\u0000${key}`;

function indexFindings(findings: Findings, openOnly: boolean): Map<string, ChangeRuleFinding[]> {
  const out = new Map<string, ChangeRuleFinding[]>();
  for (const f of findings) {
    if (openOnly && f.resolvedOn !== null) continue;
    const key = subjectKeyOf(f.repositoryId, f.subjectKey);
    const list = out.get(key) ?? [];
    list.push({
      findingId: f.findingId,
      rule: f.rule,
      title: f.title,
      severity: f.severity,
      message: f.description,
      openedOn: f.openedOn,
      resolvedOn: f.resolvedOn,
    });
    out.set(key, list);
  }
  for (const list of out.values()) list.sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  return out;
}

function changeView(
  row: ChangesTable & { repository: string },
  findings: Map<string, ChangeRuleFinding[]>,
): ChangeView {
  return {
    id: row.id,
    repository: row.repository,
    kind: row.kind as ChangeView['kind'],
    ref: row.ref,
    label: row.label,
    title: row.title,
    author: row.author,
    occurredAt: row.occurred_at,
    sha: row.sha,
    emergency: Number(row.emergency) === 1,
    approval: row.approval as ChangeView['approval'],
    approvers: JSON.parse(row.approvers) as string[],
    checks: row.checks as ChangeView['checks'],
    releaseId: row.release_id,
    findings: findings.get(subjectKeyOf(row.repository_id, row.key)) ?? [],
  };
}

function releaseView(
  row: ReleasesTable & { repository: string },
  changes: ChangeView[],
  findings: Map<string, ChangeRuleFinding[]>,
): ReleaseView {
  return {
    id: row.id,
    repository: row.repository,
    label: releaseLabel(row.repository, {
      source: row.source as ReleaseView['source'],
      externalId: row.external_id,
      name: row.name,
      sha: row.sha,
    }),
    source: row.source as ReleaseView['source'],
    externalId: row.external_id,
    environment: row.environment,
    sha: row.sha,
    deployedAt: row.deployed_at,
    name: row.name,
    emptyReason: row.empty_reason,
    changes,
    findings: findings.get(subjectKeyOf(row.repository_id, row.key)) ?? [],
  };
}

/** The repositories whose changes are imported, with their settings. */
export async function listChangeRepositories(
  database: Database,
  orgId: string,
): Promise<ChangeRepositoryView[]> {
  const rows = await listRepositoryRows(database.db, orgId);
  const out: ChangeRepositoryView[] = [];
  for (const r of rows) {
    const s = settingsOf(r);
    const last = await latestImport(database.db, orgId, r.id);
    out.push({
      id: r.id,
      name: r.name,
      defaultBranch: r.default_branch,
      productionEnv: s.productionEnv,
      emergencyLabel: s.emergencyLabel,
      retroDays: s.retroDays,
      requiredChecks: s.requiredChecks,
      lastImportedAt: last?.imported_at ?? null,
    });
  }
  return out;
}

/** Production releases, newest first, each with its changes and the open findings on both. */
export async function listReleases(
  database: Database,
  orgId: string,
  query: ChangeListQuery = {},
): Promise<ReleaseView[]> {
  const filter = filterOf(query);
  const releases = await listReleaseRows(database.db, orgId, filter);
  const changes = await listChangeRows(database.db, orgId, { releaseIds: releases.map((r) => r.id) });
  const findings = indexFindings(await findingsOfSubjects(database.db, orgId, null, null), true);
  const byRelease = new Map<string, ChangeView[]>();
  for (const c of changes) {
    const list = byRelease.get(c.release_id!) ?? [];
    list.push(changeView(c, findings));
    byRelease.set(c.release_id!, list);
  }
  return releases.map((r) => releaseView(r, byRelease.get(r.id) ?? [], findings));
}

/** Changes, newest first, with the open findings on each. */
export async function listChanges(
  database: Database,
  orgId: string,
  query: ChangeListQuery = {},
): Promise<ChangeView[]> {
  const filter = filterOf(query);
  const rows = await listChangeRows(database.db, orgId, filter);
  const findings = indexFindings(await findingsOfSubjects(database.db, orgId, null, null), true);
  return rows.map((r) => changeView(r, findings));
}

/** One change by id or label (`owner/repo#412`), with its reviews, checks, release and every finding on it. */
export async function getChange(database: Database, orgId: string, idOrLabel: string): Promise<ChangeDetail> {
  const row = await findChangeRow(database.db, orgId, idOrLabel);
  if (!row) throw notFound('change', idOrLabel);
  const findings = indexFindings(
    await findingsOfSubjects(database.db, orgId, row.repository_id, [row.key]),
    false,
  );
  const pull =
    row.kind === 'pull' ? await findPullRow(database.db, row.repository_id, Number(row.ref)) : undefined;
  const release = row.release_id ? await findReleaseRow(database.db, orgId, row.release_id) : undefined;
  return {
    ...changeView(row, findings),
    url: pull?.url ?? null,
    labels: pull ? (JSON.parse(pull.labels) as string[]) : [],
    reviews: pull ? JSON.parse(pull.reviews) : [],
    checkRuns: pull?.checks ? JSON.parse(pull.checks) : null,
    release: release
      ? {
          id: release.id,
          label: releaseView(release, [], new Map()).label,
          deployedAt: release.deployed_at,
        }
      : null,
  };
}
