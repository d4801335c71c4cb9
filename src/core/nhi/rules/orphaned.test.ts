import { describe, expect, it } from 'vitest';
import { buildIdentity, buildUser, contextWith } from '../../../../test/builders/nhi-records.js';
import { findOrphaned } from './orphaned.js';

const departed = { status: 'departed' as const, email: 'bob@example.com', departedOn: '2026-03-31' };

describe('nhi-orphaned', () => {
  it('flags an identity whose owner departed (high), naming owner and date', () => {
    const [f] = findOrphaned(contextWith([buildUser({ owner: departed })]));
    expect(f).toMatchObject({
      rule: 'nhi-orphaned',
      severity: 'high',
      nhiKind: 'iam-user',
      provider: 'aws',
      owasp: ['NHI1:2025'],
      cis: [],
      soc2: ['CC6.2', 'CC6.3'],
      evidence: { ownerStatus: 'departed', ownerEmail: 'bob@example.com', departedOn: '2026-03-31' },
    });
    expect(f?.message).toMatch(/bob@example\.com left on 2026-03-31/);
  });

  it('flags an owner unknown to the roster and a missing owner (medium, high when privileged)', () => {
    const unknown = buildUser({ owner: { status: 'unknown', email: 'platform-team@example.com' } });
    expect(findOrphaned(contextWith([unknown]))[0]).toMatchObject({ severity: 'medium' });
    expect(findOrphaned(contextWith([unknown]))[0]?.message).toMatch(
      /"platform-team@example.com" is not a person/,
    );
    const none = buildUser({ owner: { status: 'none' }, privileged: true });
    expect(findOrphaned(contextWith([none]))[0]).toMatchObject({ severity: 'high' });
  });

  it('is low on a disabled identity and silent on a deleted one', () => {
    expect(findOrphaned(contextWith([buildUser({ owner: departed, status: 'disabled' })]))[0]?.severity).toBe(
      'low',
    );
    expect(findOrphaned(contextWith([buildUser({ owner: departed, status: 'deleted' })]))).toEqual([]);
  });

  it('leaves an owned identity, a provider-managed one and a person-like IAM user alone', () => {
    expect(findOrphaned(contextWith([buildUser()]))).toEqual([]);
    const serviceLinked = buildUser({ owner: { status: 'none' }, attributes: { serviceLinked: true } });
    const human = buildUser({ owner: { status: 'none' }, attributes: { likelyHuman: true } });
    expect(findOrphaned(contextWith([serviceLinked, human]))).toEqual([]);
  });

  it('lets a key without its own owner follow its user: one finding, on the user', () => {
    const key = buildIdentity({ owner: { status: 'none' } });
    expect(findOrphaned(contextWith([buildUser(), key]))).toEqual([]);
    const findings = findOrphaned(contextWith([buildUser({ owner: departed }), key]));
    expect(findings.map((f) => f.nhiKind)).toEqual(['iam-user']);
    expect(findOrphaned(contextWith([key])).map((f) => f.nhiKind)).toEqual(['access-key']);
  });
});
