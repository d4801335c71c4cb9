import { describe, expect, it } from 'vitest';
import { buildIdentity, buildUser, contextWith } from '../../../../test/builders/nhi-records.js';
import { findMultipleActiveKeys } from './multiple-active-keys.js';

const user = buildUser();
const key1 = buildIdentity();
const key2 = buildIdentity({ externalId: `${user.externalId}#access_key_2`, name: 'svc-app access key 2' });

describe('nhi-multiple-active-keys', () => {
  it('flags a user with two active keys, on the user, citing CIS AWS 1.13 / 2.12', () => {
    const [f, ...rest] = findMultipleActiveKeys(contextWith([key2, user, key1]));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      rule: 'nhi-multiple-active-keys',
      nhiExternalId: user.externalId,
      nhiKind: 'iam-user',
      severity: 'medium',
      owasp: ['NHI7:2025'],
      evidence: { activeKeys: [{ externalId: key1.externalId }, { externalId: key2.externalId }], limit: 1 },
    });
    expect(f?.cis.map((c) => `${c.version} ${c.control}`)).toEqual(['3.0.0 1.13', '6.0.0 2.12']);
  });

  it('is silent with one active key and one inactive', () => {
    expect(findMultipleActiveKeys(contextWith([user, key1, { ...key2, status: 'disabled' }]))).toEqual([]);
  });

  it('follows the threshold override', () => {
    expect(findMultipleActiveKeys(contextWith([user, key1, key2], [], { maxActiveKeysPerUser: 2 }))).toEqual(
      [],
    );
  });

  it('names the first key when the user is not in the inventory', () => {
    expect(findMultipleActiveKeys(contextWith([key2, key1]))[0]?.nhiExternalId).toBe(key1.externalId);
  });
});
