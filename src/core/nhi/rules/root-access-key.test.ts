import { describe, expect, it } from 'vitest';
import { ACCOUNT, buildIdentity, buildUser, contextWith } from '../../../../test/builders/nhi-records.js';
import { findRootAccessKeys } from './root-access-key.js';

const rootArn = `arn:aws:iam::${ACCOUNT}:root`;
const root = buildUser({ externalId: rootArn, name: '<root_account>', attributes: { root: true } });
const rootKey = buildIdentity({ externalId: `${rootArn}#access_key_1`, parentExternalId: rootArn });

describe('nhi-root-access-key', () => {
  it('flags an active root access key as critical, citing CIS AWS 1.4 / 2.3', () => {
    const [f] = findRootAccessKeys(contextWith([root, rootKey]));
    expect(f).toMatchObject({
      rule: 'nhi-root-access-key',
      severity: 'critical',
      nhiExternalId: rootKey.externalId,
      owasp: ['NHI5:2025', 'NHI7:2025'],
      soc2: ['CC6.1', 'CC6.3'],
    });
    expect(f?.cis.map((c) => `${c.version} ${c.control}`)).toEqual(['3.0.0 1.4', '6.0.0 2.3']);
  });

  it('recognises root by the parent ARN or the key attribute alone', () => {
    expect(findRootAccessKeys(contextWith([rootKey]))).toHaveLength(1);
    const flagged = buildIdentity({ parentExternalId: null, attributes: { root: true } });
    expect(findRootAccessKeys(contextWith([flagged]))).toHaveLength(1);
  });

  it('is silent for an inactive root key and for an ordinary user key', () => {
    expect(findRootAccessKeys(contextWith([root, { ...rootKey, status: 'disabled' }]))).toEqual([]);
    expect(findRootAccessKeys(contextWith([buildUser(), buildIdentity()]))).toEqual([]);
  });
});
