import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../dates.js';
import { inDateWindow, reevaluationWindows, THIRD_PARTY_KINDS, WINDOW_COLUMNS } from './reevaluation.js';
import { evaluateNhiRules } from './rules/index.js';
import { EXPIRING_KINDS } from './rules/long-lived-credential.js';
import { ROTATABLE_KINDS } from './rules/rotation-overdue.js';
import type { NhiRuleIdentity } from './rules/types.js';
import { USAGE_TRACKED_KINDS } from './rules/unused.js';
import { resolveNhiThresholds } from './thresholds.js';
import { AUTH_METHODS, type AuthMethod, type NhiKind } from './types.js';

const T = '2026-11-28';
// Exports write times with and without offsets, date-only, far away, or unreadable; near `last` so that they cross.
const timestampNear = (last: string) =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(null) },
    {
      weight: 6,
      arbitrary: fc
        .tuple(
          fc.integer({ min: -1700, max: 60 }),
          fc.constantFrom('T00:10:00Z', 'T23:50:00-05:00', 'T00:30:00+14:00', '', ' 12:00', 't08:00:00.123Z'),
        )
        .map(([d, time]) => `${addDays(last, d)}${time}`),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: -900, max: 60 }).map((d) => ` ${addDays(last, d)}T01:00:00+09:00`),
    },
    { weight: 1, arbitrary: fc.constantFrom('9999-12-31T23:59:59Z', 'N/A', '', '2026-02-30', 'soon') },
  );
// The kinds the four date rules judge, and a few they do not.
const KINDS = [
  ...new Set([...ROTATABLE_KINDS, ...EXPIRING_KINDS, ...USAGE_TRACKED_KINDS, 'iam-user', 'role']),
];

const identityNear = (last: string): fc.Arbitrary<NhiRuleIdentity> =>
  fc.record({
    kind: fc.constantFrom(...(KINDS as NhiKind[])),
    provider: fc.constantFrom('aws' as const, 'github' as const, 'gcp' as const),
    externalId: fc.constant('id-1'),
    name: fc.constant('one'),
    parentExternalId: fc.constant(null),
    ownerHint: fc.constant(null),
    ownerSource: fc.constant(null),
    purpose: fc.constant(null),
    environment: fc.constant(null),
    privileged: fc.boolean(),
    privilegeSummary: fc.constant(null),
    authMethod: fc.constantFrom('static-key' as AuthMethod, ...AUTH_METHODS),
    status: fc.constant('active' as const),
    createdAt: timestampNear(last),
    lastUsedAt: timestampNear(last),
    lastRotatedAt: timestampNear(last),
    expiresAt: fc.oneof(
      timestampNear(last),
      fc.integer({ min: 0, max: 1500 }).map((d) => addDays(last, d)),
    ),
    attributes: fc.record({ usageTracked: fc.boolean(), noExpiry: fc.boolean() }, { requiredKeys: [] }),
    owner: fc.constant({ status: 'active' as const, personId: 'p1' }),
    rotationPolicyDays: fc.option(fc.integer({ min: 1, max: 200 })),
    lastReviewedAt: fc.constant(null),
  });

const thresholds = fc
  .record({
    unusedDays: fc.integer({ min: 1, max: 200 }),
    rotationDays: fc.integer({ min: 1, max: 200 }),
    maxTokenLifetimeDays: fc.integer({ min: 1, max: 400 }),
  })
  .map((t) => resolveNhiThresholds(t));

const resultAt = (nhi: NhiRuleIdentity, at: string, t: ReturnType<typeof resolveNhiThresholds>) =>
  evaluateNhiRules({ at, identities: [nhi], leaks: [], thresholds: t })
    .map((f) => `${f.rule}:${f.severity}`)
    .sort();

describe('re-evaluation windows', () => {
  it('hold every identity whose findings or severities differ between the two dates', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: -400, max: 400 })
          .map((d) => addDays(T, d))
          .chain((last) => fc.tuple(fc.constant(last), identityNear(last))),
        thresholds,
        fc.integer({ min: 0, max: 400 }),
        ([last, nhi], t, gap) => {
          const next = addDays(last, gap);
          const windows = reevaluationWindows(
            last,
            next,
            t,
            nhi.rotationPolicyDays ? [nhi.rotationPolicyDays] : [],
          );
          const taken =
            THIRD_PARTY_KINDS.includes(nhi.kind) ||
            'thirdParty' in nhi.attributes ||
            windows.some((w) => inDateWindow(nhi[WINDOW_COLUMNS[w.column]], w));
          if (!taken) expect(resultAt(nhi, next, t)).toEqual(resultAt(nhi, last, t));
        },
      ),
      { numRuns: 2500 },
    );
  }, 60_000);

  it('are empty of dates far from both days, and take values that start with a blank', () => {
    const t = resolveNhiThresholds({});
    const windows = reevaluationWindows('2026-11-28', '2026-11-29', t, []);
    expect(windows.some((w) => inDateWindow('2020-01-01T00:00:00Z', w))).toBe(false);
    // Unused at 45 days: last used 2026-10-14 crosses on 2026-11-29.
    expect(windows.some((w) => w.column === 'last_used_at' && inDateWindow('2026-10-14T10:00:00Z', w))).toBe(
      true,
    );
    expect(windows.some((w) => inDateWindow(' 2020-01-01', w))).toBe(true);
    expect(() => reevaluationWindows('2026-11-29', '2026-11-28', t, [])).toThrow();
  });
});
