/**
 * `GET /repos/{o}/{r}/actions/secrets` or `GET /orgs/{org}/actions/secrets`
 * (`{total_count, secrets: [{name, created_at, updated_at, visibility?}]}`).
 * Values are never returned, so `updated_at` is the only rotation signal
 * (lastRotatedAt). The payload does not name its repository: pass it as
 * `options.scope` (`org/repo`, or `org` for organization secrets); the
 * external id is `actions-secret/<scope>/<NAME>`.
 */
import type { Readable } from 'node:stream';
import type { ObservedNhi } from '../../core/nhi/types.js';
import { inferEnvironment } from './hints.js';
import { readGithubList } from './json-collections.js';
import { compact, nhi } from './observation.js';
import type { JsonRecord } from './record.js';
import type { NhiObservation, NhiParseOptions } from './types.js';

const SHAPE =
  'the body of `GET /repos/{owner}/{repo}/actions/secrets`: {"total_count": n, "secrets": [{name, created_at, updated_at}]}';

/** Parses a repository's or organization's Actions secrets. */
export async function* parseGithubActionsSecrets(
  input: Readable,
  file: string,
  options?: NhiParseOptions,
): AsyncGenerator<NhiObservation> {
  for await (const record of readGithubList(input, file, { shape: SHAPE, arrays: ['secrets'] }, options))
    yield actionsSecret(record, options?.scope ?? null);
}

function actionsSecret(rec: JsonRecord, scope: string | null): ObservedNhi {
  rec.object('a secret');
  const name = rec.str('name');
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw rec.error(`not an Actions secret name: "${name.slice(0, 60)}"`, 'name');
  const visibility = rec.optStr('visibility');
  const updated = rec.optDate('updated_at');
  return nhi({
    kind: 'actions-secret',
    provider: 'github',
    externalId: `actions-secret/${scope ?? '-'}/${name}`,
    name,
    environment: inferEnvironment(null, name),
    authMethod: 'static-key',
    createdAt: rec.optDate('created_at'),
    lastRotatedAt: updated ?? rec.optDate('created_at'),
    attributes: compact({
      scope,
      level: visibility === null ? 'repository' : 'organization',
      visibility,
      selectedRepositoriesUrl: rec.optStr('selected_repositories_url'),
    }),
  });
}
