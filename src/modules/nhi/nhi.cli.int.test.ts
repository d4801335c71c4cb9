import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../../test/builders/nhi-parsers.js';
import { runCli } from '../../../test/cli.js';
import { createTestStore, type TestStore } from '../../../test/database.js';
import type { NhiFindingView, NhiImportResult, NhiRecord } from './nhi.schema.js';

/** `auditready import` and `auditready nhi list` through the real bin/auditready. */
describe('auditready import and nhi list', () => {
  let store: TestStore;
  const cli = (...args: string[]) => runCli(args, store.env);
  const report = fixturePath('aws_iam_credential_report.csv');

  beforeAll(async () => {
    store = await createTestStore();
    expect((await cli('init', '--org', 'Acme Cloud')).code).toBe(0);
  });
  afterAll(() => store.cleanup());

  it('imports a credential report, quietly on a pipe, and says unchanged the second time', async () => {
    const run = await cli('import', 'aws-credential-report', report);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^imported aws_iam_credential_report\.csv \(aws-credential-report\): \d+ records/,
    );
    const again = await cli('--json', 'import', 'aws-credential-report', report);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as NhiImportResult).status).toBe('unchanged');
  });

  it('lists the inventory as JSON, filtered by provider and kind', async () => {
    const run = await cli('--json', 'nhi', 'list', '--provider', 'aws', '--kind', 'access-key');
    expect(run.code).toBe(0);
    const keys = JSON.parse(run.stdout) as NhiRecord[];
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.provider === 'aws' && k.kind === 'access-key')).toBe(true);
    expect(keys.map((k) => k.externalId)).toContain(
      'arn:aws:iam::418273645091:user/automation/svc-terraform#access_key_1',
    );
  });

  it('prints the account of each identity and whom an ownerless key answers to; findings by severity', async () => {
    const list = await cli('nhi', 'list', '--provider', 'aws', '--kind', 'access-key');
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')[0]).toMatch(/PROVIDER\s+ACCOUNT\s+NAME/);
    const terraformKey = list.stdout.split('\n').find((l) => l.includes('svc-terraform'));
    expect(terraformKey).toContain('418273645091');
    expect(list.stdout).toMatch(/via \S+ \(IAM user\)|via the root user|\? /);
    const bySeverity = JSON.parse((await cli('--json', 'nhi', 'findings')).stdout) as NhiFindingView[];
    const rank = ['critical', 'high', 'medium', 'low'];
    const severities = (await cli('nhi', 'findings')).stdout
      .split('\n')
      .map((l) => l.split(/\s+/)[0]!)
      .filter((word) => rank.includes(word));
    expect(severities.length).toBe(bySeverity.length);
    expect(severities.map((s) => rank.indexOf(s))).toEqual(
      [...severities.map((s) => rank.indexOf(s))].sort((a, b) => a - b),
    );
    expect((await cli('nhi', 'findings', '--sort', 'opened')).code).toBe(0);
    const bad = await cli('nhi', 'findings', '--sort', 'owner');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--sort owner');
  });

  it('records a review with a note: the third-party app is no longer unreviewed', async () => {
    expect(
      (await cli('import', 'github-installations', fixturePath('github_org_installations.json'))).code,
    ).toBe(0);
    const open = async () =>
      (JSON.parse((await cli('--json', 'nhi', 'findings')).stdout) as NhiFindingView[]).filter(
        (f) => f.rule === 'nhi-third-party-unreviewed',
      );
    const before = await open();
    expect(before.length).toBeGreaterThan(0);
    const target = before[0]!.nhi;
    // A prefix past the UUIDv7's timestamp (its first 13 characters), so it names one identity.
    const run = await cli('nhi', 'review', target.id.slice(0, 28), '--note', 'scopes still needed');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^reviewed 1 identity at \S+ \(scopes still needed\); findings resolved: 1\n$/,
    );
    expect((await open()).map((f) => f.nhi.id)).not.toContain(target.id);
    const unknown = await cli('nhi', 'review', 'no-such-identity');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no-such-identity');
  }, 180_000);

  it('refuses an unknown kind as a usage error and a bad file as a user error', async () => {
    expect((await cli('import', 'cobol-report', report)).code).toBe(2);
    const missing = await cli('import', 'gitleaks', '/no/such/file.json');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file');
  });
});
