import { describe, expect, it } from 'vitest';
import { ACCOUNT, buildLeak, buildNhi, daysAgo, T } from '../../../test/builders/nhi-records.js';
import { leakStatus, linkLeaks } from './linking.js';
import type { StoredNhiLike } from './stored.js';
import type { ObservedLeak } from './types.js';

const userArn = `arn:aws:iam::${ACCOUNT}:user/automation/svc-terraform`;
const user: StoredNhiLike = {
  ...buildNhi({ kind: 'iam-user', externalId: userArn, name: 'svc-terraform', parentExternalId: null }),
  id: 'nhi-user',
};
const slotKey: StoredNhiLike = buildNhi({ externalId: `${userArn}#access_key_1`, parentExternalId: userArn });
const namedKey = buildNhi({
  externalId: 'AKIAIOSFODNN7EXAMPLE',
  parentExternalId: `arn:aws:iam::${ACCOUNT}:user/other`,
});
const role = buildNhi({
  kind: 'role',
  externalId: `arn:aws:iam::${ACCOUNT}:role/service/deployer`,
  name: 'deployer',
  parentExternalId: null,
});
const gcpKey = buildNhi({
  kind: 'service-account-key',
  provider: 'gcp',
  externalId:
    'projects/acme/serviceAccounts/bq-exporter@acme.iam.gserviceaccount.com/keys/0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c',
  parentExternalId: 'bq-exporter@acme.iam.gserviceaccount.com',
});
const pat = buildNhi({
  kind: 'api-token',
  provider: 'auditready',
  externalId: 'tok-1',
  attributes: { tokenSha256: 'ABCDEF0123' },
});
const inventory = [user, slotKey, namedKey, role, gcpKey, pat];
const link = (hints: ObservedLeak['hints']) => linkLeaks([buildLeak({ hints })], inventory)[0];

describe('linkLeaks', () => {
  it('links an AWS access key id to the key that has it', () => {
    expect(link({ awsAccessKeyId: 'AKIAIOSFODNN7EXAMPLE' })).toMatchObject({
      identity: { externalId: 'AKIAIOSFODNN7EXAMPLE' },
      via: 'aws-access-key-id',
    });
  });

  it('reads the key id from the accessKeyId attribute too', () => {
    const k = buildNhi({ externalId: 'slot', attributes: { accessKeyId: 'AKIAZZZZZZZZZZZZZZZZ' } });
    expect(
      linkLeaks([buildLeak({ hints: { awsAccessKeyId: 'AKIAZZZZZZZZZZZZZZZZ' } })], [k])[0]?.identity,
    ).toBe(k);
  });

  it('links an ARN to the user, narrowed to its only access key (credential reports have no key ids)', () => {
    expect(link({ awsArn: userArn, awsAccessKeyId: 'AKIAUNKNOWN000000000' })).toMatchObject({
      identity: { externalId: `${userArn}#access_key_1` },
      via: 'aws-arn',
    });
  });

  it('links an ARN to the user itself when it has two keys that could be the leaked one', () => {
    const second = buildNhi({ externalId: `${userArn}#access_key_2`, parentExternalId: userArn });
    const links = linkLeaks([buildLeak({ hints: { awsArn: userArn } })], [user, slotKey, second]);
    expect(links[0]).toMatchObject({ identity: { id: 'nhi-user' }, via: 'aws-arn' });
  });

  it('links a role ARN, and an assumed-role ARN to its role', () => {
    expect(link({ awsArn: role.externalId })?.identity).toBe(role);
    expect(link({ awsArn: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/session-1` })?.identity).toBe(role);
  });

  it('links a GCP private_key_id to the service-account key, case-insensitively', () => {
    expect(link({ gcpPrivateKeyId: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C' })).toMatchObject({
      identity: gcpKey,
      via: 'gcp-private-key-id',
    });
  });

  it('links a GitHub token by its stored SHA-256', () => {
    expect(link({ githubTokenSha256: 'abcdef0123' })).toMatchObject({
      identity: pat,
      via: 'github-token-sha256',
    });
  });

  it('returns null for a leak the data cannot link', () => {
    expect(link({})).toEqual({ leak: expect.anything(), identity: null, via: null });
    expect(
      link({ awsArn: `arn:aws:iam::${ACCOUNT}:user/nobody`, gcpPrivateKeyId: 'ffff' })?.identity,
    ).toBeNull();
  });

  it('sorts by fingerprint whatever the order of leaks and identities', () => {
    const leaks = [
      buildLeak({ fingerprint: 'b' }),
      buildLeak({ fingerprint: 'a', hints: { awsArn: role.externalId } }),
    ];
    const one = linkLeaks(leaks, inventory);
    expect(one.map((l) => l.leak.fingerprint)).toEqual(['a', 'b']);
    expect(linkLeaks([...leaks].reverse(), [...inventory].reverse())).toEqual(one);
  });
});

describe('leakStatus', () => {
  const leak = buildLeak({ leakedAt: daysAgo(30) });

  it('is open while the credential has not been rotated since the leak', () => {
    expect(leakStatus(leak, buildNhi({ lastRotatedAt: daysAgo(31) }), T)).toBe('open');
  });

  it('is resolved when the credential was rotated after the leak, by T', () => {
    expect(leakStatus(leak, buildNhi({ lastRotatedAt: daysAgo(29) }), T)).toBe('resolved');
    expect(leakStatus(leak, buildNhi({ lastRotatedAt: daysAgo(29) }), '2026-10-28')).toBe('open');
  });

  it('is resolved when the credential is disabled, deleted or expired at T', () => {
    expect(leakStatus(leak, buildNhi({ status: 'disabled' }), T)).toBe('resolved');
    expect(leakStatus(leak, buildNhi({ status: 'deleted' }), T)).toBe('resolved');
    expect(leakStatus(leak, buildNhi({ expiresAt: daysAgo(2), lastRotatedAt: daysAgo(60) }), T)).toBe(
      'resolved',
    );
    expect(leakStatus(leak, buildNhi({ expiresAt: daysAgo(-2), lastRotatedAt: daysAgo(60) }), T)).toBe(
      'open',
    );
  });

  it('stays open when nothing can show it was dealt with', () => {
    expect(leakStatus(leak, null, T)).toBe('open');
    expect(leakStatus(buildLeak({ leakedAt: null }), buildNhi({ lastRotatedAt: daysAgo(1) }), T)).toBe(
      'open',
    );
  });

  it('compares instants, not days, on the day of the leak', () => {
    const morning = buildLeak({ leakedAt: '2026-11-01T08:00:00Z' });
    expect(leakStatus(morning, buildNhi({ lastRotatedAt: '2026-11-01T09:00:00+00:00' }), T)).toBe('resolved');
    expect(leakStatus(morning, buildNhi({ lastRotatedAt: '2026-11-01T09:00:00+02:00' }), T)).toBe('open');
  });
});
