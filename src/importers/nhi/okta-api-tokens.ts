/**
 * Okta `GET /api/v1/api-tokens` (a bare array). Dates are `created` (not
 * `createdAt`), `lastUpdated` and `expiresAt`. Okta tokens expire after
 * `tokenWindow` (ISO-8601 duration, e.g. `P30D`; null in some responses)
 * without use, and live responses show `expiresAt = lastUpdated +
 * tokenWindow`: `lastUpdated` therefore behaves as the last use, and idle
 * tokens drop out of the list. A token cannot be rotated, so `created` is
 * its rotation date. `userId` (the creating admin) is the owner hint;
 * resolving it to an e-mail needs `GET /api/v1/users/{id}`.
 */
import type { Readable } from 'node:stream';
import type { ObservedNhi } from '../../core/nhi/types.js';
import { durationDays } from './dates.js';
import { inferEnvironment } from './hints.js';
import { readCollections } from './json-collections.js';
import { compact, nhi, reportFacts } from './observation.js';
import type { JsonRecord } from './record.js';
import type { NhiObservation, NhiParseOptions } from './types.js';

const SHAPE = 'the body of Okta `GET /api/v1/api-tokens`: an array of tokens {id, name, userId, created, …}';

/** Parses Okta API tokens. */
export async function* parseOktaApiTokens(
  input: Readable,
  file: string,
  options?: NhiParseOptions,
): AsyncGenerator<NhiObservation> {
  for await (const ev of readCollections(input, file, { shape: SHAPE, rootArray: true })) {
    if (ev.kind === 'item') yield apiToken(ev.record);
  }
  reportFacts(options, { exportedAt: null, complete: true });
}

function apiToken(rec: JsonRecord): ObservedNhi {
  rec.object('an API token');
  const id = rec.str('id');
  if (rec.raw('userId') === undefined && rec.raw('tokenWindow') === undefined) {
    throw rec.error(`expected ${SHAPE}: no userId or tokenWindow`);
  }
  const name = rec.optStr('name') ?? id;
  const userId = rec.optStr('userId');
  const windowText = rec.optStr('tokenWindow');
  const windowDays = durationDays(windowText);
  if (windowText !== null && windowDays === null)
    throw rec.error(`expected an ISO-8601 duration, found "${windowText.slice(0, 40)}"`, 'tokenWindow');
  const network = rec.child('network');
  const created = rec.optDate('created');
  return nhi({
    kind: 'api-token',
    provider: 'okta',
    externalId: id,
    name,
    owner: userId ? { hint: userId, source: 'created-by' } : null,
    environment: inferEnvironment(null, name),
    authMethod: 'static-key',
    createdAt: created,
    lastUsedAt: rec.optDate('lastUpdated'),
    lastRotatedAt: created,
    expiresAt: rec.optDate('expiresAt'),
    attributes: compact({
      userId,
      // lastUpdated moves with each use (expiresAt = lastUpdated + tokenWindow).
      usageTracked: true,
      clientName: rec.optStr('clientName'),
      tokenWindow: windowText,
      idleExpiryDays: windowDays,
      networkConnection: network.isObject ? network.optStr('connection') : null,
      networkInclude: network.isObject ? network.strings('include') : null,
      networkExclude: network.isObject ? network.strings('exclude') : null,
    }),
  });
}
