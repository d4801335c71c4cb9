import { createReadStream } from 'node:fs';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER } from '../../../../test/builders/nhi-store.js';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../../test/database.js';
import { addDays } from '../../../core/dates.js';
import type { ObservedNhi } from '../../../core/nhi/index.js';
import { write } from '../../../platform/ledger/ledger.js';
import { createOrganization } from '../../organizations/organization.service.js';
import { applyRoster, readRoster } from '../../people/person.service.js';
import { applyRun, finishRun } from '../import/run.js';
import { setNhiThresholds } from './nhi.service.js';
import { evaluationTally, incrementalEvaluation } from './reevaluation.js';

/**
 * A re-import that re-evaluates only what can have changed (docs/decisions/0035) must leave exactly
 * the findings a whole evaluation leaves: two organizations take the same random imports at random
 * dates (and now and then another change), one evaluating incrementally where it can, the other always
 * whole; after every step their rule findings (rule, identity, severity, opened and resolved days) and
 * each import's counts are equal.
 */
const T = '2026-11-28';
const USERS = ['u0', 'u1', 'u2'].map((u) => `arn:aws:iam::111122223333:user/${u}`);
const EMAILS = ['maria.garcia@example.com', 'bob.smith@example.com', 'nobody@example.com', null];

const stamp = (at: string) =>
  fc.oneof(
    fc.constant(null),
    fc
      .tuple(fc.integer({ min: -600, max: 30 }), fc.constantFrom('T08:00:00Z', 'T23:30:00-05:00', ''))
      .map(([d, time]) => `${addDays(at, d)}${time}`),
    fc.constant('N/A'),
  );

const base = (at: string) => ({
  ownerHint: fc.constantFrom(...EMAILS),
  ownerSource: fc.constant('tag' as const),
  purpose: fc.constant(null),
  environment: fc.constantFrom(null, 'prod', 'dev'),
  privileged: fc.boolean(),
  privilegeSummary: fc.constant(null),
  authMethod: fc.constant('static-key' as const),
  status: fc.constantFrom('active' as const, 'active' as const, 'disabled' as const),
  createdAt: stamp(at),
  lastUsedAt: stamp(at),
  lastRotatedAt: stamp(at),
  expiresAt: fc.oneof(
    stamp(at),
    fc.integer({ min: 0, max: 900 }).map((d) => `${addDays(at, d)}T00:00:00Z`),
  ),
});

/** One export: users, their keys (a key may move to another user), PATs, apps, a secret with its own policy, sometimes an OIDC role. */
const exportAt = (at: string): fc.Arbitrary<ObservedNhi[]> =>
  fc
    .tuple(
      fc.tuple(
        ...USERS.map((id, i) =>
          fc.option(
            fc.record({
              ...base(at),
              kind: fc.constant('iam-user' as const),
              provider: fc.constant('aws' as const),
              externalId: fc.constant(id),
              name: fc.constant(`u${i}`),
              parentExternalId: fc.constant(null),
              attributes: fc.record(
                { passwordEnabled: fc.boolean(), likelyHuman: fc.boolean() },
                { requiredKeys: [] },
              ),
            }),
            { freq: 5 },
          ),
        ),
      ),
      fc.array(
        fc.record({
          ...base(at),
          kind: fc.constant('access-key' as const),
          provider: fc.constant('aws' as const),
          externalId: fc.constantFrom('AKIA0', 'AKIA1', 'AKIA2', 'AKIA3'),
          name: fc.constant('key'),
          parentExternalId: fc.constantFrom(...USERS),
          attributes: fc.constant({}),
        }),
        { maxLength: 4 },
      ),
      fc.array(
        fc.record({
          ...base(at),
          kind: fc.constantFrom('github-pat' as const, 'github-app-installation' as const, 'secret' as const),
          provider: fc.constant('github' as const),
          externalId: fc.constantFrom('g0', 'g1', 'g2', 'g3'),
          name: fc.constant('gh'),
          parentExternalId: fc.constant(null),
          attributes: fc.record(
            {
              repositorySelection: fc.constant('all'),
              rotationIntervalDays: fc.integer({ min: 1, max: 120 }),
              usageTracked: fc.boolean(),
            },
            { requiredKeys: [] },
          ),
        }),
        { maxLength: 4 },
      ),
      fc.option(
        fc.record({
          ...base(at),
          kind: fc.constant('role' as const),
          provider: fc.constant('aws' as const),
          externalId: fc.constant('arn:aws:iam::111122223333:role/gha'),
          name: fc.constant('gha'),
          parentExternalId: fc.constant(null),
          authMethod: fc.constant('oidc' as const),
          attributes: fc.constant({ oidcProviders: ['token.actions.githubusercontent.com'] }),
        }),
        { freq: 4 },
      ),
    )
    .map(([users, keys, github, role]) => {
      const all: ObservedNhi[] = [
        ...users.flatMap((u) => (u ? [u] : [])),
        ...keys,
        ...github,
        ...(role ? [role] : []),
      ];
      const seen = new Set<string>();
      return all.filter((n) => !seen.has(n.externalId) && seen.add(n.externalId));
    });

/** A step: the date T of the import, its export, and what else happens before it. */
const steps = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200 }), fc.constant(-3)),
      fc.constantFrom('none', 'none', 'none', 'thresholds', 'review-nothing'),
    ),
    { minLength: 2, maxLength: 4 },
  )
  .chain((shape) => {
    let at = T;
    const dates = shape.map(([gap]) => {
      at = addDays(at, gap);
      return at;
    });
    const change = fc.array(fc.constantFrom('keep', 'keep', 'keep', 'keep', 'keep', 'change', 'drop'), {
      minLength: 16,
      maxLength: 16,
    });
    return fc.tuple(
      fc.constant(shape.map(([, other], i) => ({ at: dates[i]!, other }))),
      fc.tuple(...dates.map((d) => fc.tuple(exportAt(d), change))).map(nextExports),
    );
  });

/** Each export after the first: the previous one with a few identities changed (as the step's fresh export has them), dropped or added. */
function nextExports(fresh: [ObservedNhi[], string[]][]): ObservedNhi[][] {
  const out: ObservedNhi[][] = [];
  for (const [i, [now, mask]] of fresh.entries()) {
    const previous = out[i - 1];
    if (!previous) {
      out.push(now);
      continue;
    }
    const next = previous.flatMap((n, j) => {
      const what = mask[j % mask.length];
      if (what === 'drop') return [];
      return [what === 'change' ? (now.find((m) => m.externalId === n.externalId) ?? n) : n];
    });
    if (mask[mask.length - 1] === 'change') {
      next.push(...now.filter((m) => !next.some((n) => n.externalId === m.externalId)));
    }
    out.push(next);
  }
  return out;
}

describe('an NHI re-import re-evaluates only what can have changed', () => {
  let store: TestStore;
  let people: Awaited<ReturnType<typeof readRoster>>;
  beforeAll(async () => {
    store = await createTestStore();
    people = await readRoster(createReadStream(ROSTER), 'hr_roster.csv');
  });
  afterAll(() => {
    incrementalEvaluation.enabled = true;
    return store.cleanup();
  });

  const organization = async (name: string) => {
    const orgId = (await createOrganization(store.database, TEST_ACTOR, name)).id;
    await write(store.database, { actor: TEST_ACTOR, orgId }, (w) => applyRoster(w, orgId, people));
    return orgId;
  };

  const importInto = async (
    orgId: string,
    incremental: boolean,
    at: string,
    n: number,
    nhis: ObservedNhi[],
  ) => {
    incrementalEvaluation.enabled = incremental;
    try {
      return await write(store.database, { actor: TEST_ACTOR, orgId }, async (w) => {
        const run = await applyRun(
          w,
          orgId,
          { kind: 'aws-authorization-details', scope: 'bench', fileName: null, sha256: null, size: null, at },
          (async function* () {
            yield* nhis;
          })(),
          () => ({ exportedAt: `2027-01-${String(n + 1).padStart(2, '0')}T00:00:00Z`, complete: true }),
        );
        return (await finishRun(w, orgId, run, at)).counts;
      });
    } finally {
      incrementalEvaluation.enabled = true;
    }
  };

  const findingsOf = async (orgId: string) =>
    (
      await sql<{
        row: string;
      }>`select nf.rule || '|' || n.provider || '|' || n.external_id || '|' || f.severity || '|' || f.opened_on || '|' || coalesce(f.resolved_on, '-') as row
        from nhi_findings nf join findings f on f.id = nf.finding_id join nhis n on n.id = nf.nhi_id
        where nf.org_id = ${orgId}`.execute(store.database.db)
    ).rows
      .map((r) => r.row)
      .sort();

  it('leaves the findings and counts of a whole evaluation, step after step', async () => {
    const before = { ...evaluationTally };
    let run = 0;
    await fc.assert(
      fc.asyncProperty(steps, async ([shape, exports]) => {
        run++;
        const partial = await organization(`partial ${run}`);
        const whole = await organization(`whole ${run}`);
        for (const [i, { at, other }] of shape.entries()) {
          if (other === 'thresholds') {
            for (const orgId of [partial, whole]) {
              await setNhiThresholds(store.database, TEST_ACTOR, orgId, { unusedDays: 30 + i });
            }
          }
          if (other === 'review-nothing') {
            // An evidence entry: the rules do not read it, so it must not force a whole evaluation.
            for (const orgId of [partial, whole]) {
              await write(store.database, { actor: TEST_ACTOR, orgId }, async (w) => {
                w.record({ action: 'create', recordType: 'evidence', recordId: `e${i}`, change: { i } });
              });
            }
          }
          const a = await importInto(partial, true, at, i, exports[i]!);
          const b = await importInto(whole, false, at, i, exports[i]!);
          expect(a).toEqual(b);
          expect(await findingsOf(partial)).toEqual(await findingsOf(whole));
        }
      }),
      { numRuns: Number(process.env.NHI_REEVAL_RUNS ?? 12), interruptAfterTimeLimit: 25_000 },
    );
    // Not vacuous: some evaluations were partial, some whole.
    expect(evaluationTally.families).toBeGreaterThan(before.families);
    expect(evaluationTally.whole).toBeGreaterThan(before.whole);
  }, 120_000);
});
