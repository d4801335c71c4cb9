import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER } from '../../../test/builders/nhi-store.js';
import { runCli } from '../../../test/cli.js';
import { createTestStore, type TestStore } from '../../../test/database.js';
import { addDays, addMonths } from '../../core/dates.js';
import { todayIso } from '../../platform/clock.js';
import type { VendorSummary, VendorView } from './vendor.schema.js';

const TODAY = todayIso();

/** `auditready vendors …` through the real bin/auditready: import, report, bridge letter, CUEC and its mapping. */
describe('auditready vendors', () => {
  let store: TestStore;
  const cli = (...args: string[]) => runCli(args, store.env);
  const file = (name: string, text: string) => {
    const p = path.join(store.dataDir, name);
    writeFileSync(p, text);
    return p;
  };

  beforeAll(async () => {
    store = await createTestStore();
    expect((await cli('init', '--org', 'Acme Cloud')).code).toBe(0);
    expect((await cli('people', 'import', ROSTER)).code).toBe(0);
  });
  afterAll(() => store.cleanup());

  it('imports a register once, refusing a bad row with its line and column', async () => {
    const header =
      'name,service,criticality,data,owner_email,contract_start,contract_end,last_assessment,next_review';
    const bad = await cli(
      'vendors',
      'import',
      file('bad.csv', `${header}\nGitHub,source,high,code,grace.kim@example.com,,,,31-12-2026\n`),
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/bad\.csv, line 2, column 9 \(next_review\)/);
    const register = file(
      'vendors.csv',
      `${header}\nGitHub,source control,critical,source code,grace.kim@example.com,2024-01-01,,,${addMonths(TODAY, 6)}\n`,
    );
    expect((await cli('vendors', 'import', register)).stdout).toMatch(/^imported: 1 vendors \(1 added/);
    expect((await cli('vendors', 'import', register)).stdout).toMatch(/^unchanged: 1 vendors/);
  });

  it('adds a report 14 months old (a finding), then a bridge letter covering the gap (none)', async () => {
    const periodEnd = addMonths(TODAY, -14);
    const added = await cli(
      'vendors',
      'report',
      'add',
      'github',
      file('soc2.pdf', '%PDF report'),
      '--kind',
      'soc2-type2',
      '--period-start',
      addMonths(periodEnd, -12),
      '--period-end',
      periodEnd,
      '--received',
      addDays(periodEnd, 30),
    );
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('assurance: report 14 months old (stale)');
    expect(added.stdout).toContain(
      'Critical vendor GitHub (owner grace.kim@example.com) has no current assurance report',
    );
    const bridged = await cli(
      '--json',
      'vendors',
      'bridge',
      'add',
      'GitHub',
      file('bridge.pdf', '%PDF letter'),
      '--from',
      addDays(periodEnd, 1),
      '--to',
      addDays(TODAY, 60),
      '--received',
      TODAY,
    );
    const view = JSON.parse(bridged.stdout) as VendorView;
    expect(view.assurance.status).toBe('bridged');
    expect(view.findings).toEqual([]);
  });

  it('lists a CUEC (a finding) and maps it to a control (none)', async () => {
    const listed = await cli(
      'vendors',
      'cuec',
      'add',
      'GitHub',
      'CUEC-1',
      '--description',
      'Enforce 2FA for members',
    );
    expect(listed.stdout).toMatch(/CUEC-1\s+Enforce 2FA for members\s+NOT MAPPED/);
    expect(listed.stdout).toContain('CUEC CUEC-1 of vendor GitHub');
    const mapped = await cli('vendors', 'map', 'GitHub', 'CUEC-1', '--control', 'AC-03');
    expect(mapped.stdout).toMatch(/CUEC-1\s+Enforce 2FA for members\s+AC-03/);
  });

  it('records a review, moving the next review a year on', async () => {
    const reviewed = await cli(
      'vendors',
      'review',
      'GitHub',
      '--notes',
      'report read',
      '--reviewer',
      'grace.kim@example.com',
    );
    expect(reviewed.stdout).toContain(`last assessment ${TODAY}, next review ${addMonths(TODAY, 12)}`);
    const list = JSON.parse((await cli('--json', 'vendors', 'list')).stdout) as VendorSummary[];
    expect(list.map((v) => [v.name, v.openFindings, v.unmappedCuecs])).toEqual([['GitHub', 0, 0]]);
  });
});
