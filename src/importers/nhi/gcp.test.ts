import { describe, expect, it } from 'vitest';
import { byId, fixtureStream, rejection, runParser, textStream } from '../../../test/builders/nhi-parsers.js';
import type { ImportError } from '../../platform/errors.js';
import { parseGcpServiceAccountKeys } from './gcp-service-account-keys.js';
import { parseGcpServiceAccounts } from './gcp-service-accounts.js';

const SAS = 'gcloud_iam_service_accounts_list.json';
const KEYS = 'gcloud_iam_service_accounts_keys_list.json';

describe('GCP service accounts', () => {
  it('yields 12 accounts keyed by e-mail, disabled only when said so', async () => {
    const r = await runParser(parseGcpServiceAccounts, fixtureStream(SAS), SAS);
    expect(r.identities).toHaveLength(12);
    expect(r.facts).toEqual({ exportedAt: null, complete: true });
    const legacy = byId(r.identities, 'legacy-etl@acme-prod-4821.iam.gserviceaccount.com');
    expect(legacy).toMatchObject({
      status: 'disabled',
      environment: 'prod',
      purpose: 'Replaced by dataflow-runner 2025-03',
    });
    expect(r.identities.filter((i) => i.status === 'disabled')).toHaveLength(1);
    const tf = byId(r.identities, 'terraform-deployer@acme-prod-4821.iam.gserviceaccount.com');
    expect(tf).toMatchObject({
      name: 'Terraform deployer',
      ownerHint: 'platform-team@acme.example',
      ownerSource: 'description',
    });
    expect(tf.attributes).toMatchObject({ projectId: 'acme-prod-4821', uniqueId: '108843920175530098241' });
    expect(
      byId(r.identities, '918273645501-compute@developer.gserviceaccount.com').attributes
        .defaultServiceAccount,
    ).toBe(true);
  });

  it('accepts the REST {accounts, nextPageToken} body', async () => {
    const text = JSON.stringify({
      accounts: [{ email: 'a@p.iam.gserviceaccount.com', projectId: 'p' }],
      nextPageToken: 'x',
    });
    const r = await runParser(parseGcpServiceAccounts, textStream(text));
    expect(r.identities).toHaveLength(1);
    expect(r.facts?.complete).toBe(false);
  });

  it('rejects a key list given as accounts', async () => {
    const err = (await rejection(runParser(parseGcpServiceAccounts, fixtureStream(KEYS)))) as ImportError;
    expect(err.reason).toMatch(
      /service-account key; expected the output of `gcloud iam service-accounts list/,
    );
    expect(err.location.path).toBe('$[0]');
  });
});

describe('GCP service-account keys', () => {
  it('yields 14 keys keyed by key id under their account', async () => {
    const r = await runParser(parseGcpServiceAccountKeys, fixtureStream(KEYS), KEYS);
    expect(r.identities).toHaveLength(14);
    const bq = byId(r.identities, '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c');
    expect(bq).toMatchObject({
      kind: 'service-account-key',
      parentExternalId: 'bq-exporter@acme-prod-4821.iam.gserviceaccount.com',
      createdAt: '2021-09-01T00:05:44.000Z',
      expiresAt: null,
      authMethod: 'static-key',
      status: 'active',
    });
    expect(bq.attributes).toMatchObject({
      keyId: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c',
      noExpiry: true,
      userManaged: true,
    });
  });

  it('distinguishes system-managed, disabled, exposed and expiring keys', async () => {
    const { identities } = await runParser(parseGcpServiceAccountKeys, fixtureStream(KEYS));
    const system = byId(identities, 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678');
    expect(system).toMatchObject({ expiresAt: '2026-08-26T04:00:00.000Z', authMethod: 'unknown' });
    expect(system.attributes).toMatchObject({
      systemManaged: true,
      providerManaged: true,
      keyType: 'SYSTEM_MANAGED',
    });
    const exposed = byId(identities, 'abcdefabcdefabcdefabcdefabcdefabcdefabcd');
    expect(exposed).toMatchObject({ status: 'disabled' });
    expect(exposed.attributes).toMatchObject({
      exposed: true,
      disableReason: 'SERVICE_ACCOUNT_KEY_DISABLE_REASON_EXPOSED',
    });
    expect(byId(identities, '7e6d5c4b3a291807f6e5d4c3b2a1908f7e6d5c4b').attributes.exposed).toBeUndefined();
    expect(byId(identities, '2468ace02468ace02468ace02468ace02468ace0')).toMatchObject({
      expiresAt: '2027-01-15T07:30:00.000Z',
    });
    expect(byId(identities, '2468ace02468ace02468ace02468ace02468ace0').attributes.keyOrigin).toBe(
      'USER_PROVIDED',
    );
  });

  it('rejects an account list given as keys, naming the element', async () => {
    const err = (await rejection(runParser(parseGcpServiceAccountKeys, fixtureStream(SAS)))) as ImportError;
    expect(err.location).toMatchObject({ line: 2, path: '$[0].name' });
    expect(err.reason).toMatch(/expected a key name/);
  });
});
