import { describe, expect, it } from 'vitest';
import { buildIdentity, buildUser, contextWith, daysAgo } from '../../../../test/builders/nhi-records.js';
import { findUnused } from './unused.js';

describe('nhi-unused', () => {
  it('flags an active key unused for more than 45 days, citing CIS AWS in both numberings', () => {
    const [f] = findUnused(contextWith([buildIdentity({ lastUsedAt: daysAgo(46) })]));
    expect(f).toMatchObject({
      rule: 'nhi-unused',
      severity: 'medium',
      owasp: ['NHI1:2025'],
      soc2: ['CC6.2'],
      evidence: { daysUnused: 46, thresholdDays: 45, neverUsed: false },
      cis: [
        { benchmark: 'CIS Amazon Web Services Foundations Benchmark', version: '3.0.0', control: '1.12' },
        { benchmark: 'CIS Amazon Web Services Foundations Benchmark', version: '6.0.0', control: '2.11' },
      ],
    });
  });

  it('is silent at exactly 45 days, and on disabled identities', () => {
    expect(findUnused(contextWith([buildIdentity({ lastUsedAt: daysAgo(45) })]))).toEqual([]);
    expect(
      findUnused(contextWith([buildIdentity({ lastUsedAt: daysAgo(400), status: 'disabled' })])),
    ).toEqual([]);
  });

  it('follows the organization threshold', () => {
    const key = buildIdentity({ lastUsedAt: daysAgo(40) });
    expect(findUnused(contextWith([key], [], { unusedDays: 30 }))).toHaveLength(1);
    expect(
      findUnused(contextWith([buildIdentity({ lastUsedAt: daysAgo(80) })], [], { unusedDays: 90 })),
    ).toEqual([]);
  });

  it('counts a never-used key from its creation, only where the export reports use', () => {
    const neverUsed = buildIdentity({ lastUsedAt: null, createdAt: daysAgo(100) });
    expect(findUnused(contextWith([neverUsed]))[0]?.evidence).toMatchObject({
      neverUsed: true,
      daysUnused: 100,
    });
    const sa = buildIdentity({
      kind: 'service-account',
      provider: 'gcp',
      lastUsedAt: null,
      createdAt: daysAgo(900),
    });
    expect(findUnused(contextWith([sa]))).toEqual([]);
    expect(findUnused(contextWith([{ ...sa, attributes: { usageTracked: true } }]))).toHaveLength(1);
  });

  it('judges a user through its active keys, and cites no CIS control outside AWS', () => {
    const user = buildUser({ lastUsedAt: daysAgo(300) });
    expect(findUnused(contextWith([user, buildIdentity()]))).toEqual([]);
    expect(findUnused(contextWith([user]))).toHaveLength(1);
    const pat = buildIdentity({
      kind: 'github-pat',
      provider: 'github',
      lastUsedAt: daysAgo(223),
      privileged: true,
    });
    expect(findUnused(contextWith([pat]))[0]).toMatchObject({ cis: [], severity: 'high' });
  });

  it('judges a user with only inactive keys by itself only when it has a console password', () => {
    const off = buildIdentity({ status: 'disabled' });
    expect(findUnused(contextWith([buildUser({ lastUsedAt: daysAgo(300) }), off]))).toEqual([]);
    const withPassword = buildUser({ lastUsedAt: daysAgo(300), attributes: { passwordEnabled: true } });
    expect(findUnused(contextWith([withPassword, off])).map((f) => f.nhiKind)).toEqual(['iam-user']);
  });

  it('skips provider-managed identities', () => {
    const role = buildIdentity({
      kind: 'role',
      lastUsedAt: null,
      createdAt: daysAgo(999),
      attributes: { serviceLinked: true },
    });
    expect(findUnused(contextWith([role]))).toEqual([]);
  });
});
