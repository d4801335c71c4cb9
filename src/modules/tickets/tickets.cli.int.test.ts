import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';
import { createTestStore, type TestStore } from '../../../test/database.js';
import type { TicketImportResult, TicketView } from './tickets.schema.js';

const LINEAR = path.join(
  import.meta.dirname,
  '..',
  '..',
  'importers',
  'tickets',
  'fixtures',
  'linear',
  'issues.json',
);

/** `auditready tickets import|list|show` through the real bin/auditready. */
describe('auditready tickets', () => {
  let store: TestStore;
  const cli = (...args: string[]) => runCli(args, store.env);

  beforeAll(async () => {
    store = await createTestStore();
    expect((await cli('init', '--org', 'Acme Pay')).code).toBe(0);
  });
  afterAll(() => store.cleanup());

  it('refuses a corrupted page with its JSON path, imports the good one once, with a project map', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tickets-cli-'));
    const bad = path.join(dir, 'issues.json');
    writeFileSync(
      bad,
      '{"data": {"issues": {"nodes": [{"identifier": "ENG-1", "state": {"name": "Todo"}, "title": 5}]}}}',
    );
    const refused = await cli('tickets', 'import', bad);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/issues\.json, line 1, at \$\.data\.issues\.nodes\[0\]\.title/);

    const map = '{"OPS": {"typesWithoutApproval": ["Access Request"]}}';
    const run = await cli('--json', 'tickets', 'import', LINEAR, '--project-map', map, '--at', '2026-12-01');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as TicketImportResult;
    expect(result).toMatchObject({
      status: 'imported',
      source: 'linear',
      counts: { issues: 3, notRequired: 1 },
    });
    const again = await cli(
      '--json',
      'tickets',
      'import',
      LINEAR,
      '--project-map',
      map,
      '--at',
      '2026-12-01',
    );
    expect((JSON.parse(again.stdout) as TicketImportResult).status).toBe('unchanged');
  });

  it('lists tickets and shows one with its transitions', async () => {
    const all = JSON.parse((await cli('--json', 'tickets', 'list')).stdout) as TicketView[];
    expect(all.map((t) => t.key)).toEqual(['OPS-9', 'ENG-102', 'ENG-101']);
    const self = JSON.parse(
      (await cli('--json', 'tickets', 'list', '--approval', 'self-approved')).stdout,
    ) as TicketView[];
    expect(self.map((t) => t.key)).toEqual(['ENG-102']);
    const show = await cli('tickets', 'show', 'eng-101');
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('approved by Bo Ito');
    expect(show.stdout).toMatch(/In Review\s+→ Approved\s+Bo Ito/);
    expect(show.stdout).toContain('example-org/payments-api#412  not imported');
    expect((await cli('tickets', 'show', 'NOPE-1')).code).not.toBe(0);
  });
});
