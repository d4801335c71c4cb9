import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpOrganization } from '../../../test/builders/nhi-store.js';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../test/database.js';
import { generateGithubChanges } from '../../importers/changes/generator.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { getReadiness } from '../readiness/readiness.service.js';
import { importChanges } from './changes.import.js';
import { listChanges, listReleases } from './changes.service.js';

const T = '2026-12-01';

/** The generator's repository (~200 PRs, ~40 production deployments, four planted violations) through the import. */
describe('change import of a generated repository export', () => {
  let store: TestStore;
  let stores: EvidenceStores;
  let orgId: string;
  const { files, planted } = generateGithubChanges({
    seed: 7,
    repository: 'example-org/checkout-service',
    pulls: 200,
    deployments: 40,
    start: '2026-07-01',
    violations: true,
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'changes-gen-'));
  for (const [name, content] of files) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }

  beforeAll(async () => {
    store = await createTestStore();
    ({ orgId, stores } = await setUpOrganization(store, { roster: false }));
  });
  afterAll(() => store.cleanup());

  it('each planted violation yields exactly one finding naming the PR or commit, and nothing else fires', async () => {
    const result = await importChanges(stores, TEST_ACTOR, orgId, { location: dir, at: T });
    expect(result.counts).toMatchObject({ pulls: 200, releases: 40, changes: 201, findingsOpened: 4 });
    const repo = 'example-org/checkout-service';
    const flagged = (await listChanges(store.database, orgId))
      .flatMap((c) => c.findings.map((f) => [f.rule, c.label]))
      .sort();
    expect(flagged).toEqual(
      [
        ['change-checks-failed', `${repo}#${planted.failingCheck}`],
        ['change-direct-push', `${repo}@${planted.directPush!.slice(0, 7)}`],
        ['change-emergency-no-retro', `${repo}#${planted.emergencyWithoutRetro}`],
        ['change-self-approved', `${repo}#${planted.selfApproved}`],
      ].sort(),
    );
    const releases = await listReleases(store.database, orgId);
    expect(releases.every((r) => r.changes.length > 0 && r.findings.length === 0)).toBe(true);
    const retro = (await listChanges(store.database, orgId)).find(
      (c) => c.label === `${repo}#${planted.emergencyWithRetro}`,
    );
    expect(retro?.approval).toBe('retro-approved');
  });

  it('the change-management controls show the gaps with the reason naming the PR or commit', async () => {
    const readiness = await getReadiness(store.database, orgId, { at: T });
    const reasonsOf = (code: string) =>
      readiness.controls
        .find((c) => c.code === code)!
        .reasons.filter((r) => r.code === 'open-finding')
        .map((r) => r.message);
    expect(reasonsOf('CM-02').some((m) => m.includes(`#${planted.selfApproved}`))).toBe(true);
    expect(reasonsOf('CM-03').some((m) => m.includes(`#${planted.failingCheck}`))).toBe(true);
    expect(reasonsOf('CM-04').some((m) => m.includes(`@${planted.directPush!.slice(0, 7)}`))).toBe(true);
    expect(reasonsOf('CM-05').some((m) => m.includes(`#${planted.emergencyWithoutRetro}`))).toBe(true);
    expect(readiness.controls.find((c) => c.code === 'CM-05')!.status).toBe('gap');
  });
});
