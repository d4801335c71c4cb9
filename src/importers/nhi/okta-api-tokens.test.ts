import { describe, expect, it } from 'vitest';
import {
  byName,
  fixtureStream,
  rejection,
  runParser,
  textStream,
} from '../../../test/builders/nhi-parsers.js';
import { ImportError } from '../../platform/errors.js';
import { parseOktaApiTokens } from './okta-api-tokens.js';

const FILE = 'okta_api_tokens.json';

describe('Okta API tokens', () => {
  it('yields 10 tokens: created, lastUpdated as last use, tokenWindow, userId owner', async () => {
    const r = await runParser(parseOktaApiTokens, fixtureStream(FILE), FILE);
    expect(r.identities).toHaveLength(10);
    const tf = byName(r.identities, 'Terraform okta provider');
    expect(tf).toMatchObject({
      externalId: '00T839e55dad0EXAMPLE',
      kind: 'api-token',
      provider: 'okta',
      ownerHint: '00u49a5e271b2EXAMPLE',
      ownerSource: 'created-by',
      createdAt: '2019-04-22T18:03:11.000Z',
      lastRotatedAt: '2019-04-22T18:03:11.000Z',
      lastUsedAt: '2026-11-28T07:45:02.000Z',
      expiresAt: '2026-12-28T07:45:02.000Z',
    });
    expect(tf.attributes).toMatchObject({
      tokenWindow: 'P30D',
      idleExpiryDays: 30,
      networkConnection: 'ANYWHERE',
    });
  });

  it('keeps a null tokenWindow and network zones', async () => {
    const { identities } = await runParser(parseOktaApiTokens, fixtureStream(FILE));
    expect(byName(identities, 'Workday sync').attributes).not.toHaveProperty('tokenWindow');
    expect(byName(identities, 'Access review script').attributes).toMatchObject({
      networkConnection: 'ZONE',
      networkInclude: ['nzo0873b4d738EXAMPLE'],
      networkExclude: ['nzo92e34b8925EXAMPLE'],
    });
  });

  it('rejects a malformed window and another list', async () => {
    const bad = (await rejection(
      runParser(parseOktaApiTokens, textStream('[{"id": "t", "userId": "u", "tokenWindow": "30 days"}]')),
    )) as ImportError;
    expect(bad.location.path).toBe('$[0].tokenWindow');
    const other = (await rejection(
      runParser(parseOktaApiTokens, fixtureStream('github_repo_deploy_keys.json')),
    )) as ImportError;
    expect(other).toBeInstanceOf(ImportError);
  });
});
