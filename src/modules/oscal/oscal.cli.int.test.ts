import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';
import { createTestStore, type TestStore } from '../../../test/database.js';
import { checkOscal, type OscalKind } from './oscal-schema.js';

const FIXTURE = path.resolve(import.meta.dirname, '../../../test/fixtures/oscal/csf-2.0-catalog.json');

/** OSCAL through the real CLI on the demo organization (issue 19): every export schema-valid, the catalog import. */
// Every step spawns the CLI (seconds each on a loaded machine) and the demo is large.
describe('auditready export oscal-* and import oscal-catalog', { timeout: 300_000 }, () => {
  let store: TestStore;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'auditready-oscal-'));
  const cli = (...args: string[]) => runCli(args, store.env);

  beforeAll(async () => {
    store = await createTestStore();
    const built = await cli('demo', '--today', '2026-11-29', '--seed', '7');
    expect(built.code).toBe(0);
  }, 300_000);
  afterAll(() => store.cleanup());

  const exports: [string, OscalKind][] = [
    ['oscal-catalog', 'catalog'],
    ['oscal-mapping', 'mapping-collection'],
    ['oscal-assessment-results', 'assessment-results'],
    ['oscal-poam', 'plan-of-action-and-milestones'],
  ];
  for (const [command, kind] of exports) {
    it(`${command}: schema-valid for the demo organization, identical when exported again`, async () => {
      const file = path.join(dir, `${command}.json`);
      const run = await cli('export', command, '--at', '2026-11-29', '-o', file);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const text = readFileSync(file, 'utf8');
      const doc = JSON.parse(text);
      expect(checkOscal(kind, doc)).toEqual([]);
      // One field corrupted: the schema check fails (the validation is real).
      const corrupted = structuredClone(doc);
      corrupted[kind].metadata['oscal-version'] = undefined;
      corrupted[kind].uuid = 'not-a-uuid';
      expect(checkOscal(kind, corrupted).length).toBeGreaterThan(0);
      const again = await cli('export', command, '--at', '2026-11-29');
      expect(again.stdout).toBe(text);
    });
  }

  it('assessment results link evidence with SHA-256 and list the gaps as findings', async () => {
    const doc = JSON.parse(readFileSync(path.join(dir, 'oscal-assessment-results.json'), 'utf8'));
    const ar = doc['assessment-results'];
    const result = ar.results[0];
    const readiness = JSON.parse((await cli('readiness', '--at', '2026-11-29', '--json')).stdout);
    expect(result.findings.length).toBe(readiness.summary.controls.gap);
    const hashes = ar['back-matter'].resources.flatMap(
      (r: { rlinks?: { hashes?: unknown[] }[] }) => r.rlinks?.flatMap((l) => l.hashes ?? []) ?? [],
    );
    expect(hashes.length).toBeGreaterThan(0);
    expect(hashes[0]).toMatchObject({ algorithm: 'SHA-256', value: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('imports the CSF 2.0 OSCAL catalog, maps a control to it, and keeps the mapping through a newer version', async () => {
    const first = await cli('--json', 'import', 'oscal-catalog', FIXTURE, '--framework-id', 'csf-oscal');
    expect(first.stderr).toBe('');
    const result = JSON.parse(first.stdout);
    expect(result).toMatchObject({
      frameworkId: 'csf-oscal',
      status: 'installed',
      version: '2.0',
      criteria: 106,
    });
    const again = JSON.parse(
      (await cli('--json', 'import', 'oscal-catalog', FIXTURE, '--framework-id', 'csf-oscal')).stdout,
    );
    expect(again.status).toBe('unchanged');
    const frameworks = JSON.parse((await cli('--json', 'frameworks')).stdout);
    expect(frameworks.find((f: { id: string }) => f.id === 'csf-oscal')).toMatchObject({ criteria: 106 });

    // Map a control with the CLI; an unknown criterion is refused and changes nothing.
    const mapped = JSON.parse(
      (await cli('--json', 'controls', 'map', 'AC-01', 'csf-oscal', 'PR.AA-05', 'GV.OC-01')).stdout,
    );
    expect(mapped).toEqual({ code: 'AC-01', frameworkId: 'csf-oscal', criteria: ['GV.OC-01', 'PR.AA-05'] });
    const refused = await cli('controls', 'map', 'AC-01', 'csf-oscal', 'XX-99');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('unknown csf-oscal criterion "XX-99"');
    const { getImportedMappings } = await import('./oscal.service.js');
    const org = await store.database.db.selectFrom('organizations').select('id').executeTakeFirstOrThrow();
    expect(await getImportedMappings(store.database, org.id, 'AC-01', 'csf-oscal')).toEqual([
      'GV.OC-01',
      'PR.AA-05',
    ]);

    // A newer version: GV.OC-01 is gone, a control enhancement is added under PR.AA-05.
    const doc = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    doc.catalog.metadata.version = '2.1';
    const gv = doc.catalog.groups[0].groups[0];
    gv.controls = gv.controls.filter((c: { id: string }) => c.id !== 'GV.OC-01');
    const pr = doc.catalog.groups.find((g: { id: string }) => g.id === 'PR');
    const aa = pr.groups.find((g: { id: string }) => g.id === 'PR.AA');
    const aa05 = aa.controls.find((c: { id: string }) => c.id === 'PR.AA-05');
    aa05.controls = [{ id: 'PR.AA-05.1', title: 'An enhancement' }];
    const newer = path.join(dir, 'csf-2.1.json');
    writeFileSync(newer, JSON.stringify(doc));
    const updated = JSON.parse(
      (await cli('--json', 'import', 'oscal-catalog', newer, '--framework-id', 'csf-oscal')).stdout,
    );
    expect(updated).toMatchObject({
      status: 'updated',
      previousVersion: '2.0',
      version: '2.1',
      criteria: 106,
      mappingsKept: 1,
      mappingsDangling: [{ code: 'GV.OC-01' }],
    });
    expect(await getImportedMappings(store.database, org.id, 'AC-01', 'csf-oscal')).toEqual([
      'GV.OC-01',
      'PR.AA-05',
    ]);
    const child = await store.database.db
      .selectFrom('criteria')
      .select(['code', 'parent_code'])
      .where('framework_id', '=', 'csf-oscal')
      .where('code', '=', 'PR.AA-05.1')
      .executeTakeFirstOrThrow();
    expect(child.parent_code).toBe('PR.AA-05');
    // The shipped crosswalk of the control is untouched by the imported framework's mappings and vice versa.
    const control = JSON.parse((await cli('--json', 'controls', 'show', 'AC-01')).stdout);
    expect(control.mappings.soc2.length).toBeGreaterThan(0);
  });

  it('refuses a file that is not a valid OSCAL catalog with file, JSON path and reason; nothing written', async () => {
    const bad = path.join(dir, 'bad.json');
    const doc = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    doc.catalog.groups[0].groups[0].controls[0].id = '1-bad';
    writeFileSync(bad, JSON.stringify(doc));
    const run = await cli('import', 'oscal-catalog', bad, '--framework-id', 'bad-one');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /bad\.json, at \/catalog\/groups\/0\/groups\/0\/controls\/0\/id: not a valid OSCAL catalog: must match pattern/,
    );
    const shipped = await cli('import', 'oscal-catalog', FIXTURE, '--framework-id', 'soc2');
    expect(shipped.code).toBe(1);
    expect(shipped.stderr).toContain('soc2 is a framework auditready ships');
    const frameworks = JSON.parse((await cli('--json', 'frameworks')).stdout);
    expect(frameworks.map((f: { id: string }) => f.id)).not.toContain('bad-one');
  });
});
