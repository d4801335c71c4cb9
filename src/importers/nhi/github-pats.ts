/**
 * `GET /orgs/{org}/personal-access-tokens` (fine-grained PAT grants, a bare
 * array; `…-requests` has the same shape plus `reason`/`created_at`). The
 * external id is the grant `id` (`pat/<id>`); `token_id`/`token_name` are
 * absent in older schemas. `token_expires_at: null` means no expiry;
 * `token_expired: true` marks an expired token as disabled;
 * `token_last_used_at: null` means never used. The owner is `owner.login`.
 * Permissions become scopes and privilege (see github-permissions).
 */
import type { Readable } from 'node:stream';
import type { ObservedNhi } from '../../core/nhi/types.js';
import { flatPermissions, rateGithubPermissions } from './github-permissions.js';
import { inferEnvironment } from './hints.js';
import { readCollections } from './json-collections.js';
import { compact, nhi, reportFacts } from './observation.js';
import type { JsonRecord } from './record.js';
import type { NhiObservation, NhiParseOptions } from './types.js';

const SHAPE =
  'the body of `GET /orgs/{org}/personal-access-tokens`: an array of PAT grants {id, owner, permissions, …}';

/** Parses an organization's fine-grained PAT grants. */
export async function* parseGithubPats(
  input: Readable,
  file: string,
  options?: NhiParseOptions,
): AsyncGenerator<NhiObservation> {
  for await (const ev of readCollections(input, file, { shape: SHAPE, rootArray: true })) {
    if (ev.kind === 'item') yield pat(ev.record);
  }
  reportFacts(options, { exportedAt: null, complete: true });
}

function pat(rec: JsonRecord): ObservedNhi {
  rec.object('a PAT grant');
  const id = rec.id('id');
  const owner = rec.child('owner');
  owner.object(`an owner {login} (${SHAPE})`);
  const login = owner.str('login');
  const perms = rec.child('permissions');
  const groups: Record<string, Record<string, string>> = {};
  if (perms.value !== undefined && perms.value !== null) {
    for (const group of Object.keys(perms.object('a permissions object')))
      groups[group] = perms.stringMap(group);
  }
  const selection = rec.optStr('repository_selection');
  const rating = rateGithubPermissions(groups, selection);
  const tokenName = rec.optStr('token_name');
  const expired = rec.optBool('token_expired') ?? false;
  const requestedAt = rec.optDate('created_at');
  const granted = rec.optDate('access_granted_at') ?? requestedAt;
  return nhi({
    kind: 'github-pat',
    provider: 'github',
    externalId: `pat/${id}`,
    name: tokenName ?? `PAT grant ${id} (${login})`,
    owner: { hint: login, source: 'github-owner' },
    purpose: rec.optStr('reason'),
    environment: inferEnvironment(null, tokenName),
    privileged: rating.privileged,
    privilegeSummary: rating.privilegeSummary,
    authMethod: 'static-key',
    status: expired ? 'disabled' : 'active',
    createdAt: granted,
    // A PAT cannot be rotated in place: regenerating it makes a new grant, so the grant date is its rotation date.
    lastRotatedAt: granted,
    lastUsedAt: rec.optDate('token_last_used_at'),
    expiresAt: rec.optDate('token_expires_at'),
    attributes: compact({
      grantId: id,
      tokenId: rec.raw('token_id') === undefined || rec.raw('token_id') === null ? null : rec.id('token_id'),
      ownerLogin: login,
      ownerType: owner.optStr('type'),
      repositorySelection: selection,
      scopes: rating.scopes,
      permissions: flatPermissions(groups),
      usageTracked: true,
      tokenExpired: expired || null,
      noExpiry: rec.raw('token_expires_at') === null ? true : null,
      pendingRequest: requestedAt !== null && rec.raw('access_granted_at') === undefined ? true : null,
    }),
  });
}
