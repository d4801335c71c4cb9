import { mkdtempSync, writeFileSync } from 'node:fs';
import { cp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpOrganization } from '../../../test/builders/nhi-store.js';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../test/database.js';
import type { Database } from '../../platform/db/database.js';
import { createEngagement } from '../engagements/engagement.service.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { verifyStore } from '../integrity/verify.service.js';
import { getReadiness } from '../readiness/readiness.service.js';
import { createSample, previewPopulation } from '../sampling/sampling.service.js';
import { importChanges } from './changes.import.js';
import { listChangePopulation } from './changes.populations.js';
import { getChange, listChanges, listReleases } from './changes.service.js';

const SAMPLE = path.join(import.meta.dirname, '..', '..', 'importers', 'changes', 'fixtures', 'github');
const T = '2026-11-02';
const TABLES = [
  'change_repositories',
  'change_imports',
  'change_pulls',
  'change_commits',
  'change_deployments',
  'releases',
  'changes',
  'change_findings',
  'findings',
  'evidence',
];

async function dump(database: Database): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(database.db);
    out[table] = rows.rows.map((r) => JSON.stringify(r)).sort();
  }
  const activity = await sql<{ n: number | string }>`select count(*) as n from activity`.execute(database.db);
  out.activity = [Number(activity.rows[0]?.n)];
  return out;
}

describe('change import of the hand-made GitHub export', () => {
  let store: TestStore;
  let stores: EvidenceStores;
  let orgId: string;

  beforeAll(async () => {
    store = await createTestStore();
    ({ orgId, stores } = await setUpOrganization(store, { roster: false }));
  });
  afterAll(() => store.cleanup());

  it('a corrupted record aborts with its JSON path and leaves everything as before', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'changes-bad-'));
    await cp(SAMPLE, dir, { recursive: true });
    const deployments = JSON.parse(await readFile(path.join(dir, 'deployments.json'), 'utf8'));
    deployments[2].created_at = 'not a date';
    writeFileSync(path.join(dir, 'deployments.json'), JSON.stringify(deployments, null, 1));
    const before = await dump(store.database);
    await expect(importChanges(stores, TEST_ACTOR, orgId, { location: dir, at: T })).rejects.toMatchObject({
      code: 'import_failed',
      details: { file: 'deployments.json', path: '$[2].created_at' },
    });
    expect(await dump(store.database)).toEqual(before);
  });

  it('imports releases and changes; each violation is one finding naming the PR or commit, on the CM controls', async () => {
    const result = await importChanges(stores, TEST_ACTOR, orgId, { location: SAMPLE, at: T });
    expect(result.status).toBe('imported');
    expect(result.counts).toMatchObject({ pulls: 11, releases: 5, changes: 12, findingsOpened: 5 });
    expect(result.evidenceIds).toHaveLength(4);
    const releases = await listReleases(store.database, orgId);
    expect(releases.map((r) => [r.externalId, r.changes.map((c) => c.label)])).toEqual([
      [
        '610000412',
        ['example-org/payments-api#412', 'example-org/payments-api#411', 'example-org/payments-api#409'],
      ],
      ['610000408', ['example-org/payments-api#408', 'example-org/payments-api#407']],
      [
        '610000406',
        ['example-org/payments-api@b62cdac', 'example-org/payments-api#406', 'example-org/payments-api#405'],
      ],
      ['610000404', ['example-org/payments-api#404', 'example-org/payments-api#403']],
      ['610000402', ['example-org/payments-api#402', 'example-org/payments-api#401']],
    ]);
    const flagged = (await listChanges(store.database, orgId))
      .filter((c) => c.findings.length > 0)
      .map((c) => [c.label, c.findings.map((f) => f.rule)]);
    expect(flagged).toEqual([
      ['example-org/payments-api#409', ['change-checks-failed']],
      ['example-org/payments-api@b62cdac', ['change-direct-push']],
      ['example-org/payments-api#406', ['change-emergency-no-retro']],
      ['example-org/payments-api#404', ['change-checks-failed']],
      ['example-org/payments-api#403', ['change-unapproved']],
    ]);
    const detail = await getChange(store.database, orgId, 'example-org/payments-api#408');
    expect(detail).toMatchObject({ emergency: true, approval: 'retro-approved', approvers: ['bob-okafor'] });
    expect(detail.release?.label).toContain('deployment 610000408');

    const readiness = await getReadiness(store.database, orgId, { at: T });
    const cm02 = readiness.controls.find((c) => c.code === 'CM-02')!;
    const reasons = cm02.reasons.filter((r) => r.code === 'open-finding').map((r) => r.message);
    expect(reasons.some((m) => m.includes('example-org/payments-api#403'))).toBe(true);
    expect(reasons.some((m) => m.includes('example-org/payments-api@b62cdac'))).toBe(true);
    expect(cm02.status).not.toBe('ready');
    const cm05 = readiness.controls.find((c) => c.code === 'CM-05')!;
    expect(cm05.reasons.some((r) => r.message.includes('payments-api#406'))).toBe(true);
  });

  it('the same export twice changes nothing', async () => {
    const before = await dump(store.database);
    const again = await importChanges(stores, TEST_ACTOR, orgId, { location: SAMPLE, at: T });
    expect(again.status).toBe('unchanged');
    expect(await dump(store.database)).toEqual(before);
  });

  it('a revised export updates: a late approval resolves the finding, nothing else moves', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'changes-rev-'));
    await cp(SAMPLE, dir, { recursive: true });
    const reviews = JSON.parse(await readFile(path.join(dir, 'reviews', '403.json'), 'utf8'));
    reviews.push({ ...reviews[0], id: 3300004039, state: 'APPROVED', user: { login: 'bob-okafor' } });
    writeFileSync(path.join(dir, 'reviews', '403.json'), JSON.stringify(reviews));
    const ids = (await listChanges(store.database, orgId)).map((c) => c.id).sort();
    const result = await importChanges(stores, TEST_ACTOR, orgId, { location: dir, at: T });
    expect(result.counts).toMatchObject({ findingsOpened: 0, findingsResolved: 1 });
    const after = await listChanges(store.database, orgId);
    expect(after.map((c) => c.id).sort()).toEqual(ids);
    expect(after.find((c) => c.label.endsWith('#403'))).toMatchObject({ approval: 'approved', findings: [] });
  });

  it('an export of one file keeps the stored facts it does not repeat (the history is merged, not re-read)', async () => {
    const before = await listChanges(store.database, orgId);
    const releases = await listReleases(store.database, orgId);
    const result = await importChanges(stores, TEST_ACTOR, orgId, {
      location: path.join(SAMPLE, 'commits.json'),
      input: { repository: 'example-org/payments-api' },
      at: T,
    });
    expect(result.status).toBe('imported');
    expect(result.counts).toMatchObject({ findingsOpened: 0, findingsResolved: 0, changes: before.length });
    expect(await listChanges(store.database, orgId)).toEqual(before);
    expect((await listReleases(store.database, orgId)).map((r) => r.id)).toEqual(releases.map((r) => r.id));
  });

  it('verify passes after the imports (one ledger entry per import, the findings with their own)', async () => {
    const result = await verifyStore(stores, { orgId });
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('lists releases and changes as populations inside a window, sorted by day then id', async () => {
    const releases = await listChangePopulation(store.database, orgId, 'release', {
      start: '2026-10-05',
      end: '2026-10-16',
    });
    expect(releases.map((r) => r.label)).toEqual([
      'example-org/payments-api deployment 610000404 (4438a3d)',
      'example-org/payments-api deployment 610000406 (b62cdac)',
      'example-org/payments-api deployment 610000408 (c1bf517)',
    ]);
    const changes = await listChangePopulation(store.database, orgId, 'change', {
      start: '2026-10-01',
      end: '2026-10-04',
    });
    expect(changes.map((c) => [c.occurredOn, c.label.split(' ')[0]])).toEqual([
      ['2026-10-02', 'example-org/payments-api#401'],
      ['2026-10-04', 'example-org/payments-api#402'],
    ]);
    await expect(
      listChangePopulation(store.database, orgId, 'change', { start: '2026-10-05', end: '2026-10-01' }),
    ).rejects.toThrow(/before start/);
  });

  it("draws an engagement's samples from its releases and changes (the sampler's population kinds)", async () => {
    const engagement = await createEngagement(store.database, TEST_ACTOR, orgId, {
      type: 'type2',
      windowStart: '2026-10-05',
      windowEnd: '2026-10-16',
      fieldworkStart: '2026-11-02',
    });
    const preview = await previewPopulation(store.database, orgId, engagement.id, {
      kind: 'releases',
      limit: 10,
    });
    expect(preview.items.map((i) => i.label)).toEqual([
      'example-org/payments-api deployment 610000404 (4438a3d)',
      'example-org/payments-api deployment 610000406 (b62cdac)',
      'example-org/payments-api deployment 610000408 (c1bf517)',
    ]);
    const sample = await createSample(store.database, TEST_ACTOR, orgId, engagement.id, {
      kind: 'releases',
      size: 2,
      seed: 'fixed',
    });
    expect(sample.items).toHaveLength(2);
    expect(sample.population.hash).toBe(preview.hash);
    const changes = await previewPopulation(store.database, orgId, engagement.id, {
      kind: 'changes',
      limit: 50,
    });
    expect(changes.count).toBe(
      (
        await listChangePopulation(store.database, orgId, 'change', {
          start: '2026-10-05',
          end: '2026-10-16',
        })
      ).length,
    );
  });
});
