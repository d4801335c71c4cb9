/** SQL of change management: repositories, imports, imported facts, derived changes and releases, rule findings. */
import { type Kysely, sql } from 'kysely';
import type { OpenChangeFinding } from '../../core/changes/rules.js';
import { chunks } from '../../platform/db/chunks.js';
import { copyRows, insertInBatches } from '../../platform/db/insert-batches.js';
import type {
  ChangeCommitsTable,
  ChangeDeploymentsTable,
  ChangeFindingsTable,
  ChangeImportsTable,
  ChangePullsTable,
  ChangeRepositoriesTable,
  ChangesTable,
  DB,
  ReleasesTable,
} from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';

/** A repository by name (case-insensitive, as GitHub compares them). */
export async function findRepositoryByName(
  db: Kysely<DB>,
  orgId: string,
  name: string,
): Promise<ChangeRepositoriesTable | undefined> {
  const rows = await db.selectFrom('change_repositories').selectAll().where('org_id', '=', orgId).execute();
  return rows.find((r) => r.name.toLowerCase() === name.toLowerCase());
}

/** Every repository of an organization, by name. */
export async function listRepositoryRows(db: Kysely<DB>, orgId: string): Promise<ChangeRepositoriesTable[]> {
  return db
    .selectFrom('change_repositories')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('name')
    .execute();
}

export async function insertRepository(db: WriteTx, row: ChangeRepositoriesTable): Promise<void> {
  await db.insertInto('change_repositories').values(row).execute();
}

export async function updateRepository(
  db: WriteTx,
  id: string,
  fields: Pick<ChangeRepositoriesTable, 'default_branch' | 'settings' | 'updated_at'>,
): Promise<void> {
  await db.updateTable('change_repositories').set(fields).where('id', '=', id).execute();
}

/** The latest import of a repository. */
export async function latestImport(
  db: Kysely<DB>,
  orgId: string,
  repositoryId: string,
): Promise<ChangeImportsTable | undefined> {
  return db
    .selectFrom('change_imports')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('repository_id', '=', repositoryId)
    .orderBy('imported_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertImport(db: WriteTx, row: ChangeImportsTable): Promise<void> {
  await db.insertInto('change_imports').values(row).execute();
}

/** Imports of an organization, newest first. */
export async function listImportRows(db: Kysely<DB>, orgId: string): Promise<ChangeImportsTable[]> {
  return db
    .selectFrom('change_imports')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('imported_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

const PULL_COLUMNS = [
  'title',
  'author',
  'merged_at',
  'merge_sha',
  'head_sha',
  'base_ref',
  'labels',
  'url',
  'reviews',
  'checks',
];

/**
 * Inserts merged pull requests, replacing the stored ones of the same numbers (a revised export). A repository
 * created by this import (`fresh`) has none stored: its rows are bulk-loaded (COPY on PostgreSQL) with no
 * conflict to resolve.
 */
export async function upsertPulls(db: WriteTx, rows: ChangePullsTable[], fresh: boolean): Promise<void> {
  if (fresh) return copyRows(db, 'change_pulls', rows);
  await insertInBatches(db, 'change_pulls', rows, {
    columns: ['repository_id', 'number'],
    update: PULL_COLUMNS,
  });
}

/** Replaces a repository's commit history with a newer export of it. */
export async function replaceCommits(
  db: WriteTx,
  repositoryId: string,
  rows: ChangeCommitsTable[],
): Promise<void> {
  await db.deleteFrom('change_commits').where('repository_id', '=', repositoryId).execute();
  await copyRows(db, 'change_commits', rows);
}

const DEPLOYMENT_COLUMNS = ['environment', 'sha', 'deployed_at', 'state', 'succeeded', 'name'];

/** Inserts deployments, replacing the stored ones of the same ids (bulk-loaded when the repository is `fresh`). */
export async function upsertDeployments(
  db: WriteTx,
  rows: ChangeDeploymentsTable[],
  fresh: boolean,
): Promise<void> {
  if (fresh) return copyRows(db, 'change_deployments', rows);
  await insertInBatches(db, 'change_deployments', rows, {
    columns: ['repository_id', 'source', 'external_id'],
    update: DEPLOYMENT_COLUMNS,
  });
}

/** Every imported fact of a repository (the rules judge its whole history). */
export async function historyRows(
  db: Kysely<DB>,
  repositoryId: string,
): Promise<{
  pulls: ChangePullsTable[];
  commits: ChangeCommitsTable[];
  deployments: ChangeDeploymentsTable[];
}> {
  const [pulls, commits, deployments] = await Promise.all([
    db
      .selectFrom('change_pulls')
      .selectAll()
      .where('repository_id', '=', repositoryId)
      .orderBy('number')
      .execute(),
    db
      .selectFrom('change_commits')
      .selectAll()
      .where('repository_id', '=', repositoryId)
      .orderBy('seq')
      .execute(),
    db
      .selectFrom('change_deployments')
      .selectAll()
      .where('repository_id', '=', repositoryId)
      .orderBy('deployed_at')
      .orderBy('external_id')
      .execute(),
  ]);
  return { pulls, commits, deployments };
}

/** The ids of a repository's derived releases and changes, by key. */
export async function derivedIds(
  db: Kysely<DB>,
  repositoryId: string,
): Promise<{ releases: Map<string, string>; changes: Map<string, string> }> {
  const [releases, changes] = await Promise.all([
    db.selectFrom('releases').select(['id', 'key']).where('repository_id', '=', repositoryId).execute(),
    db.selectFrom('changes').select(['id', 'key']).where('repository_id', '=', repositoryId).execute(),
  ]);
  return {
    releases: new Map(releases.map((r) => [r.key, r.id])),
    changes: new Map(changes.map((r) => [r.key, r.id])),
  };
}

const RELEASE_COLUMNS = [
  'source',
  'external_id',
  'environment',
  'sha',
  'deployed_at',
  'name',
  'change_count',
  'empty_reason',
];
const CHANGE_COLUMNS = [
  'kind',
  'ref',
  'label',
  'title',
  'author',
  'occurred_at',
  'sha',
  'emergency',
  'approval',
  'approvers',
  'checks',
  'release_id',
];

/**
 * Writes a repository's derived releases and changes (ids kept by key) and
 * deletes those no longer derived: changes first, so that no change points
 * to a deleted release. A repository created by this import (`stale` is
 * null) has none stored: its rows are bulk-loaded (COPY on PostgreSQL),
 * releases first, since changes point to them.
 */
export async function saveDerived(
  db: WriteTx,
  repositoryId: string,
  releases: ReleasesTable[],
  changes: ChangesTable[],
  stale: { releaseIds: string[]; changeIds: string[] } | null,
): Promise<void> {
  if (!stale) {
    await copyRows(db, 'releases', releases);
    await copyRows(db, 'changes', changes);
    return;
  }
  for (const ids of chunks(stale.changeIds)) await db.deleteFrom('changes').where('id', 'in', ids).execute();
  // A change may still point to a release about to go: unlink first (the upsert relinks it).
  for (const ids of chunks(stale.releaseIds)) {
    await db.updateTable('changes').set({ release_id: null }).where('release_id', 'in', ids).execute();
  }
  await insertInBatches(db, 'releases', releases, {
    columns: ['repository_id', 'key'],
    update: RELEASE_COLUMNS,
  });
  await insertInBatches(db, 'changes', changes, {
    columns: ['repository_id', 'key'],
    update: CHANGE_COLUMNS,
  });
  for (const ids of chunks(stale.releaseIds)) {
    await db
      .deleteFrom('releases')
      .where('repository_id', '=', repositoryId)
      .where('id', 'in', ids)
      .execute();
  }
}

/** The open findings the change rules raised on a repository. */
export async function openChangeFindings(
  db: Kysely<DB>,
  orgId: string,
  repositoryId: string,
): Promise<OpenChangeFinding[]> {
  const rows = await db
    .selectFrom('change_findings as cf')
    .innerJoin('findings as f', 'f.id', 'cf.finding_id')
    .select(['cf.finding_id', 'cf.subject_key', 'cf.rule', 'f.severity', 'f.opened_on'])
    .where('cf.org_id', '=', orgId)
    .where('cf.repository_id', '=', repositoryId)
    .where('f.resolved_on', 'is', null)
    .execute();
  return rows.map((r) => ({
    findingId: r.finding_id,
    subjectKey: r.subject_key,
    rule: r.rule,
    severity: r.severity,
    openedOn: r.opened_on,
  }));
}

export async function insertChangeFindingLinks(db: WriteTx, rows: ChangeFindingsTable[]): Promise<void> {
  await insertInBatches(db, 'change_findings', rows);
}

/** What the lists filter on. */
export interface ChangeFilter {
  repository?: string | undefined;
  /** Inclusive days `YYYY-MM-DD`. */
  from?: string | undefined;
  to?: string | undefined;
}

const afterDay = (day: string) => `${day}T99`;

/** Releases of an organization with their repository's name, newest first. */
export async function listReleaseRows(
  db: Kysely<DB>,
  orgId: string,
  filter: ChangeFilter = {},
): Promise<(ReleasesTable & { repository: string })[]> {
  let q = db
    .selectFrom('releases as r')
    .innerJoin('change_repositories as cr', 'cr.id', 'r.repository_id')
    .selectAll('r')
    .select('cr.name as repository')
    .where('r.org_id', '=', orgId);
  if (filter.repository) q = q.where('cr.name', '=', filter.repository);
  if (filter.from) q = q.where('r.deployed_at', '>=', filter.from);
  if (filter.to) q = q.where('r.deployed_at', '<', afterDay(filter.to));
  return q.orderBy('r.deployed_at', 'desc').orderBy('r.id').execute();
}

/** Changes of an organization with their repository's name, newest first. */
export async function listChangeRows(
  db: Kysely<DB>,
  orgId: string,
  filter: ChangeFilter & { releaseIds?: string[] } = {},
): Promise<(ChangesTable & { repository: string })[]> {
  let q = db
    .selectFrom('changes as c')
    .innerJoin('change_repositories as cr', 'cr.id', 'c.repository_id')
    .selectAll('c')
    .select('cr.name as repository')
    .where('c.org_id', '=', orgId);
  if (filter.repository) q = q.where('cr.name', '=', filter.repository);
  if (filter.from) q = q.where('c.occurred_at', '>=', filter.from);
  if (filter.to) q = q.where('c.occurred_at', '<', afterDay(filter.to));
  if (filter.releaseIds) {
    if (filter.releaseIds.length === 0) return [];
    const out: (ChangesTable & { repository: string })[] = [];
    for (const ids of chunks(filter.releaseIds)) {
      out.push(
        ...(await q
          .where('c.release_id', 'in', ids)
          .orderBy('c.occurred_at', 'desc')
          .orderBy('c.id')
          .execute()),
      );
    }
    return out;
  }
  return q.orderBy('c.occurred_at', 'desc').orderBy('c.id').execute();
}

/** One change (by id, or by label `owner/repo#412` / `owner/repo@abc1234`). */
export async function findChangeRow(
  db: Kysely<DB>,
  orgId: string,
  idOrLabel: string,
): Promise<(ChangesTable & { repository: string }) | undefined> {
  const base = db
    .selectFrom('changes as c')
    .innerJoin('change_repositories as cr', 'cr.id', 'c.repository_id')
    .selectAll('c')
    .select('cr.name as repository')
    .where('c.org_id', '=', orgId);
  return (
    (await base.where('c.id', '=', idOrLabel).executeTakeFirst()) ??
    (await base.where('c.label', '=', idOrLabel).executeTakeFirst())
  );
}

/** A release by id. */
export async function findReleaseRow(
  db: Kysely<DB>,
  orgId: string,
  id: string,
): Promise<(ReleasesTable & { repository: string }) | undefined> {
  return db
    .selectFrom('releases as r')
    .innerJoin('change_repositories as cr', 'cr.id', 'r.repository_id')
    .selectAll('r')
    .select('cr.name as repository')
    .where('r.org_id', '=', orgId)
    .where('r.id', '=', id)
    .executeTakeFirst();
}

/** The imported pull request behind a change (its reviews and checks). */
export async function findPullRow(
  db: Kysely<DB>,
  repositoryId: string,
  number: number,
): Promise<ChangePullsTable | undefined> {
  return db
    .selectFrom('change_pulls')
    .selectAll()
    .where('repository_id', '=', repositoryId)
    .where('number', '=', number)
    .executeTakeFirst();
}

/** The rule findings (open and resolved) on the given subjects of a repository. */
export async function findingsOfSubjects(
  db: Kysely<DB>,
  orgId: string,
  repositoryId: string | null,
  subjectKeys: string[] | null,
): Promise<
  {
    findingId: string;
    repositoryId: string;
    subjectKey: string;
    rule: string;
    title: string;
    severity: string;
    description: string | null;
    openedOn: string;
    resolvedOn: string | null;
  }[]
> {
  let q = db
    .selectFrom('change_findings as cf')
    .innerJoin('findings as f', 'f.id', 'cf.finding_id')
    .select([
      'cf.finding_id as findingId',
      'cf.repository_id as repositoryId',
      'cf.subject_key as subjectKey',
      'cf.rule',
      'f.title',
      'f.severity',
      'f.description',
      'f.opened_on as openedOn',
      'f.resolved_on as resolvedOn',
    ])
    .where('cf.org_id', '=', orgId);
  if (repositoryId) q = q.where('cf.repository_id', '=', repositoryId);
  if (subjectKeys) {
    if (subjectKeys.length === 0) return [];
    const out = [];
    for (const keys of chunks(subjectKeys))
      out.push(...(await q.where('cf.subject_key', 'in', keys).execute()));
    return out;
  }
  return q.orderBy('f.opened_on').execute();
}

/** The pull-request changes of an organization by label (`owner/repo#412`, compared case-insensitively): what a ticket links to. */
export async function pullChangesByLabel(
  db: Kysely<DB>,
  orgId: string,
  labels: readonly string[],
): Promise<Map<string, { id: string; approval: string }>> {
  const out = new Map<string, { id: string; approval: string }>();
  const wanted = [...new Set(labels.map((l) => l.toLowerCase()))];
  for (const part of chunks(wanted)) {
    const rows = await db
      .selectFrom('changes')
      .select(['id', 'label', 'approval'])
      .where('org_id', '=', orgId)
      .where('kind', '=', 'pull')
      .where(sql<string>`lower(label)`, 'in', part)
      .execute();
    for (const r of rows) out.set(r.label.toLowerCase(), { id: r.id, approval: r.approval });
  }
  return out;
}
