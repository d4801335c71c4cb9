import { mkdtempSync, writeFileSync } from 'node:fs';
import { cp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';
import { createTestStore, type TestStore } from '../../../test/database.js';
import type { ChangeImportResult, ChangeView, ReleaseView } from './changes.schema.js';

const SAMPLE = path.join(import.meta.dirname, '..', '..', 'importers', 'changes', 'fixtures', 'github');

/** `auditready changes import|list|show` and `releases list` through the real bin/auditready. */
describe('auditready changes and releases', () => {
  let store: TestStore;
  const cli = (...args: string[]) => runCli(args, store.env);

  beforeAll(async () => {
    store = await createTestStore();
    expect((await cli('init', '--org', 'Acme Pay')).code).toBe(0);
  });
  afterAll(() => store.cleanup());

  it('refuses a corrupted export with its file and JSON path, then imports the good one once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'changes-cli-'));
    await cp(SAMPLE, dir, { recursive: true });
    const pulls = JSON.parse(await readFile(path.join(dir, 'pulls.json'), 'utf8'));
    pulls[5].number = 'six';
    writeFileSync(path.join(dir, 'pulls.json'), JSON.stringify(pulls, null, 2));
    const bad = await cli('changes', 'import', dir, '--at', '2026-11-02');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/pulls\.json, line \d+, at \$\[5\]\.number/);

    const run = await cli('--json', 'changes', 'import', SAMPLE, '--at', '2026-11-02');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as ChangeImportResult;
    expect(result).toMatchObject({ status: 'imported', counts: { releases: 5, findingsOpened: 5 } });
    const again = await cli('--json', 'changes', 'import', SAMPLE, '--at', '2026-11-02');
    expect((JSON.parse(again.stdout) as ChangeImportResult).status).toBe('unchanged');
  });

  it('lists changes and releases, and shows one change by its label', async () => {
    const changes = JSON.parse((await cli('--json', 'changes', 'list')).stdout) as ChangeView[];
    expect(changes).toHaveLength(12);
    const releases = JSON.parse((await cli('--json', 'releases', 'list')).stdout) as ReleaseView[];
    expect(releases.map((r) => r.changes.length)).toEqual([3, 2, 3, 2, 2]);
    const show = await cli('changes', 'show', 'example-org/payments-api#403');
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('change-unapproved');
    const text = await cli('releases', 'list');
    expect(text.stdout).toContain('! example-org/payments-api@b62cdac');
  });
});
