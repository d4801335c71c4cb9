import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER } from '../../../test/builders/nhi-store.js';
import { runCli } from '../../../test/cli.js';
import { createTestStore, type TestStore } from '../../../test/database.js';
import { addDays } from '../../core/dates.js';
import { todayIso } from '../../platform/clock.js';
import type { IncidentView, IrTestView } from './incident.schema.js';

const T = todayIso();

/** `auditready incidents …` and `ir-tests …` through the real bin/auditready. */
describe('auditready incidents and ir-tests', () => {
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

  it('imports a register all or nothing (a bad row names its line and column), idempotently', async () => {
    const bad = await cli(
      'incidents',
      'import',
      file(
        'bad.csv',
        `external_id,title,severity,detected_at\nINC-1,Outage,high,${T}\nINC-2,Slow,medium,last week\n`,
      ),
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/bad\.csv, line 3, column 4 \(detected_at\): "last week" is not a date/);
    const register = file(
      'register.csv',
      `external_id,title,severity,status,detected_at,owner\nINC-1,Outage,high,open,${addDays(T, -20)},maria.garcia@example.com\n`,
    );
    expect((await cli('incidents', 'import', register)).stdout).toMatch(/^imported: 1 incidents \(1 new/);
    expect((await cli('incidents', 'import', register)).stdout).toMatch(/^unchanged: 1 incidents/);
    const list = await cli('incidents', 'list');
    expect(list.stdout).toMatch(/INC-1\s+high\s+open/);
  });

  it('shows an incident with its finding, and updates it: root cause, timeline, follow-up', async () => {
    const shown = await cli('incidents', 'show', 'INC-1');
    expect(shown.stdout).toMatch(
      /open findings:\n {2}high: Root cause of high incident INC-1 \(owner maria\.garcia@example\.com\) missing/,
    );
    const updated = await cli(
      '--json',
      'incidents',
      'update',
      'INC-1',
      '--root-cause',
      'Expired certificate',
      '--timeline',
      'Certificate renewed',
      '--at',
      `${addDays(T, -19)}T10:00Z`,
      '--follow-up',
      'Alert 30 days before expiry',
      '--follow-up-owner',
      'sam.okafor@example.com',
      '--due',
      addDays(T, 30),
    );
    expect(updated.code).toBe(0);
    const incident = JSON.parse(updated.stdout) as IncidentView;
    expect(incident).toMatchObject({ hasRootCause: true, timeline: [{ entry: 'Certificate renewed' }] });
    expect(incident.followUpActions.map((f) => [f.action, f.ownerEmail])).toEqual([
      ['Alert 30 days before expiry', 'sam.okafor@example.com'],
    ]);
    expect(incident.findings.map((f) => f.resolvedOn)).toEqual([T]);
  });

  it('records an IR test and lists it', async () => {
    const test = await cli(
      '--json',
      'ir-tests',
      'add',
      '--kind',
      'tabletop',
      '--held-on',
      T,
      '--scenario',
      'Ransomware at a vendor',
      '--participant',
      'grace.kim@example.com',
      '--participant',
      'sam.okafor@example.com',
      '--results',
      'Vendor contacts were out of date',
    );
    expect(test.code).toBe(0);
    expect((JSON.parse(test.stdout) as IrTestView).participants).toEqual([
      'grace.kim@example.com',
      'sam.okafor@example.com',
    ]);
    expect((await cli('ir-tests', 'list')).stdout).toMatch(/tabletop\s+Ransomware at a vendor/);
    expect((await cli('incidents', 'refresh')).stdout).toBe('0 finding(s) opened, 0 resolved\n');
  });
});
