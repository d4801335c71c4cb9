import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { T } from '../../../test/builders/nhi-records.js';
import { addDays } from '../dates.js';
import { deriveLifecycleEvents } from './lifecycle.js';
import { identityLinkKeys, leakLinkKeys, linkLeaks } from './linking.js';
import { familyOf } from './merge.js';
import { identityKey, stableJson, uniqueByKey } from './order.js';
import { bestLeakLinks, evaluateFamilyBatch, isSharedAcrossFamilies, leakLinksOfBatch } from './partition.js';
import { evaluateNhiRules } from './rules/index.js';
import { NHI_OWNER_STATUSES, NHI_SEVERITIES, type NhiRuleIdentity } from './rules/types.js';
import { DEFAULT_NHI_THRESHOLDS } from './thresholds.js';
import {
  AUTH_METHODS,
  NHI_KINDS,
  NHI_PROVIDERS,
  NHI_STATUSES,
  type ObservedLeak,
  type ObservedNhi,
} from './types.js';

const IDS = [
  'arn:aws:iam::111122223333:user/svc-ci',
  'arn:aws:iam::111122223333:user/svc-ci#access_key_1',
  'arn:aws:iam::111122223333:user/svc-ci#access_key_2',
  'arn:aws:iam::111122223333:root',
  'arn:aws:iam::111122223333:role/gha',
  'AKIAIOSFODNN7EXAMPLE',
  'projects/p/serviceAccounts/sa@p.iam.gserviceaccount.com/keys/0f1e',
  'sa@p.iam.gserviceaccount.com',
  'payments/payments-api',
  '41201',
];
const timestamp = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -4000, max: 400 }).map((d) => `${addDays(T, -d)}T08:30:00Z`),
  fc.constantFrom('9999-12-31T23:59:59Z', '2299-12-31T00:00:00Z', 'N/A', '', '2026-02-30', 'soon'),
);
const attributeValue = fc.oneof(
  fc.boolean(),
  fc.constantFrom('true', 'all', 'token.actions.githubusercontent.com', 'github-actions:org/repo', 'h1'),
  fc.array(
    fc.constantFrom('AdministratorAccess', 'prod', 'dev', 'repo', 'token.actions.githubusercontent.com'),
  ),
  fc.dictionary(
    fc.constantFrom('contents', 'consumer', 'eks.amazonaws.com/role-arn'),
    fc.constantFrom('write', 'x'),
  ),
  fc.jsonValue({ maxDepth: 2 }),
);
const ATTRIBUTE_KEYS = [
  'passwordEnabled',
  'passwordLastUsed',
  'humanAccount',
  'root',
  'providerManaged',
  'serviceLinked',
  'likelyHuman',
  'usageTracked',
  'accessKeyId',
  'accountId',
  'keyId',
  'tokenSha256',
  'annotations',
  'awsRoleArn',
  'thirdParty',
  'broadGrants',
  'scopes',
  'permissions',
  'repositorySelection',
  'permissionsUpdatedAt',
  'oidcProviders',
  'tags',
  'consumer',
  'environments',
  'credentialFingerprint',
  'adminVia',
];

const observedArb: fc.Arbitrary<ObservedNhi> = fc.record({
  kind: fc.constantFrom(...NHI_KINDS),
  provider: fc.constantFrom('aws', 'aws', 'gcp', 'github', ...NHI_PROVIDERS),
  externalId: fc.constantFrom(...IDS),
  name: fc.constantFrom('svc-ci', 'jenkins', '<root_account>', 'AWS_ACCESS_KEY_ID', ''),
  parentExternalId: fc.option(fc.constantFrom(...IDS), { nil: null }),
  ownerHint: fc.option(fc.constantFrom('ada@example.com', 'ADA@example.com', 'bob@example.com'), {
    nil: null,
  }),
  ownerSource: fc.option(fc.constantFrom('tag' as const, 'annotation' as const), { nil: null }),
  purpose: fc.option(fc.constantFrom('ci pipeline', 'reporting'), { nil: null }),
  environment: fc.option(fc.constantFrom('prod', 'Production', 'dev', 'staging'), { nil: null }),
  privileged: fc.boolean(),
  privilegeSummary: fc.option(
    fc.constantFrom('admin via AdministratorAccess', 'cluster-admin', 'Owner', 'read'),
    {
      nil: null,
    },
  ),
  authMethod: fc.constantFrom(...AUTH_METHODS),
  status: fc.constantFrom(...NHI_STATUSES),
  createdAt: timestamp,
  lastUsedAt: timestamp,
  lastRotatedAt: timestamp,
  expiresAt: timestamp,
  attributes: fc.dictionary(fc.constantFrom(...ATTRIBUTE_KEYS), attributeValue, { maxKeys: 5 }),
});
const identityArb: fc.Arbitrary<NhiRuleIdentity> = fc
  .record({
    observed: observedArb,
    owner: fc.record({
      status: fc.constantFrom(...NHI_OWNER_STATUSES),
      email: fc.option(fc.constant('ada@example.com'), { nil: null }),
      departedOn: fc.option(fc.constant('2026-06-30'), { nil: null }),
    }),
    rotationPolicyDays: fc.option(fc.oneof(fc.integer({ min: -5, max: 400 }), fc.constant(Number.NaN)), {
      nil: null,
    }),
    lastReviewedAt: timestamp,
  })
  .map(({ observed, ...rest }) => ({ ...observed, ...rest }));
const leakArb: fc.Arbitrary<ObservedLeak> = fc.record({
  scanner: fc.constantFrom('gitleaks' as const, 'trufflehog' as const),
  fingerprint: fc.constantFrom('a', 'b', 'c'),
  rule: fc.constantFrom('aws-access-token', 'AWS'),
  location: fc.record({
    repository: fc.option(fc.constant('org/repo'), { nil: null }),
    file: fc.option(fc.constant('x.tf'), { nil: null }),
    line: fc.option(fc.nat(99), { nil: null }),
    commit: fc.option(fc.constant('c0ffee'), { nil: null }),
  }),
  leakedAt: timestamp,
  verified: fc.option(fc.boolean(), { nil: null }),
  hints: fc.record(
    {
      awsAccessKeyId: fc.constantFrom('AKIAIOSFODNN7EXAMPLE', 'AKIAOTHER'),
      awsArn: fc.constantFrom(...IDS, 'arn:aws:sts::111122223333:assumed-role/gha/s'),
      gcpPrivateKeyId: fc.constantFrom('0F1E', 'ffff'),
      githubTokenSha256: fc.constant('h1'),
    },
    { requiredKeys: [] },
  ),
  redacted: fc.constant(null),
});
/** Identities of the kinds and attributes leak linking reads, so that every way of linking is exercised. */
const linkableArb: fc.Arbitrary<NhiRuleIdentity> = fc
  .tuple(
    identityArb,
    fc.constantFrom(
      'iam-user' as const,
      'access-key' as const,
      'role' as const,
      'service-account-key' as const,
    ),
    fc.constantFrom('aws' as const, 'aws' as const, 'gcp' as const),
    fc.dictionary(
      fc.constantFrom('accessKeyId', 'keyId', 'tokenSha256', 'arn'),
      fc.constantFrom(
        'AKIAIOSFODNN7EXAMPLE',
        '0F1E',
        'h1',
        'H1',
        'arn:aws:iam::111122223333:role/gha',
        ...IDS,
      ),
      { maxKeys: 2 },
    ),
  )
  .map(([identity, kind, provider, attributes]) => ({ ...identity, kind, provider, attributes }));
/** A list and the same list in another order. */
const shuffled = <V>(arb: fc.Arbitrary<V>, maxLength: number) =>
  fc
    .array(arb, { maxLength })
    .chain((xs) =>
      fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length })),
    );
const evaluate = (identities: NhiRuleIdentity[], leaks: ObservedLeak[]) =>
  evaluateNhiRules({
    at: T,
    identities,
    leaks: linkLeaks(leaks, identities),
    thresholds: DEFAULT_NHI_THRESHOLDS,
  });

describe('properties', () => {
  it('derives no lifecycle event from an import to itself', () => {
    fc.assert(
      fc.property(fc.array(observedArb, { maxLength: 12 }), fc.boolean(), (xs, complete) => {
        expect(deriveLifecycleEvents(xs, xs, { complete, at: T })).toEqual([]);
      }),
    );
  });

  it('derives the same events whatever the order of either import', () => {
    fc.assert(
      fc.property(
        shuffled(observedArb, 10),
        shuffled(observedArb, 10),
        fc.boolean(),
        ([p, p2], [c, c2], complete) => {
          const opts = { complete, at: T };
          expect(deriveLifecycleEvents(p2, c2, opts)).toEqual(deriveLifecycleEvents(p, c, opts));
        },
      ),
    );
  });

  it('links leaks the same way whatever the order of leaks and identities', () => {
    fc.assert(
      fc.property(shuffled(leakArb, 6), shuffled(observedArb, 10), ([l, l2], [i, i2]) => {
        expect(linkLeaks(l2, i2)).toEqual(linkLeaks(l, i));
      }),
    );
  });

  it('never throws on well-typed identities and returns well-formed findings', () => {
    fc.assert(
      fc.property(
        fc.array(identityArb, { maxLength: 14 }),
        fc.array(leakArb, { maxLength: 4 }),
        (ids, leaks) => {
          for (const f of evaluate(ids, leaks)) {
            expect(NHI_SEVERITIES).toContain(f.severity);
            expect(f.owasp.length).toBeGreaterThan(0);
            expect(JSON.parse(JSON.stringify(f.evidence))).toEqual(f.evidence);
            expect(f.message.length).toBeGreaterThan(20);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same findings whatever the order of identities and leaks', () => {
    fc.assert(
      fc.property(shuffled(identityArb, 12), shuffled(leakArb, 4), ([i, i2], [l, l2]) => {
        expect(evaluate(i2, l2)).toEqual(evaluate(i, l));
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same findings and leak links a batch of families at a time as for the whole inventory', () => {
    fc.assert(
      fc.property(
        fc.array(identityArb, { maxLength: 16 }),
        fc.array(leakArb, { maxLength: 4 }),
        fc.integer({ min: 1, max: 4 }),
        (raw, leaks, batches) => {
          // The store holds one record per provider + external id, and parents have no parent of their own.
          const unique = [...uniqueByKey(raw).values()];
          const parents = new Set(unique.map((i) => i.parentExternalId));
          const identities = unique.map((i) =>
            parents.has(i.externalId) ? { ...i, parentExternalId: null } : i,
          );
          const whole = evaluate(identities, leaks);
          const families = [...new Set(identities.map(familyOf))].sort();
          const sharedFamilies = new Set(identities.filter(isSharedAcrossFamilies).map(familyOf));
          const shared = identities.filter((i) => sharedFamilies.has(familyOf(i)));
          const parts = Array.from({ length: batches }, (_, n) => {
            const mine = new Set(families.filter((_, i) => i % batches === n));
            return { batch: identities.filter((i) => mine.has(familyOf(i))), shared };
          });
          const links = bestLeakLinks(parts.flatMap((p) => leakLinksOfBatch(p, leaks)));
          const found = parts.flatMap((p) =>
            evaluateFamilyBatch({ ...p, at: T, thresholds: DEFAULT_NHI_THRESHOLDS }, links),
          );
          const linked = [...links.values()];
          const text = (xs: unknown[]) => xs.map((x) => stableJson(x)).sort();
          expect(text(found)).toEqual(text(whole));
          const wholeLinks = linkLeaks(leaks, identities).filter((l) => l.identity !== null);
          expect(text(linked.map((l) => [l.leak.fingerprint, identityKey(l.identity!), l.via]))).toEqual(
            text(wholeLinks.map((l) => [l.leak.fingerprint, identityKey(l.identity!), l.via])),
          );
        },
      ),
      { numRuns: Number(process.env.NHI_PARTITION_RUNS ?? 500) },
    );
  });

  it('links each leak the same when a batch sees only the leaks whose link keys meet its identities', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(identityArb, linkableArb), { maxLength: 16 }),
        fc.array(leakArb, { maxLength: 6 }),
        fc.integer({ min: 1, max: 4 }),
        (raw, leaks, batches) => {
          const unique = [...uniqueByKey(raw).values()];
          const parents = new Set(unique.map((i) => i.parentExternalId));
          const identities = unique.map((i) =>
            parents.has(i.externalId) ? { ...i, parentExternalId: null } : i,
          );
          const families = [...new Set(identities.map(familyOf))].sort();
          const sharedFamilies = new Set(identities.filter(isSharedAcrossFamilies).map(familyOf));
          const shared = identities.filter((i) => sharedFamilies.has(familyOf(i)));
          const all = bestLeakLinks(
            Array.from({ length: batches }, (_, n) => {
              const mine = new Set(families.filter((_, i) => i % batches === n));
              const part = { batch: identities.filter((i) => mine.has(familyOf(i))), shared };
              const keys = new Set([...part.batch, ...shared].flatMap(identityLinkKeys));
              const meeting = leaks.filter((l) => leakLinkKeys(l).some((k) => keys.has(k)));
              return leakLinksOfBatch(part, meeting);
            }).flat(),
          );
          const whole = linkLeaks(leaks, identities).filter((l) => l.identity !== null);
          const text = (xs: unknown[]) => xs.map((x) => stableJson(x)).sort();
          expect(text([...all.values()].map((l) => [l.leak, identityKey(l.identity!), l.via]))).toEqual(
            text(whole.map((l) => [l.leak, identityKey(l.identity!), l.via])),
          );
        },
      ),
      { numRuns: Number(process.env.NHI_PARTITION_RUNS ?? 500) },
    );
  });
});
