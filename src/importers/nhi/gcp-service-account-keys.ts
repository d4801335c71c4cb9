/**
 * `gcloud iam service-accounts keys list --format=json` (a bare array, keys
 * of one or several accounts) or the REST body `{keys: […]}`. The external
 * id is the 40-hex key id, which equals `private_key_id` in key files, so
 * scanner findings join directly; the parent is the account e-mail from the
 * key's resource name. `validBeforeTime` 9999-12-31 means no expiry (null,
 * `noExpiry`); `disabled` appears only when true; SYSTEM_MANAGED keys are
 * Google's own (rotated by Google, `systemManaged`), USER_MANAGED are static
 * keys someone downloaded or uploaded.
 */
import type { Readable } from 'node:stream';
import type { ObservedNhi } from '../../core/nhi/types.js';
import { isNeverExpires } from './dates.js';
import { inferEnvironment } from './hints.js';
import { readCollections } from './json-collections.js';
import { compact, nhi, reportFacts } from './observation.js';
import type { JsonRecord } from './record.js';
import type { NhiObservation, NhiParseOptions } from './types.js';

const SHAPE =
  'the output of `gcloud iam service-accounts keys list --format=json`: an array of keys named projects/…/serviceAccounts/…/keys/… (or {"keys": […]})';
const KEY_NAME = /^projects\/([^/]+)\/serviceAccounts\/([^/]+)\/keys\/([0-9a-fA-F]+)$/;

/** Parses a GCP service-account key list. */
export async function* parseGcpServiceAccountKeys(
  input: Readable,
  file: string,
  options?: NhiParseOptions,
): AsyncGenerator<NhiObservation> {
  for await (const ev of readCollections(input, file, { shape: SHAPE, rootArray: true, arrays: ['keys'] })) {
    if (ev.kind === 'item') yield key(ev.record);
  }
  reportFacts(options, { exportedAt: null, complete: true });
}

function key(rec: JsonRecord): ObservedNhi {
  rec.object('a service-account key');
  const name = rec.str('name');
  const m = KEY_NAME.exec(name);
  if (!m)
    throw rec.error(
      `expected a key name projects/…/serviceAccounts/…/keys/<id>, found "${name.slice(0, 80)}"`,
      'name',
    );
  const [, project = '-', email = '', keyId = ''] = m;
  const projectId = project === '-' ? (/@([^.]+)\./.exec(email)?.[1] ?? null) : project;
  const keyType = rec.optStr('keyType');
  if (
    keyType !== null &&
    keyType !== 'USER_MANAGED' &&
    keyType !== 'SYSTEM_MANAGED' &&
    keyType !== 'KEY_TYPE_UNSPECIFIED'
  ) {
    throw rec.error(`unknown keyType "${keyType.slice(0, 40)}"`, 'keyType');
  }
  const validBefore = rec.optDate('validBeforeTime');
  const validAfter = rec.optDate('validAfterTime');
  const disableReason = rec.optStr('disableReason');
  const extended = rec
    .list('extendedStatus')
    .map((s) => `${s.optStr('key') ?? ''}${s.optStr('value') ? `=${s.optStr('value')}` : ''}`);
  const exposed = /EXPOSED|COMPROMISE/.test(`${disableReason ?? ''} ${extended.join(' ')}`);
  const systemManaged = keyType === 'SYSTEM_MANAGED';
  return nhi({
    kind: 'service-account-key',
    provider: 'gcp',
    externalId: keyId.toLowerCase(),
    name: `${email} key ${keyId.slice(0, 8).toLowerCase()}`,
    parentExternalId: email,
    environment: inferEnvironment(null, projectId, email),
    authMethod: systemManaged ? 'unknown' : 'static-key',
    status: rec.optBool('disabled') ? 'disabled' : 'active',
    createdAt: validAfter,
    lastRotatedAt: validAfter,
    expiresAt: isNeverExpires(validBefore) ? null : validBefore,
    attributes: compact({
      resourceName: name,
      keyId: keyId.toLowerCase(),
      projectId,
      accountId: projectId,
      serviceAccount: email,
      keyType,
      userManaged: keyType === 'USER_MANAGED' ? true : null,
      systemManaged: systemManaged || null,
      providerManaged: systemManaged || null,
      keyOrigin: rec.optStr('keyOrigin'),
      keyAlgorithm: rec.optStr('keyAlgorithm'),
      noExpiry: isNeverExpires(validBefore) ? true : null,
      disableReason,
      extendedStatus: extended,
      exposed: exposed || null,
    }),
  });
}
