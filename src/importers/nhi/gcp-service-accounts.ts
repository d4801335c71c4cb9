/**
 * `gcloud iam service-accounts list --format=json` (a bare array) or the REST
 * `projects.serviceAccounts.list` body (`{accounts: […]}`). `disabled` and
 * `description` are omitted when false/empty. The external id is the
 * account e-mail (the keys list names its keys under it). Owners are read
 * from an `Owner: …` note in the description; the environment from the
 * project id. The list carries no IAM bindings, so no privilege.
 */
import type { Readable } from 'node:stream';
import type { ObservedNhi } from '../../core/nhi/types.js';
import { inferEnvironment, ownerFromText } from './hints.js';
import { readCollections } from './json-collections.js';
import { compact, nhi, reportFacts } from './observation.js';
import type { JsonRecord } from './record.js';
import type { NhiObservation, NhiParseOptions } from './types.js';

const SHAPE =
  'the output of `gcloud iam service-accounts list --format=json`: an array of service accounts (or {"accounts": […]})';

/** Parses a GCP service-account list. */
export async function* parseGcpServiceAccounts(
  input: Readable,
  file: string,
  options?: NhiParseOptions,
): AsyncGenerator<NhiObservation> {
  let nextPage = false;
  for await (const ev of readCollections(input, file, {
    shape: SHAPE,
    rootArray: true,
    arrays: ['accounts'],
    fields: ['nextPageToken'],
  })) {
    if (ev.kind === 'field') {
      if (typeof ev.record.value === 'string' && ev.record.value !== '') nextPage = true;
      continue;
    }
    yield serviceAccount(ev.record);
  }
  reportFacts(options, { exportedAt: null, complete: !nextPage });
}

function serviceAccount(rec: JsonRecord): ObservedNhi {
  rec.object('a service account');
  if (rec.raw('keyType') !== undefined || rec.raw('validAfterTime') !== undefined) {
    throw rec.error(
      `this is a service-account key; expected ${SHAPE} (use gcp-service-account-keys for keys)`,
    );
  }
  const email = rec.str('email');
  if (!email.includes('@'))
    throw rec.error(`expected a service-account e-mail, found "${email.slice(0, 60)}"`, 'email');
  const name = rec.optStr('name');
  const projectId = rec.optStr('projectId') ?? /^projects\/([^/]+)\//.exec(name ?? '')?.[1] ?? null;
  const description = rec.optStr('description');
  const owner = ownerFromText(description);
  const domain = email.slice(email.indexOf('@') + 1);
  return nhi({
    kind: 'service-account',
    provider: 'gcp',
    externalId: email,
    name: rec.optStr('displayName') ?? email,
    owner: owner ? { hint: owner, source: 'description' } : null,
    purpose: description,
    environment: inferEnvironment(null, projectId, email),
    status: rec.optBool('disabled') ? 'disabled' : 'active',
    attributes: compact({
      resourceName: name,
      projectId,
      accountId: projectId,
      email,
      uniqueId: rec.optStr('uniqueId'),
      oauth2ClientId: rec.optStr('oauth2ClientId'),
      // Google-created default accounts (Compute Engine, App Engine) carry broad default grants.
      defaultServiceAccount:
        domain === 'developer.gserviceaccount.com' || domain === 'appspot.gserviceaccount.com' ? true : null,
    }),
  });
}
