import { describe, expect, it } from 'vitest';
import {
  byName,
  fixtureStream,
  rejection,
  runParser,
  textStream,
} from '../../../test/builders/nhi-parsers.js';
import type { ImportError } from '../../platform/errors.js';
import { parseAzureServicePrincipals } from './azure-service-principals.js';

const FILE = 'azure_ad_sp_list.json';
const TENANT = '00001111-aaaa-2222-bbbb-3333cccc4444';

describe('Azure service principals', () => {
  it('yields 12 principals and 9 credentials', async () => {
    const r = await runParser(parseAzureServicePrincipals, fixtureStream(FILE), FILE);
    expect(r.identities.filter((i) => i.kind === 'service-principal')).toHaveLength(12);
    expect(r.identities.filter((i) => i.kind === 'client-secret')).toHaveLength(6);
    expect(r.identities.filter((i) => i.kind === 'certificate')).toHaveLength(3);
    expect(r.facts).toEqual({ exportedAt: null, complete: true });
  });

  it('reads owners from notes (both conventions, trailing punctuation) and notification addresses', async () => {
    const { identities } = await runParser(parseAzureServicePrincipals, fixtureStream(FILE));
    expect(byName(identities, 'tf-deployer')).toMatchObject({
      ownerHint: 'alice.nguyen@example.com',
      ownerSource: 'description',
    });
    expect(byName(identities, 'ci-github-deployer').ownerHint).toBe('raj.iyer@example.com');
    expect(byName(identities, 'payroll-sync').ownerHint).toBe('kevin.obrien@example.com');
    expect(byName(identities, 'Tailspin Helpdesk')).toMatchObject({
      ownerHint: 'zoe.martin@example.com',
      ownerSource: 'azure-owner',
    });
    expect(byName(identities, 'data-pipeline-sp').attributes.backupOwnerHint).toBe(
      'isabel.moreno@example.com',
    );
    expect(byName(identities, 'Fabrikam HR Connector').ownerHint).toBeNull();
  });

  it('turns credentials into children with expiry, "never" and merged SAML entries', async () => {
    const { identities } = await runParser(parseAzureServicePrincipals, fixtureStream(FILE));
    const tf = identities.find((i) => i.name === 'tf-deployer client secret terraform');
    expect(tf).toMatchObject({
      kind: 'client-secret',
      expiresAt: null,
      parentExternalId: '33334444-dddd-5555-eeee-6666ffff7777',
      lastRotatedAt: '2020-09-14T10:21:33.512Z',
    });
    expect(tf?.attributes).toMatchObject({ noExpiry: true, hint: 'Tf7' });
    const northwind = identities.find(
      (i) => i.kind === 'client-secret' && i.parentExternalId === '11112222-ffff-3333-aaaa-4444bbbb5555',
    );
    expect(northwind).toMatchObject({
      createdAt: '2026-10-02T03:41:17.093Z',
      expiresAt: '2028-10-02T03:41:17.093Z',
    });
    const tailspin = identities.filter((i) => i.parentExternalId === '55556666-dddd-7777-eeee-8888ffff9999');
    expect(tailspin).toHaveLength(1);
    expect(tailspin[0]).toMatchObject({ kind: 'certificate', expiresAt: '2026-12-20T15:30:12.000Z' });
    expect(tailspin[0]?.attributes.keyIds).toEqual([
      '2a5459d5-fb1e-4afa-9e9d-0e64053bc8a7',
      'badfd2ae-4325-449c-bf2d-7bfb8dcef51f',
    ]);
    expect(
      identities.filter((i) => i.parentExternalId === '33334444-ffff-5555-aaaa-6666bbbb7777'),
    ).toHaveLength(3);
  });

  it('marks disabled, managed-identity and first-party principals', async () => {
    const { identities } = await runParser(parseAzureServicePrincipals, fixtureStream(FILE));
    expect(byName(identities, 'old-reporting-app').status).toBe('disabled');
    expect(identities.find((i) => i.name.startsWith('old-reporting-app client secret'))?.status).toBe(
      'disabled',
    );
    const mi = byName(identities, 'mi-payments-api');
    expect(mi).toMatchObject({ authMethod: 'federated', environment: 'prod' });
    expect(mi.attributes).toMatchObject({
      managedIdentity: true,
      userAssigned: true,
      providerManaged: true,
      platformCredentials: 1,
    });
    expect(identities.some((i) => i.parentExternalId === mi.externalId)).toBe(false);
    expect(byName(identities, 'vm-build-agent-01').attributes.userAssigned).toBe(false);
    expect(byName(identities, 'Microsoft Graph').attributes).toMatchObject({
      microsoftFirstParty: true,
      thirdParty: false,
    });
  });

  it('tells third-party apps by tenant when given, else by gallery or verified publisher', async () => {
    const unscoped = await runParser(parseAzureServicePrincipals, fixtureStream(FILE));
    expect(byName(unscoped.identities, 'Fabrikam HR Connector').attributes.thirdParty).toBe(true);
    expect(byName(unscoped.identities, 'Tailspin Helpdesk').attributes.thirdParty).toBe(true);
    expect(byName(unscoped.identities, 'Northwind Mail Insights').attributes).not.toHaveProperty(
      'thirdParty',
    );
    const scoped = await runParser(parseAzureServicePrincipals, fixtureStream(FILE), FILE, { scope: TENANT });
    expect(byName(scoped.identities, 'Northwind Mail Insights').attributes.thirdParty).toBe(true);
    expect(byName(scoped.identities, 'tf-deployer').attributes.thirdParty).toBe(false);
  });

  it('prefers an owners list when the export was enriched with it', async () => {
    const sp = {
      id: 's',
      appId: 'a',
      displayName: 'x',
      notes: 'Owner: n@example.com',
      owners: [{ userPrincipalName: 'Owner.One@example.com' }],
    };
    const { identities } = await runParser(parseAzureServicePrincipals, textStream(JSON.stringify([sp])));
    expect(identities[0]).toMatchObject({ ownerHint: 'Owner.One@example.com', ownerSource: 'azure-owner' });
  });

  it('accepts the Graph {value} body and rejects other records', async () => {
    const text = JSON.stringify({
      value: [{ id: 'x', appId: 'y', displayName: 'z', passwordCredentials: [] }],
      '@odata.nextLink': 'n',
    });
    const r = await runParser(parseAzureServicePrincipals, textStream(text));
    expect(r.identities).toHaveLength(1);
    expect(r.facts?.complete).toBe(false);
    const err = (await rejection(
      runParser(parseAzureServicePrincipals, fixtureStream('okta_api_tokens.json')),
    )) as ImportError;
    expect(err.reason).toMatch(/az ad sp list/);
  });
});
