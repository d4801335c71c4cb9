import { describe, expect, it } from 'vitest';
import { nhiAccountOf, parentShortName, viaParentWords } from './scope-words.js';

describe('where an identity lives', () => {
  it('reads the boundary its import recorded, most specific first', () => {
    expect(nhiAccountOf({ externalId: 'x', attributes: { accountId: '418273645091', scope: 'o' } })).toBe(
      '418273645091',
    );
    expect(nhiAccountOf({ externalId: 'x', attributes: { projectId: 'acme-prod' } })).toBe('acme-prod');
    expect(nhiAccountOf({ externalId: 'x', attributes: { account: 'example-org' } })).toBe('example-org');
    expect(nhiAccountOf({ externalId: 'k', attributes: { repository: 'acme/api' } })).toBe('acme/api');
    expect(nhiAccountOf({ externalId: 's', attributes: { scope: 'acme' } })).toBe('acme');
  });

  it('falls back to the account of an AWS ARN, else nothing', () => {
    expect(nhiAccountOf({ externalId: 'arn:aws:iam::111122223333:role/Admin', attributes: {} })).toBe(
      '111122223333',
    );
    expect(nhiAccountOf({ externalId: '00T2aeb63b461EXAMPLE', attributes: { accountId: '' } })).toBeNull();
  });

  it('tells two IAM users of the same name apart by their account', () => {
    const a = nhiAccountOf({ externalId: 'arn:aws:iam::111111111111:user/ci', attributes: {} });
    const b = nhiAccountOf({ externalId: 'arn:aws:iam::222222222222:user/ci', attributes: {} });
    expect(a).not.toBe(b);
  });
});

describe('whom a key answers to', () => {
  it('names the parent in words a person reads', () => {
    expect(viaParentWords('access-key', 'arn:aws:iam::418273645091:user/svc-old-jenkins')).toBe(
      'via svc-old-jenkins (IAM user)',
    );
    expect(viaParentWords('access-key', 'arn:aws:iam::418273645091:root')).toBe('via the root user');
    expect(viaParentWords('k8s-token', 'prod-eks/ci/ci-deployer')).toBe('via ci-deployer (service account)');
    expect(viaParentWords('service-account-key', 'deployer@acme-prod.iam.gserviceaccount.com')).toBe(
      'via deployer (service account)',
    );
    expect(viaParentWords('client-secret', '6f1c1e0a-1111-2222-3333-444455556666')).toBe(
      'via 6f1c1e0a-1111-2222-3333-444455556666 (service principal)',
    );
    expect(viaParentWords('secret', 'something')).toBe('via something (parent)');
  });

  it('keeps an IAM path out of the name', () => {
    expect(parentShortName('arn:aws:iam::418273645091:user/team/payments/svc-pay')).toBe('svc-pay');
  });
});
