import { describe, expect, it } from 'vitest';
import { buildIdentity, contextWith, daysAgo } from '../../../../test/builders/nhi-records.js';
import { findLongLivedCredentials } from './long-lived-credential.js';

const pat = (overrides: Parameters<typeof buildIdentity>[0] = {}) =>
  buildIdentity({
    kind: 'github-pat',
    provider: 'github',
    externalId: '41203',
    parentExternalId: null,
    createdAt: daysAgo(10),
    ...overrides,
  });

describe('nhi-long-lived-credential', () => {
  it('flags a token that never expires (NHI7)', () => {
    const [f] = findLongLivedCredentials(contextWith([pat({ expiresAt: null })]));
    expect(f).toMatchObject({
      rule: 'nhi-long-lived-credential',
      severity: 'medium',
      owasp: ['NHI7:2025'],
      cis: [],
      evidence: { noExpiry: true, maxLifetimeDays: 366 },
    });
    expect(f?.message).toMatch(/never expires/);
  });

  it('flags a lifetime beyond the 366-day PAT policy, not one within it', () => {
    const [f] = findLongLivedCredentials(contextWith([pat({ expiresAt: daysAgo(10 - 367) })]));
    expect(f?.evidence).toMatchObject({ noExpiry: false, lifetimeDays: 367 });
    expect(findLongLivedCredentials(contextWith([pat({ expiresAt: daysAgo(10 - 366) })]))).toEqual([]);
  });

  it('treats the GCP 9999-12-31 expiry as none and the 10-year default as beyond policy, citing CIS GCP 1.4', () => {
    const key = (expiresAt: string) =>
      buildIdentity({
        kind: 'service-account-key',
        provider: 'gcp',
        createdAt: '2024-01-01T00:00:00Z',
        expiresAt,
      });
    const [never] = findLongLivedCredentials(contextWith([key('9999-12-31T23:59:59Z')]));
    expect(never?.evidence.noExpiry).toBe(true);
    expect(never?.cis).toEqual([
      { benchmark: 'CIS Google Cloud Platform Foundation Benchmark', version: '4.0.0', control: '1.4' },
    ]);
    expect(
      findLongLivedCredentials(contextWith([key('2034-01-01T00:00:00Z')]))[0]?.evidence.lifetimeDays,
    ).toBe(3653);
  });

  it('follows the organization threshold', () => {
    const yearLong = pat({ expiresAt: daysAgo(10 - 365) });
    expect(findLongLivedCredentials(contextWith([yearLong]))).toEqual([]);
    expect(findLongLivedCredentials(contextWith([yearLong], [], { maxTokenLifetimeDays: 90 }))).toHaveLength(
      1,
    );
  });

  it('measures from T when the issue date is unknown', () => {
    const [f] = findLongLivedCredentials(
      contextWith([pat({ createdAt: null, lastRotatedAt: null, expiresAt: '2028-01-01T00:00:00Z' })]),
    );
    expect(f?.message).toMatch(/from now/);
    // From T = 2026-11-28 to 2028-01-01.
    expect(f?.evidence.lifetimeDays).toBe(399);
  });

  it('skips expired, inactive, federated, provider-managed and non-expiring kinds', () => {
    const skipped = [
      pat({ expiresAt: daysAgo(1) }),
      pat({ status: 'disabled' }),
      pat({ authMethod: 'federated' }),
      pat({ attributes: { providerManaged: true } }),
      buildIdentity({ kind: 'deploy-key', expiresAt: null }),
      buildIdentity({ kind: 'access-key', expiresAt: null }),
      pat({ expiresAt: 'sometime' }),
    ];
    expect(findLongLivedCredentials(contextWith(skipped))).toEqual([]);
  });

  it('reads a missing expiry as "never" only where the export always reports one, or says so', () => {
    const cert = buildIdentity({ kind: 'certificate', expiresAt: null });
    expect(findLongLivedCredentials(contextWith([cert]))).toEqual([]);
    expect(findLongLivedCredentials(contextWith([{ ...cert, attributes: { noExpiry: true } }]))).toHaveLength(
      1,
    );
  });

  it('is high on a privileged credential', () => {
    expect(findLongLivedCredentials(contextWith([pat({ privileged: true })]))[0]?.severity).toBe('high');
  });
});
