/**
 * Applying an export read by the importer to one repository's store, inside
 * the import's write (docs/decisions/0024): the imported facts upserted in
 * batches by their ids, the history the rules judge computed in memory (the
 * stored facts, read only when the repository has some, with the export's
 * over them: nothing written is read back), and the derived releases and
 * changes written with their ids kept by key.
 */
import { mergeFacts } from '../../core/changes/history.js';
import type { Change, Release, RepositoryHistory } from '../../core/changes/types.js';
import type { GithubExport } from '../../importers/changes/github-export.js';
import type {
  ChangeCommitsTable,
  ChangeRepositoriesTable,
  ChangesTable,
  ReleasesTable,
} from '../../platform/db/schema.js';
import { newId } from '../../platform/ids.js';
import type { Write } from '../../platform/ledger/ledger.js';
import {
  derivedIds,
  historyRows,
  replaceCommits,
  saveDerived,
  upsertDeployments,
  upsertPulls,
} from './changes.repository.js';

/**
 * Upserts the export's facts by their ids; a commit list replaces the stored one. A repository created by this
 * import (`fresh`) has no stored facts: they are bulk-loaded with nothing to upsert over.
 */
export async function storeFacts(
  w: Write,
  orgId: string,
  repositoryId: string,
  exp: GithubExport,
  fresh: boolean,
): Promise<void> {
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
    fresh,
  );
  if (exp.commits) {
    await replaceCommits(
      w.tx,
      repositoryId,
      exp.commits.map(
        (c, seq): ChangeCommitsTable => ({
          repository_id: repositoryId,
          sha: c.sha,
          org_id: orgId,
          seq,
          author: c.author,
          email: c.email,
          committed_at: c.committedAt,
          message: c.message,
          parents: c.parents === null ? null : JSON.stringify(c.parents),
        }),
      ),
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
    fresh,
  );
}

/** A repository's stored facts as the rules read them (before this import writes its own). */
async function storedFacts(
  w: Write,
  repositoryId: string,
): Promise<Omit<RepositoryHistory, 'repository' | 'defaultBranch'>> {
  const rows = await historyRows(w.tx, repositoryId);
  return {
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

/**
 * The repository's whole history after this export (the stored facts, read
 * only when the repository existed, merged with the export's in memory), and
 * the export's own facts to store ({@link storeFacts}): once each by id, the
 * last one read winning, as the upsert and the merge have it (a list paged
 * while it changed can repeat a record, and a bulk load has no conflict
 * clause to absorb it).
 */
export async function historyAfter(
  w: Write,
  repository: ChangeRepositoriesTable,
  exp: GithubExport,
  existed: boolean,
): Promise<{ history: RepositoryHistory; own: GithubExport }> {
  const stored = existed ? await storedFacts(w, repository.id) : null;
  const own = mergeFacts(null, { ...exp, commits: null });
  return {
    history: {
      repository: repository.name,
      defaultBranch: repository.default_branch,
      ...mergeFacts(stored, exp),
    },
    own: { ...exp, pulls: own.pulls, deployments: own.deployments },
  };
}

/** Writes the derived releases and changes (ids kept by key), deleting what is no longer derived. */
export async function saveHistory(
  w: Write,
  orgId: string,
  repositoryId: string,
  derived: { changes: Change[]; releases: Release[] },
  existed: boolean,
): Promise<void> {
  const ids = existed
    ? await derivedIds(w.tx, repositoryId)
    : { releases: new Map<string, string>(), changes: new Map<string, string>() };
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
  await saveDerived(
    w.tx,
    repositoryId,
    releases,
    changes,
    existed
      ? {
          releaseIds: [...ids.releases].filter(([k]) => !keptReleases.has(k)).map(([, id]) => id),
          changeIds: [...ids.changes].filter(([k]) => !keptChanges.has(k)).map(([, id]) => id),
        }
      : null,
  );
}
