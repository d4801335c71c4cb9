import { describe, expect, it } from 'vitest';
import {
  byName,
  fixtureStream,
  rejection,
  runParser,
  textStream,
} from '../../../test/builders/nhi-parsers.js';
import { ImportError } from '../../platform/errors.js';
import { parseAwsSecrets } from './aws-secrets.js';

const FILE = 'aws_secretsmanager_list_secrets.json';

describe('AWS Secrets Manager list-secrets', () => {
  it('yields 12 secrets with epoch dates normalised', async () => {
    const r = await runParser(parseAwsSecrets, fixtureStream(FILE), FILE);
    expect(r.identities).toHaveLength(12);
    expect(r.facts).toEqual({ exportedAt: null, complete: true });
    const stripe = byName(r.identities, 'prod/payments/stripe-api-key');
    expect(stripe).toMatchObject({
      kind: 'secret',
      provider: 'aws',
      externalId: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/payments/stripe-api-key-Qw3rTy',
      ownerHint: 'lucas.silva@example.com',
      environment: 'prod',
      createdAt: '2023-04-18T10:02:11.466Z',
      lastRotatedAt: '2023-04-18T10:02:11.508Z',
      lastUsedAt: '2026-11-28T00:00:00.000Z',
    });
    expect(stripe.attributes).toMatchObject({
      neverRotated: true,
      rotationEnabled: false,
      vendor: 'stripe',
      thirdParty: true,
    });
  });

  it('handles managed, stuck, unowned, deleted, replica and schedule-based secrets', async () => {
    const { identities } = await runParser(parseAwsSecrets, fixtureStream(FILE));
    const rds = identities.find((i) => i.name.startsWith('rds!'));
    expect(rds?.ownerHint).toBeNull();
    expect(rds?.attributes).toMatchObject({
      managedBy: 'rds',
      providerManaged: true,
      rotationIntervalDays: 7,
    });
    expect(rds?.attributes).not.toHaveProperty('tags');
    const stuck = byName(identities, 'prod/orders/postgres-app-user');
    expect(stuck).toMatchObject({ lastRotatedAt: '2025-10-02T04:00:12.183Z' });
    expect(stuck.attributes).toMatchObject({ pendingVersionStuck: true, rotationIntervalDays: 30 });
    const ftp = byName(identities, 'dev/legacy-etl/ftp-credentials');
    expect(ftp).toMatchObject({ ownerHint: null, lastUsedAt: null, environment: 'dev' });
    expect(ftp.attributes).toMatchObject({ rotationEnabled: false, usageTracked: true });
    expect(byName(identities, 'prod/okta/scim-token')).toMatchObject({ status: 'deleted' });
    expect(byName(identities, 'staging/mobile/firebase-service-account')).toMatchObject({
      environment: 'staging',
      ownerHint: 'mobile-team@example.com',
    });
    expect(byName(identities, 'staging/mobile/firebase-service-account').attributes).toMatchObject({
      primaryRegion: 'us-west-2',
      replica: true,
    });
    expect(byName(identities, 'prod/integrations/datadog-api-key').attributes).toMatchObject({
      rotationSchedule: 'cron(0 4 ? * SUN *)',
    });
  });

  it('accepts ISO timestamps in any offset and reports a paged export as incomplete', async () => {
    const text = JSON.stringify({
      SecretList: [
        {
          ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:a-1',
          Name: 'a',
          CreatedDate: '2026-11-24T04:14:07.260000+01:00',
        },
      ],
      NextToken: 'more',
    });
    const r = await runParser(parseAwsSecrets, textStream(text));
    expect(r.identities[0]?.createdAt).toBe('2026-11-24T03:14:07.260Z');
    expect(r.facts?.complete).toBe(false);
  });

  it('rejects a GCP list given as aws-secrets with the expected shape', async () => {
    const err = (await rejection(
      runParser(parseAwsSecrets, fixtureStream('gcloud_iam_service_accounts_list.json'), 'sa.json'),
    )) as ImportError;
    expect(err).toBeInstanceOf(ImportError);
    expect(err.message).toBe(
      'sa.json, line 1, at $: expected the output of `aws secretsmanager list-secrets`: {"SecretList": […]}, found an array',
    );
  });

  it('names the path of a bad date', async () => {
    const text =
      '{"SecretList": [\n {"ARN": "a", "Name": "n"},\n {"ARN": "b", "Name": "m", "LastChangedDate": "soon"}\n]}';
    const err = (await rejection(runParser(parseAwsSecrets, textStream(text)))) as ImportError;
    expect(err.location).toMatchObject({ line: 3, path: '$.SecretList[1].LastChangedDate' });
  });
});
