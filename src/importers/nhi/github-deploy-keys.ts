/**
 * `GET /repos/{owner}/{repo}/keys` (a bare array). The repository is taken
 * from each key's `url` (or `options.scope`); the external id is
 * `deploy-key/<org>/<repo>/<id>`. `read_only: false` is a write key;
 * `enabled: false` (newer API versions only) is disabled; `added_by` (null
 * for keys added before GitHub recorded it) is the owner hint; `last_used`
 * null means never used. Keys cannot be rotated in place, so the creation
 * date is the rotation date. The public key is not kept, only its SHA256
 * fingerprint (as `ssh-keygen -l` prints it).
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { ObservedNhi } from '../../core/nhi/types.js';
import { repositoryFromUrl } from './github-permissions.js';
import { inferEnvironment } from './hints.js';
import { readCollections } from './json-collections.js';
import { compact, nhi, reportFacts } from './observation.js';
import type { JsonRecord } from './record.js';
import type { NhiObservation, NhiParseOptions } from './types.js';

const SHAPE =
  'the body of `GET /repos/{owner}/{repo}/keys`: an array of deploy keys {id, key, title, read_only, …}';

/** Parses a repository's deploy keys. */
export async function* parseGithubDeployKeys(
  input: Readable,
  file: string,
  options?: NhiParseOptions,
): AsyncGenerator<NhiObservation> {
  for await (const ev of readCollections(input, file, { shape: SHAPE, rootArray: true })) {
    if (ev.kind === 'item') yield deployKey(ev.record, options?.scope ?? null);
  }
  reportFacts(options, { exportedAt: null, complete: true });
}

/** The OpenSSH SHA256 fingerprint of a public key line, or null. */
export function sshFingerprint(key: string | null): string | null {
  const blob = key?.trim().split(/\s+/)[1];
  if (!blob || !/^[A-Za-z0-9+/]+={0,2}$/.test(blob)) return null;
  return `SHA256:${createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

function deployKey(rec: JsonRecord, scope: string | null): ObservedNhi {
  rec.object('a deploy key');
  const id = rec.id('id');
  if (rec.raw('key') === undefined && rec.raw('read_only') === undefined)
    throw rec.error(`expected ${SHAPE}: no key or read_only`);
  const repository = repositoryFromUrl(rec.optStr('url')) ?? scope;
  const title = rec.optStr('title');
  const readOnly = rec.optBool('read_only');
  const addedBy = rec.optStr('added_by');
  const created = rec.optDate('created_at');
  return nhi({
    kind: 'deploy-key',
    provider: 'github',
    externalId: `deploy-key/${repository ?? '-'}/${id}`,
    name: title ?? `deploy key ${id}`,
    owner: addedBy ? { hint: addedBy, source: 'added-by' } : null,
    environment: inferEnvironment(null, title),
    privilegeSummary: readOnly === false ? `write access to ${repository ?? 'the repository'}` : 'read-only',
    authMethod: 'static-key',
    status: rec.optBool('enabled') === false ? 'disabled' : 'active',
    createdAt: created,
    lastUsedAt: rec.optDate('last_used'),
    lastRotatedAt: created,
    attributes: compact({
      keyId: id,
      repository,
      readOnly,
      verified: rec.optBool('verified'),
      credentialFingerprint: sshFingerprint(rec.optStr('key')),
      usageTracked: true,
      addedBy,
    }),
  });
}
