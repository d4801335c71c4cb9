import { describe, expect, it } from 'vitest';
import { buildNhi } from '../../../test/builders/nhi-records.js';
import { familyOf, mergeObservations } from './merge.js';

describe('mergeObservations', () => {
  const user = buildNhi({
    kind: 'iam-user',
    externalId: 'arn:aws:iam::111122223333:user/svc-app',
    parentExternalId: null,
    name: 'svc-app',
  });

  it('returns a single observation as it is', () => {
    expect(mergeObservations([{ source: 'a', observedAt: '2026-11-01', observation: user }])).toBe(user);
  });

  it('lets a later known value win, keeps earlier values the later source does not know', () => {
    const report = {
      ...user,
      ownerHint: null,
      ownerSource: null,
      privileged: false,
      lastUsedAt: '2026-11-20T00:00:00Z',
    };
    const details = {
      ...user,
      ownerHint: 'ada@example.com',
      ownerSource: 'tag' as const,
      privileged: true,
      privilegeSummary: 'AdministratorAccess',
      lastUsedAt: null,
      attributes: { tags: { owner: 'ada@example.com' } },
    };
    const merged = mergeObservations([
      { source: 'aws-authorization-details', observedAt: '2026-11-01T00:00:00Z', observation: details },
      {
        source: 'aws-credential-report',
        observedAt: '2026-11-02T00:00:00Z',
        observation: { ...report, attributes: { passwordEnabled: false } },
      },
    ]);
    expect(merged.ownerHint).toBe('ada@example.com');
    expect(merged.privileged).toBe(true);
    expect(merged.privilegeSummary).toBe('AdministratorAccess');
    expect(merged.lastUsedAt).toBe('2026-11-20T00:00:00Z');
    expect(merged.attributes).toEqual({ tags: { owner: 'ada@example.com' }, passwordEnabled: false });
  });

  it('takes the status of the newest source and the latest last use, whatever the input order', () => {
    const older = {
      source: 'b',
      observedAt: '2026-10-01',
      observation: { ...user, status: 'active' as const, lastUsedAt: '2026-11-25T00:00:00Z' },
    };
    const newer = {
      source: 'a',
      observedAt: '2026-11-01',
      observation: { ...user, status: 'deleted' as const, lastUsedAt: '2026-09-01T00:00:00Z' },
    };
    for (const list of [
      [older, newer],
      [newer, older],
    ]) {
      const merged = mergeObservations(list);
      expect(merged.status).toBe('deleted');
      expect(merged.lastUsedAt).toBe('2026-11-25T00:00:00Z');
    }
  });

  it('refuses an empty list', () => {
    expect(() => mergeObservations([])).toThrow();
  });
});

describe('familyOf', () => {
  it('puts a key in its parent family and a parent in its own', () => {
    const key = buildNhi();
    expect(familyOf(key)).toBe(key.parentExternalId);
    expect(familyOf({ ...key, parentExternalId: null })).toBe(key.externalId);
  });
});
