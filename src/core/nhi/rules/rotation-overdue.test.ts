import { describe, expect, it } from 'vitest';
import { buildIdentity, contextWith, daysAgo } from '../../../../test/builders/nhi-records.js';
import { findRotationOverdue } from './rotation-overdue.js';

describe('nhi-rotation-overdue', () => {
  it('flags an access key not rotated in 90 days, citing CIS AWS 1.14 / 2.13 and NHI7', () => {
    const [f] = findRotationOverdue(contextWith([buildIdentity({ lastRotatedAt: daysAgo(91) })]));
    expect(f).toMatchObject({
      rule: 'nhi-rotation-overdue',
      severity: 'medium',
      owasp: ['NHI7:2025'],
      soc2: ['CC6.1'],
      evidence: { ageDays: 91, policyDays: 90, policySource: 'organization' },
    });
    expect(f?.cis.map((c) => `${c.version} ${c.control}`)).toEqual(['3.0.0 1.14', '6.0.0 2.13']);
  });

  it('is silent at exactly 90 days', () => {
    expect(findRotationOverdue(contextWith([buildIdentity({ lastRotatedAt: daysAgo(90) })]))).toEqual([]);
  });

  it('cites CIS GCP 1.7 for a user-managed service-account key, and nothing for other secrets', () => {
    const key = buildIdentity({ kind: 'service-account-key', provider: 'gcp', lastRotatedAt: daysAgo(120) });
    expect(findRotationOverdue(contextWith([key]))[0]?.cis).toEqual([
      { benchmark: 'CIS Google Cloud Platform Foundation Benchmark', version: '4.0.0', control: '1.7' },
    ]);
    const secret = buildIdentity({ kind: 'actions-secret', provider: 'github', lastRotatedAt: daysAgo(120) });
    expect(findRotationOverdue(contextWith([secret]))[0]?.cis).toEqual([]);
  });

  it('counts a never-rotated secret from its creation, and is high past four policies', () => {
    const old = buildIdentity({ lastRotatedAt: null, createdAt: daysAgo(1200) });
    expect(findRotationOverdue(contextWith([old]))[0]).toMatchObject({
      severity: 'high',
      evidence: { ageDays: 1200 },
    });
    expect(findRotationOverdue(contextWith([old]))[0]?.message).toMatch(/never rotated since/);
  });

  it('follows the organization threshold and the identity policy, the latter first', () => {
    const key = buildIdentity({ lastRotatedAt: daysAgo(40) });
    expect(findRotationOverdue(contextWith([key], [], { rotationDays: 30 }))).toHaveLength(1);
    expect(
      findRotationOverdue(contextWith([{ ...key, rotationPolicyDays: 60 }], [], { rotationDays: 30 })),
    ).toEqual([]);
    const [own] = findRotationOverdue(contextWith([{ ...key, rotationPolicyDays: 7 }]));
    expect(own?.evidence).toMatchObject({ policyDays: 7, policySource: 'identity' });
  });

  it('skips federated, provider-managed, inactive and non-secret identities', () => {
    const old = daysAgo(500);
    const skipped = [
      buildIdentity({ lastRotatedAt: old, authMethod: 'oidc' }),
      buildIdentity({ lastRotatedAt: old, attributes: { providerManaged: true } }),
      buildIdentity({ lastRotatedAt: old, status: 'disabled' }),
      buildIdentity({ lastRotatedAt: old, kind: 'role' }),
      buildIdentity({ lastRotatedAt: old, kind: 'github-pat' }),
    ];
    expect(findRotationOverdue(contextWith(skipped))).toEqual([]);
  });
});
