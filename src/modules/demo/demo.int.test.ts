import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';
import { createTestStore, type TestStore } from '../../../test/database.js';
import { readinessResultSchema } from '../../core/readiness/index.js';
import { blobStoreFor } from '../../platform/blobs/fs-blob-store.js';

/** The demo through the real CLI: every status shows, results are the same on both engines, tampering is caught. */
describe('auditready demo', () => {
  let store: TestStore;
  const cli = (...args: string[]) => runCli(args, store.env);

  beforeAll(async () => {
    store = await createTestStore();
    const built = await cli('demo', '--today', '2026-11-29', '--seed', '7');
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
  });
  afterAll(() => store.cleanup());

  it('shows all five statuses, each non-ready control with actionable reasons', async () => {
    const run = await cli('readiness', '--at', '2026-11-29', '--json');
    const result = readinessResultSchema.parse(JSON.parse(run.stdout));
    // One snapshot for both engines: the same seed and date give the same organization and the same result.
    // The NHI sample imports make three NHI controls gaps (open high and critical rule findings); the
    // access-review quarter's overdue revocation (a high follow-up-overdue finding) makes AC-03 one more, and
    // the incident register's overdue follow-up and high incident without a root cause (high incident-rule
    // findings) make IR-02 one more.
    // The plan's load levelling (docs/decisions/0019) dues two annual items before their current evidence goes
    // stale, so HR-05 and NHI-14 are no longer at risk of a gap before the next collection.
    // Moved by the demo's quarter of changes and its running audit window (issue 16/15 leftovers): the change
    // import's four planted violations open findings on CM-02 … CM-05 (gap 42 → 45) and its release log is
    // evidence on them; readiness looks ahead to the engagement's anchor (the window's start,
    // src/core/engagement.ts), which is now 90 days past instead of 45 days ahead, so evidence that would have
    // gone stale before a future start no longer makes its control at risk (at-risk 35 → 17, ready 33 → 48).
    // The vendor register makes VM-03 a gap (Stripe, critical, has a report fourteen months old and no bridge
    // letter), and the incident findings IR-02: gap 45 → 47, ready 48 → 46.
    expect(result.summary.controls).toEqual({
      gap: 47,
      'at-risk': 17,
      excepted: 1,
      ready: 46,
      'not-applicable': 2,
    });
    for (const c of result.controls.filter((x) => x.status === 'gap' || x.status === 'at-risk')) {
      const actionable = c.reasons.filter((r) => r.severity !== 'info');
      expect(actionable.length, c.code).toBeGreaterThan(0);
      for (const r of actionable) expect(r.message.length).toBeGreaterThan(10);
      // Every actionable reason says by when (rule findings are due by their severity's remediation days).
      expect(
        actionable.filter((r) => r.dueOn === null),
        c.code,
      ).toEqual([]);
    }
    const codes = new Set(result.controls.flatMap((c) => c.reasons.map((r) => r.code)));
    for (const code of [
      'no-owner',
      'owner-not-active',
      'no-evidence',
      'stale-evidence',
      'open-finding',
      'exception-expired',
      'stale-soon',
      'pending-review',
    ]) {
      expect(codes, code).toContain(code);
    }
  });

  it('shows the system-generated share of evidence per control and overall, and suggests an import over a screenshot', async () => {
    const { getProvenance } = await import('../evidence/provenance.service.js');
    const [org] = await store.database.db.selectFrom('organizations').select('id').execute();
    const report = await getProvenance(store.database, org!.id);
    expect(report.overall.system).toBeGreaterThan(report.overall.manual);
    expect(report.overall.manual).toBeGreaterThan(0);
    expect(report.controls.filter((c) => c.systemShare !== null).length).toBeGreaterThan(50);
    expect(report.controls.find((c) => c.code === 'HR-03')).toMatchObject({ manual: 1 });
    expect(report.trend).toHaveLength(12);
    const run = await cli('readiness', '--at', '2026-11-29', '--json');
    const result = readinessResultSchema.parse(JSON.parse(run.stdout));
    const suggestions = result.controls
      .flatMap((c) => c.reasons)
      .filter((r) => r.code === 'import-suggested');
    expect(suggestions).toContainEqual(
      expect.objectContaining({ requirementCode: 'HR-03-E1', severity: 'info' }),
    );
    expect(suggestions.find((r) => r.requirementCode === 'HR-03-E1')?.message).toMatch(/is a screenshot/);
  });

  it('prints the human report grouped by status with owners and due dates', async () => {
    const run = await cli('readiness', '--at', '2026-11-29');
    expect(run.code).toBe(0);
    for (const heading of ['GAPS', 'AT RISK', 'EXCEPTED', 'READY', 'NOT APPLICABLE'])
      expect(run.stdout).toContain(heading);
    expect(run.stdout).toMatch(/✗ .+ — .+, due \d{4}-\d{2}-\d{2}/);
  });

  it("exports the engagement's package with evidence and requests, and it verifies", async () => {
    // The demo engagement is three months into its window: its package holds the window's evidence and the
    // requests' threads (a window that had not opened yet gave a package without evidence).
    const [engagement] = await store.database.db.selectFrom('engagements').select('id').execute();
    const file = `${store.dataDir}/demo-package.zip`;
    const exported = await cli('--json', 'export', 'package', '--engagement', engagement!.id, '-o', file);
    expect(exported.stderr).toBe('');
    const summary = JSON.parse(exported.stdout) as { files: number; requests: number };
    expect(summary.files).toBeGreaterThan(20);
    expect(summary.requests).toBe(3);
    const verified = await cli('verify', file);
    expect(verified.code).toBe(0);
  });

  it('refuses to build over an existing organization', async () => {
    const again = await cli('demo');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('needs an empty data folder');
  });

  it('verify passes, then exits 1 naming the evidence whose file was tampered with', async () => {
    const ok = await cli('verify');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^OK {5}Activity log chain entries: [\d,]+ entries in 2 chains/);
    expect(ok.stdout).toMatch(
      /^OK {5}Records against the activity log: evidence [\d,]+, evidence review [\d,]+, membership 2, exception 3/m,
    );
    expect(ok.stdout).toMatch(/^OK {5}Evidence files: [\d,]+ evidence files re-hashed$/m);
    expect(ok.stdout).toMatch(/^OK {5}Signed checkpoints: /m);
    expect(ok.stdout).toMatch(/^verify: all 5 checks OK, everything matches$/m);
    const evidence = JSON.parse((await cli('evidence', 'list', '--control', 'AC-03', '--json')).stdout) as {
      id: string;
      sha256: string;
    }[];
    const victim = evidence[0]!;
    writeFileSync(blobStoreFor(store.dataDir).pathOf(victim.sha256), 'edited after the fact');
    const broken = await cli('verify');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(victim.sha256);
    expect(broken.stderr).toMatch(/evidence [0-9a-f-]{36}: stored file/);
  });
});

describe('scoped evidence history', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await createTestStore();
    await runCli(['demo', '--today', '2026-11-29', '--seed', '11'], store.env);
  });
  afterAll(() => store.cleanup());

  it('gives the same readiness as the full history, at dates before, inside and after the window', async () => {
    const { loadReadinessContext } = await import('../readiness/readiness.service.js');
    const { computeReadiness } = await import('../../core/readiness/index.js');
    const [org] = await store.database.db.selectFrom('organizations').select('id').execute();
    const { todayIso } = await import('../../platform/clock.js');
    const today = todayIso();
    for (const at of ['2026-09-01', '2026-11-29', today, '2027-03-15', '2027-09-01']) {
      const scoped = await loadReadinessContext(store.database, org!.id, { at });
      const full = await loadReadinessContext(store.database, org!.id, { at, history: 'full' });
      // A date before today reads the history itself: the evidence as it stood then (docs/decisions/0008).
      if (at >= today) expect(scoped.input.evidence.length).toBeLessThan(full.input.evidence.length);
      else expect(scoped.input.evidence.length).toBe(full.input.evidence.length);
      expect(computeReadiness(scoped.input)).toEqual(computeReadiness(full.input));
      expect(scoped.plan).toEqual(full.plan);
    }
  });
});
