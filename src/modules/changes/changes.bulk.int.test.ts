import { mkdtempSync, writeFileSync } from 'node:fs';
import { cp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpOrganization } from '../../../test/builders/nhi-store.js';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../test/database.js';
import { importChanges } from './changes.import.js';

const SAMPLE = path.join(import.meta.dirname, '..', '..', 'importers', 'changes', 'fixtures', 'github');
const T = '2026-11-02';

/** A copy of the sample export with its pull requests rewritten by `edit`. */
async function exportWith(edit: (pulls: Record<string, unknown>[]) => void): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'changes-bulk-'));
  await cp(SAMPLE, dir, { recursive: true });
  const pulls = JSON.parse(await readFile(path.join(dir, 'pulls.json'), 'utf8'));
  edit(pulls);
  writeFileSync(path.join(dir, 'pulls.json'), JSON.stringify(pulls, null, 1));
  return dir;
}

/** An organization's stored facts and derived rows, without the ids that differ between organizations. */
async function rowsOf(store: TestStore, orgId: string): Promise<Record<string, unknown[]>> {
  const query = async (text: string) =>
    (await sql.raw<Record<string, unknown>>(text).execute(store.database.db)).rows.map((r) =>
      JSON.stringify(r),
    );
  const org = `'${orgId}'`;
  return {
    pulls: await query(
      `select number, title, author, merged_at, merge_sha, head_sha, base_ref, labels, url, reviews, checks from change_pulls where org_id = ${org} order by number`,
    ),
    commits: await query(
      `select sha, seq, author, email, committed_at, message, parents from change_commits where org_id = ${org} order by seq`,
    ),
    deployments: await query(
      `select source, external_id, environment, sha, deployed_at, state, succeeded, name from change_deployments where org_id = ${org} order by external_id`,
    ),
    releases: await query(
      `select key, source, external_id, environment, sha, deployed_at, name, change_count, empty_reason from releases where org_id = ${org} order by key`,
    ),
    changes: await query(
      `select c.key, c.kind, c.ref, c.label, c.title, c.author, c.occurred_at, c.sha, c.emergency, c.approval, c.approvers, c.checks, r.key as release_key
       from changes c left join releases r on r.id = c.release_id where c.org_id = ${org} order by c.key`,
    ),
  };
}

describe("a repository's first import (bulk-loaded) and a later one (upserted over stored rows)", () => {
  let store: TestStore;

  beforeAll(async () => {
    store = await createTestStore();
  });
  afterAll(() => store.cleanup());

  it('store the same rows, and a pull request listed twice is stored once, as last listed', async () => {
    // A list paged while it changed can repeat a record: PR 412 again at the end, retitled since.
    const repeated = await exportWith((pulls) => {
      pulls.push({ ...pulls[0]!, title: 'Retitled while paging' });
    });
    const older = await exportWith((pulls) => {
      pulls[0]!.title = 'An older title';
      pulls[1]!.title = 'Another older title';
    });

    const fresh = await setUpOrganization(store, { name: 'Fresh Org', roster: false });
    const first = await importChanges(fresh.stores, TEST_ACTOR, fresh.orgId, { location: repeated, at: T });
    expect(first.status).toBe('imported');

    const upserted = await setUpOrganization(store, { name: 'Upserted Org', roster: false });
    await importChanges(upserted.stores, TEST_ACTOR, upserted.orgId, { location: older, at: T });
    const again = await importChanges(upserted.stores, TEST_ACTOR, upserted.orgId, {
      location: repeated,
      at: T,
    });
    expect(again.status).toBe('imported');

    const a = await rowsOf(store, fresh.orgId);
    const b = await rowsOf(store, upserted.orgId);
    expect(a).toEqual(b);
    expect(a.releases!.length).toBeGreaterThan(0);
    expect(a.changes!.length).toBeGreaterThan(0);
    const titles = (await rowsOf(store, fresh.orgId)).pulls!.map((p) => JSON.parse(p as string).title);
    expect(titles.filter((t) => t === 'Retitled while paging')).toHaveLength(1);
    expect(a.pulls).toHaveLength(new Set(a.pulls!.map((p) => JSON.parse(p as string).number)).size);
    expect(titles).not.toContain('An older title');
  });
});
