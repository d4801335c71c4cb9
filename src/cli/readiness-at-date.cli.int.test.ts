import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';
import { createTestStore, type TestStore } from '../../test/database.js';
import { addDays } from '../core/dates.js';
import type { ReadinessResult } from '../core/readiness/index.js';
import { todayIso } from '../platform/clock.js';

/**
 * Issue 11 through the CLI (docs/decisions/0008): evidence dated too far
 * ahead is refused, exceptions name what they except, and `readiness --at`
 * counts a finding only from its opening date.
 */
describe('auditready CLI: readiness at a date', () => {
  let store: TestStore;
  const today = todayIso();
  const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { ...store.env, ...env });
  const addLink = (effective: string, env: Record<string, string> = {}) =>
    cli(
      [
        'evidence',
        'add',
        '--control',
        'AC-01',
        '--link',
        'https://example.com/matrix',
        '--effective',
        effective,
      ],
      env,
    );
  const evidenceCount = async () =>
    Number(
      (
        await store.database.db
          .selectFrom('evidence')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    store = await createTestStore();
    expect((await cli(['init', '--org', 'Dating'])).code).toBe(0);
  });
  afterAll(() => store.cleanup());

  it('refuses evidence effective more than 3 days ahead with a clear error, and takes 3 days ahead', async () => {
    const before = await evidenceCount();
    const ahead = await addLink(addDays(today, 4));
    expect(ahead.code).toBe(1);
    expect(ahead.stderr).toContain(`the period starts on ${addDays(today, 4)}, more than 3 days after today`);
    expect(ahead.stderr).toContain('AUDITREADY_EVIDENCE_FUTURE_DAYS');
    expect(await evidenceCount()).toBe(before);
    const ok = await addLink(addDays(today, 3));
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(await evidenceCount()).toBe(before + 1);
  });

  it('takes the tolerance from AUDITREADY_EVIDENCE_FUTURE_DAYS and names a bad value', async () => {
    const wider = await addLink(`${addDays(today, 8)}..${addDays(today, 20)}`, {
      AUDITREADY_EVIDENCE_FUTURE_DAYS: '10',
    });
    expect(wider.code).toBe(0);
    const none = await addLink(addDays(today, 1), { AUDITREADY_EVIDENCE_FUTURE_DAYS: '0' });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('more than 0 days after today');
    const bad = await addLink(today, { AUDITREADY_EVIDENCE_FUTURE_DAYS: 'soon' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('AUDITREADY_EVIDENCE_FUTURE_DAYS must be a whole number of days');
  });

  it('records an exception on one requirement, one finding or the whole control, and refuses a wrong one', async () => {
    const requirement = await cli([
      'exceptions',
      'add',
      '--control',
      'AC-03',
      '--requirement',
      'AC-03-E2',
      '--summary',
      'Second review late',
      '--reason',
      'tool migration',
      '--risk',
      'low',
      '--expires',
      addDays(today, 60),
    ]);
    expect(requirement.stderr).toBe('');
    expect(requirement.stdout).toContain('on AC-03 (requirement AC-03-E2)');
    const wrong = await cli([
      'exceptions',
      'add',
      '--control',
      'AC-03',
      '--requirement',
      'AC-01-E1',
      '--summary',
      'x',
      '--reason',
      'y',
      '--risk',
      'low',
      '--expires',
      addDays(today, 60),
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      'control AC-03 has no evidence requirement AC-01-E1 (it has: AC-03-E1, AC-03-E2)',
    );
    const finding = await cli([
      'findings',
      'add',
      '--title',
      'Review skipped',
      '--severity',
      'high',
      '--controls',
      'AC-03',
      '--json',
    ]);
    const findingId = (JSON.parse(finding.stdout) as { id: string }).id;
    const onFinding = await cli([
      'exceptions',
      'add',
      '--control',
      'AC-03',
      '--finding',
      findingId,
      '--summary',
      'Accepted for now',
      '--reason',
      'z',
      '--risk',
      'medium',
      '--expires',
      addDays(today, 30),
      '--json',
    ]);
    expect(JSON.parse(onFinding.stdout)).toMatchObject({
      scope: 'finding',
      findingId,
      requirementId: null,
    });
    const list = await cli(['exceptions', 'list']);
    expect(list.stdout).toContain('requirement AC-03-E2');
    expect(list.stdout).toContain(`finding ${findingId}`);
  });

  it('counts a finding at T only from its opening date (readiness --at)', async () => {
    const opened = addDays(today, -10);
    await cli([
      'findings',
      'add',
      '--title',
      'Backups unencrypted',
      '--severity',
      'critical',
      '--controls',
      'AC-01',
      '--opened',
      opened,
    ]);
    const codesAt = async (at: string) => {
      const run = await cli(['readiness', '--at', at, '--json']);
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout) as ReadinessResult;
      return result.controls.find((c) => c.code === 'AC-01')!.reasons;
    };
    const finding = (reasons: Awaited<ReturnType<typeof codesAt>>) =>
      reasons.filter((r) => r.code === 'open-finding' && r.message.includes('Backups unencrypted'));
    expect(finding(await codesAt(addDays(opened, -1)))).toEqual([]);
    const on = finding(await codesAt(opened));
    expect(on).toHaveLength(1);
    // No due date given: due by severity, critical 7 days from opening.
    expect(on[0]?.dueOn).toBe(addDays(opened, 7));
    expect(finding(await codesAt(addDays(opened, 1)))).toHaveLength(1);
  });
});
