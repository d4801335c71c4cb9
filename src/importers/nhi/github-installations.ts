/**
 * `GET /orgs/{org}/installations` (`{total_count, installations: […]}`). The
 * external id is `installation/<id>`. Installations mint short-lived tokens
 * (federated); they carry no owner and no last use. `suspended_at` marks a
 * suspended (disabled) installation; `updated_at` is the last change of its
 * grant (the review signal); `total_count` above the listed entries means a
 * partial page (not complete). Whether an app is first-party is not in the
 * payload (`appId`/`appSlug` are kept for the rules to decide).
 */
import type { Readable } from 'node:stream';
import type { ObservedNhi } from '../../core/nhi/types.js';
import { rateGithubPermissions } from './github-permissions.js';
import { readGithubList } from './json-collections.js';
import { compact, nhi } from './observation.js';
import type { JsonRecord } from './record.js';
import type { NhiObservation, NhiParseOptions } from './types.js';

const SHAPE = 'the body of `GET /orgs/{org}/installations`: {"total_count": n, "installations": […]}';

/** Parses an organization's GitHub App installations. */
export async function* parseGithubInstallations(
  input: Readable,
  file: string,
  options?: NhiParseOptions,
): AsyncGenerator<NhiObservation> {
  for await (const record of readGithubList(
    input,
    file,
    { shape: SHAPE, rootArray: true, arrays: ['installations'] },
    options,
  ))
    yield installation(record);
}

function installation(rec: JsonRecord): ObservedNhi {
  rec.object('an installation');
  const id = rec.id('id');
  const slug = rec.optStr('app_slug');
  if (rec.raw('app_id') === undefined && slug === null)
    throw rec.error(`expected ${SHAPE}: no app_id or app_slug`);
  const selection = rec.optStr('repository_selection');
  const rating = rateGithubPermissions({ '': rec.stringMap('permissions') }, selection);
  const account = rec.child('account');
  const suspendedAt = rec.optDate('suspended_at');
  const suspendedBy = rec.child('suspended_by');
  const updatedAt = rec.optDate('updated_at');
  return nhi({
    kind: 'github-app-installation',
    provider: 'github',
    externalId: `installation/${id}`,
    name: slug ?? `installation ${id}`,
    privileged: rating.privileged,
    privilegeSummary: rating.privilegeSummary,
    authMethod: 'federated',
    status: suspendedAt ? 'disabled' : 'active',
    createdAt: rec.optDate('created_at'),
    attributes: compact({
      installationId: id,
      appId: rec.raw('app_id') === undefined || rec.raw('app_id') === null ? null : rec.id('app_id'),
      appSlug: slug,
      clientId: rec.optStr('client_id'),
      account: account.isObject ? account.optStr('login') : null,
      targetType: rec.optStr('target_type'),
      repositorySelection: selection,
      scopes: rating.scopes,
      permissions: rec.stringMap('permissions'),
      events: rec.strings('events'),
      singleFilePaths: rec.strings('single_file_paths'),
      permissionsUpdatedAt: updatedAt,
      neverUpdated: updatedAt !== null && updatedAt === rec.optDate('created_at') ? true : null,
      suspendedAt,
      suspendedBy: suspendedBy.isObject ? suspendedBy.optStr('login') : null,
    }),
  });
}
