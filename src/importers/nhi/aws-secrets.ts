/**
 * `aws secretsmanager list-secrets` (`{SecretList: […], NextToken?}`). Dates
 * come as epoch floats (CLI v1 / `wire`) or ISO strings in any offset (CLI
 * v2); `LastAccessedDate` is a date only and absent when never read;
 * `RotationEnabled` may be absent. A secret with `DeletedDate` is scheduled
 * for deletion and reported as deleted. Rotation is dated by
 * `LastRotatedDate`, or for never-rotated secrets by `LastChangedDate`
 * (`neverRotated` set), or `CreatedDate`. Secrets managed by another service
 * (`OwningService`, `aws:` tags) are marked `managedBy`. A `NextToken` means
 * the export is one page, so not complete.
 */
import type { Readable } from 'node:stream';
import type { ObservedNhi } from '../../core/nhi/types.js';
import { inferEnvironment, ownerFromTags } from './hints.js';
import { readCollections } from './json-collections.js';
import { compact, nhi, reportFacts } from './observation.js';
import type { JsonRecord } from './record.js';
import type { NhiObservation, NhiParseOptions } from './types.js';

const SHAPE = 'the output of `aws secretsmanager list-secrets`: {"SecretList": […]}';

/** Parses `list-secrets` into `secret` identities. */
export async function* parseAwsSecrets(
  input: Readable,
  file: string,
  options?: NhiParseOptions,
): AsyncGenerator<NhiObservation> {
  let nextToken = false;
  for await (const ev of readCollections(input, file, {
    shape: SHAPE,
    arrays: ['SecretList'],
    fields: ['NextToken'],
  })) {
    if (ev.kind === 'field') {
      if (ev.key === 'NextToken' && typeof ev.record.value === 'string' && ev.record.value !== '')
        nextToken = true;
      continue;
    }
    yield secret(ev.record);
  }
  reportFacts(options, { exportedAt: null, complete: !nextToken });
}

function secret(rec: JsonRecord): ObservedNhi {
  rec.object('a secret');
  const arn = rec.str('ARN');
  const name = rec.str('Name');
  const tags = rec.awsTags('Tags');
  const userTags = Object.fromEntries(Object.entries(tags).filter(([k]) => !k.startsWith('aws:')));
  const rules = rec.child('RotationRules');
  const lastRotated = rec.optDate('LastRotatedDate');
  const lastChanged = rec.optDate('LastChangedDate');
  const created = rec.optDate('CreatedDate');
  const deleted = rec.optDate('DeletedDate');
  const stages = rec.child('SecretVersionsToStages');
  let pendingStuck = false;
  if (stages.isObject) {
    for (const version of Object.keys(stages.object())) {
      const labels = stages.strings(version);
      if (labels.includes('AWSPENDING') && !labels.includes('AWSCURRENT')) pendingStuck = true;
    }
  }
  const region = /^arn:aws[\w-]*:secretsmanager:([^:]+):/.exec(arn)?.[1] ?? null;
  const primaryRegion = rec.optStr('PrimaryRegion');
  const owningService = rec.optStr('OwningService') ?? tags['aws:secretsmanager:owningService'] ?? null;
  const vendor = Object.entries(userTags).find(([k]) => k.toLowerCase() === 'vendor')?.[1] ?? null;
  return nhi({
    kind: 'secret',
    provider: 'aws',
    externalId: arn,
    name,
    owner: ownerFromTags(userTags, 'tag'),
    purpose: rec.optStr('Description'),
    environment: inferEnvironment(userTags, name),
    authMethod: 'static-key',
    status: deleted ? 'deleted' : 'active',
    createdAt: created,
    lastUsedAt: rec.optDate('LastAccessedDate'),
    lastRotatedAt: lastRotated ?? lastChanged ?? created,
    attributes: compact({
      region,
      tags: userTags,
      vendor,
      thirdParty: vendor !== null ? true : null,
      kmsKeyId: rec.optStr('KmsKeyId'),
      rotationEnabled: rec.optBool('RotationEnabled') ?? false,
      rotationIntervalDays: rules.isObject ? rules.optNum('AutomaticallyAfterDays') : null,
      rotationSchedule: rules.isObject ? rules.optStr('ScheduleExpression') : null,
      rotationLambdaArn: rec.optStr('RotationLambdaARN'),
      lastChangedAt: lastChanged,
      nextRotationAt: rec.optDate('NextRotationDate'),
      neverRotated: lastRotated === null ? true : null,
      pendingVersionStuck: pendingStuck || null,
      deletedAt: deleted,
      managedBy: owningService,
      providerManaged: owningService !== null ? true : null,
      // LastAccessedDate is omitted for a secret never retrieved.
      usageTracked: true,
      primaryRegion,
      replica: primaryRegion !== null && region !== null && primaryRegion !== region ? true : null,
    }),
  });
}
