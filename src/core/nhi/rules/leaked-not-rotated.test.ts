import { describe, expect, it } from 'vitest';
import { buildIdentity, buildLeak, contextWith, daysAgo } from '../../../../test/builders/nhi-records.js';
import type { LeakLink } from '../linking.js';
import { findLeakedNotRotated } from './leaked-not-rotated.js';
import type { NhiRuleIdentity } from './types.js';

const key = buildIdentity({ lastRotatedAt: daysAgo(200) });
const linked = (identity: NhiRuleIdentity | null, overrides: Parameters<typeof buildLeak>[0] = {}) =>
  ({ leak: buildLeak(overrides), identity, via: identity ? 'aws-arn' : null }) as LeakLink<NhiRuleIdentity>;

describe('nhi-leaked-not-rotated', () => {
  it('flags a leaked credential not rotated since the leak (high, NHI2)', () => {
    const [f] = findLeakedNotRotated(contextWith([key], [linked(key)]));
    expect(f).toMatchObject({
      rule: 'nhi-leaked-not-rotated',
      severity: 'high',
      nhiExternalId: key.externalId,
      owasp: ['NHI2:2025'],
      cis: [],
      soc2: ['CC6.1', 'CC7.3', 'CC7.4'],
      evidence: { leaks: [{ fingerprint: 'fp-1', file: 'deploy.tf', via: 'aws-arn', verified: false }] },
    });
    expect(f?.message).toMatch(/leaked in https:\/\/github.com\/example-org\/payments-api.git deploy.tf on /);
  });

  it('is critical when a scanner verified the secret', () => {
    expect(findLeakedNotRotated(contextWith([key], [linked(key, { verified: true })]))[0]?.severity).toBe(
      'critical',
    );
  });

  it('is silent once the credential was rotated after the leak, or disabled', () => {
    const rotated = { ...key, lastRotatedAt: daysAgo(5) };
    expect(findLeakedNotRotated(contextWith([rotated], [linked(rotated)]))).toEqual([]);
    const disabled = { ...key, status: 'disabled' as const };
    expect(findLeakedNotRotated(contextWith([disabled], [linked(disabled)]))).toEqual([]);
  });

  it('gives one finding per identity, listing every open leak in a fixed order', () => {
    const leaks = [linked(key, { fingerprint: 'z' }), linked(key, { fingerprint: 'a', scanner: 'gitleaks' })];
    const findings = findLeakedNotRotated(contextWith([key], leaks));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toMatch(/and 1 more/);
    expect(findLeakedNotRotated(contextWith([key], [...leaks].reverse()))).toEqual(findings);
  });

  it('ignores unlinked leaks: they name no identity', () => {
    expect(findLeakedNotRotated(contextWith([key], [linked(null)]))).toEqual([]);
  });
});
