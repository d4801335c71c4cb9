/**
 * Small builders for NHI tests: a healthy, owned, recently rotated and used
 * AWS access key at T = 2026-11-28 that no rule flags, overridden field by
 * field.
 */
import { addDays } from '../../src/core/dates.js';
import type { LeakLink } from '../../src/core/nhi/linking.js';
import type { NhiRuleContext, NhiRuleIdentity } from '../../src/core/nhi/rules/types.js';
import { DEFAULT_NHI_THRESHOLDS } from '../../src/core/nhi/thresholds.js';
import type { ObservedLeak, ObservedNhi } from '../../src/core/nhi/types.js';

/** The default date T of the builders. */
export const T = '2026-11-28';

/** The AWS account of the builders' identities. */
export const ACCOUNT = '111122223333';

/** A timestamp `days` days before T (noon UTC), as importers write them. */
export function daysAgo(days: number, at: string = T): string {
  return `${addDays(at, -days)}T12:00:00Z`;
}

/** An observed identity (default: the active first access key of IAM user svc-app). */
export function buildNhi(overrides: Partial<ObservedNhi> = {}): ObservedNhi {
  return {
    kind: 'access-key',
    provider: 'aws',
    externalId: `arn:aws:iam::${ACCOUNT}:user/svc-app#access_key_1`,
    name: 'svc-app access key 1',
    parentExternalId: `arn:aws:iam::${ACCOUNT}:user/svc-app`,
    ownerHint: 'ada@example.com',
    ownerSource: 'tag',
    purpose: null,
    environment: 'prod',
    privileged: false,
    privilegeSummary: null,
    authMethod: 'static-key',
    status: 'active',
    createdAt: daysAgo(10),
    lastUsedAt: daysAgo(1),
    lastRotatedAt: daysAgo(10),
    expiresAt: null,
    attributes: {},
    ...overrides,
  };
}

/** An identity as the rules see it (default: `buildNhi()` owned by active person p1). */
export function buildIdentity(overrides: Partial<NhiRuleIdentity> = {}): NhiRuleIdentity {
  return {
    ...buildNhi(),
    owner: { status: 'active', personId: 'p1', email: 'ada@example.com', departedOn: null },
    ...overrides,
  };
}

/** An IAM user (default: svc-app, the parent of the default key). */
export function buildUser(overrides: Partial<NhiRuleIdentity> = {}): NhiRuleIdentity {
  return buildIdentity({
    kind: 'iam-user',
    externalId: `arn:aws:iam::${ACCOUNT}:user/svc-app`,
    name: 'svc-app',
    parentExternalId: null,
    lastRotatedAt: null,
    attributes: { accountId: ACCOUNT },
    ...overrides,
  });
}

/** A scanner finding (default: trufflehog, unverified, leaked 30 days before T, no hints). */
export function buildLeak(overrides: Partial<ObservedLeak> = {}): ObservedLeak {
  return {
    scanner: 'trufflehog',
    fingerprint: 'fp-1',
    rule: 'AWS',
    location: {
      repository: 'https://github.com/example-org/payments-api.git',
      file: 'deploy.tf',
      line: 3,
      commit: 'c0ffee',
    },
    leakedAt: daysAgo(30),
    verified: false,
    hints: {},
    redacted: null,
    ...overrides,
  };
}

/** A rule context at T with default thresholds (default: no identity, no leak). */
export function buildContext(overrides: Partial<NhiRuleContext> = {}): NhiRuleContext {
  return { at: T, identities: [], leaks: [], thresholds: { ...DEFAULT_NHI_THRESHOLDS }, ...overrides };
}

/** A context holding these identities, with leaks linked to them by hand. */
export function contextWith(
  identities: NhiRuleIdentity[],
  leaks: LeakLink<NhiRuleIdentity>[] = [],
  thresholds: Partial<NhiRuleContext['thresholds']> = {},
): NhiRuleContext {
  return buildContext({ identities, leaks, thresholds: { ...DEFAULT_NHI_THRESHOLDS, ...thresholds } });
}
