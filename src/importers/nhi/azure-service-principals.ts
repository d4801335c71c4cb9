/**
 * `az ad sp list --all` (a bare array) or the Graph body `{value: […]}`.
 * Each service principal yields itself, then one `client-secret` or
 * `certificate` child per credential held on the SP. Entries that are one
 * credential (a SAML signing cert appears as Sign + Verify keyCredentials
 * plus a passwordCredential sharing a keyId/thumbprint) are merged. Managed
 * identities' certificates are platform-managed and auto-rotated, so they
 * are counted (`platformCredentials`) but not emitted. `endDateTime` in
 * 2299 (the legacy "never" option) means no expiry. Owner hints: an
 * `owners` list when the export was enriched with it, an `Owner: x` /
 * `owner=x` note in `notes`, then `notificationEmailAddresses`.
 */
import type { Readable } from 'node:stream';
import type { NhiStatus, ObservedNhi } from '../../core/nhi/types.js';
import { isNeverExpires } from './dates.js';
import { backupFromText, cleanOwner, inferEnvironment, type OwnerHint, ownerFromText } from './hints.js';
import { readCollections } from './json-collections.js';
import { compact, nhi, reportFacts } from './observation.js';
import type { JsonRecord } from './record.js';
import type { NhiObservation, NhiParseOptions } from './types.js';

const SHAPE = 'the output of `az ad sp list`: an array of service principals (or the Graph {"value": […]})';
/** Tenants of Microsoft's own first-party apps (Microsoft Services, Microsoft corp). */
const MICROSOFT_TENANTS = new Set([
  'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
  '72f988bf-86f1-41af-91ab-2d7cd011db47',
]);

/** Parses an Entra service-principal list. */
export async function* parseAzureServicePrincipals(
  input: Readable,
  file: string,
  options?: NhiParseOptions,
): AsyncGenerator<NhiObservation> {
  let nextLink = false;
  for await (const ev of readCollections(input, file, {
    shape: SHAPE,
    rootArray: true,
    arrays: ['value'],
    fields: ['@odata.nextLink'],
  })) {
    if (ev.kind === 'field') {
      if (typeof ev.record.value === 'string' && ev.record.value !== '') nextLink = true;
      continue;
    }
    yield* servicePrincipal(ev.record, options?.scope ?? null);
  }
  reportFacts(options, { exportedAt: null, complete: !nextLink });
}

function ownerOf(rec: JsonRecord): OwnerHint | null {
  for (const o of rec.list('owners')) {
    const value =
      typeof o.value === 'string'
        ? o.value
        : (o.optStr('mail') ?? o.optStr('userPrincipalName') ?? o.optStr('displayName'));
    const hint = value ? cleanOwner(value) : null;
    if (hint) return { hint, source: 'azure-owner' };
  }
  const fromNotes = ownerFromText(rec.optStr('notes'));
  if (fromNotes) return { hint: fromNotes, source: 'description' };
  const notify = rec.strings('notificationEmailAddresses')[0];
  const hint = notify ? cleanOwner(notify) : null;
  return hint ? { hint, source: 'azure-owner' } : null;
}

/**
 * Third-party: owned by another tenant when the tenant is known (`options.scope`), else a
 * gallery app or one with a verified publisher; never Microsoft's own apps or managed identities.
 * Null when the export cannot tell.
 */
function thirdParty(
  ownerOrg: string | null,
  firstParty: boolean,
  managed: boolean,
  tags: string[],
  publisher: JsonRecord,
  tenant: string | null,
): boolean | null {
  if (firstParty || managed) return false;
  if (tenant !== null && ownerOrg !== null) return ownerOrg.toLowerCase() !== tenant.toLowerCase();
  const gallery = tags.some((t) => t.startsWith('WindowsAzureActiveDirectoryGalleryApplication'));
  const verified = publisher.isObject && publisher.optStr('verifiedPublisherId') !== null;
  return gallery || verified ? true : null;
}

interface Credential {
  rec: JsonRecord;
  keyId: string;
  group: string;
  certificate: boolean;
}

function servicePrincipal(rec: JsonRecord, tenant: string | null): ObservedNhi[] {
  rec.object('a service principal');
  if (rec.raw('appId') === undefined && rec.raw('servicePrincipalType') === undefined) {
    throw rec.error(`expected ${SHAPE}: this record has neither appId nor servicePrincipalType`);
  }
  const id = rec.str('id');
  const displayName = rec.optStr('displayName') ?? rec.optStr('appDisplayName') ?? id;
  const type = rec.optStr('servicePrincipalType');
  const managed = type === 'ManagedIdentity';
  const alternative = rec.strings('alternativeNames');
  const tags = rec.strings('tags');
  const owner = ownerOf(rec);
  const status: NhiStatus = rec.optDate('deletedDateTime')
    ? 'deleted'
    : rec.optBool('accountEnabled') === false
      ? 'disabled'
      : 'active';
  const resourceId = alternative.find((a) => a.startsWith('/subscriptions/')) ?? null;
  const environment = inferEnvironment(null, displayName, resourceId);
  const ownerOrg = rec.optStr('appOwnerOrganizationId');
  const publisher = rec.child('verifiedPublisher');
  const firstParty = ownerOrg !== null && MICROSOFT_TENANTS.has(ownerOrg);
  const creds: Credential[] = [];
  for (const [key, certificate] of [
    ['keyCredentials', true],
    ['passwordCredentials', false],
  ] as const) {
    for (const c of rec.list(key)) {
      c.object('a credential');
      const keyId = c.str('keyId');
      creds.push({ rec: c, keyId, group: c.optStr('customKeyIdentifier') ?? keyId, certificate });
    }
  }
  // Entries sharing a keyId or a thumbprint (customKeyIdentifier) are one credential.
  for (let changed = true; changed; ) {
    changed = false;
    for (const a of creds) {
      for (const b of creds) {
        if (a.keyId === b.keyId && b.group < a.group) {
          a.group = b.group;
          changed = true;
        }
      }
    }
  }
  const groups = new Map<string, Credential[]>();
  for (const c of creds) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
  const children = managed
    ? []
    : [...groups.values()].map((g) => credential(g, id, displayName, owner, environment, status));
  const hasSecret = children.some((c) => c.kind === 'client-secret');
  const sp = nhi({
    kind: 'service-principal',
    provider: 'azure',
    externalId: id,
    name: displayName,
    owner,
    purpose: rec.optStr('description') ?? rec.optStr('appDescription'),
    environment,
    authMethod: managed
      ? 'federated'
      : hasSecret
        ? 'static-key'
        : children.length > 0
          ? 'certificate'
          : 'unknown',
    status,
    createdAt: rec.optDate('createdDateTime'),
    attributes: compact({
      appId: rec.optStr('appId'),
      servicePrincipalType: type,
      appOwnerOrganizationId: ownerOrg,
      microsoftFirstParty: firstParty || null,
      thirdParty: thirdParty(ownerOrg, firstParty, managed, tags, publisher, tenant),
      managedIdentity: managed || null,
      providerManaged: managed || firstParty || null,
      userAssigned: managed ? alternative.includes('isExplicit=True') : null,
      managedIdentityResourceId: resourceId,
      platformCredentials: managed ? groups.size : null,
      verifiedPublisher: publisher.isObject ? publisher.optStr('displayName') : null,
      applicationTemplateId: rec.optStr('applicationTemplateId'),
      galleryApp: tags.some((t) => t.startsWith('WindowsAzureActiveDirectoryGalleryApplication')) || null,
      tags,
      signInAudience: rec.optStr('signInAudience'),
      appRoleAssignmentRequired: rec.optBool('appRoleAssignmentRequired'),
      preferredSingleSignOnMode: rec.optStr('preferredSingleSignOnMode'),
      backupOwnerHint: backupFromText(rec.optStr('notes')),
      notes: rec.optStr('notes'),
    }),
  });
  return [sp, ...children];
}

function credential(
  group: Credential[],
  spId: string,
  spName: string,
  owner: OwnerHint | null,
  environment: string | null,
  status: NhiStatus,
): ObservedNhi {
  const certificate = group.some((c) => c.certificate);
  const keyIds = [...new Set(group.map((c) => c.keyId))].sort();
  const starts = group
    .map((c) => c.rec.optDate('startDateTime'))
    .filter((d): d is string => d !== null)
    .sort();
  const ends = group
    .map((c) => c.rec.optDate('endDateTime'))
    .filter((d): d is string => d !== null)
    .sort();
  const end = ends[ends.length - 1] ?? null;
  const label = group.map((c) => c.rec.optStr('displayName')).find((n) => n !== null) ?? null;
  return nhi({
    kind: certificate ? 'certificate' : 'client-secret',
    provider: 'azure',
    externalId: `${spId}/credentials/${keyIds[0]}`,
    name: `${spName} ${certificate ? 'certificate' : 'client secret'}${label ? ` ${label}` : ''}`,
    parentExternalId: spId,
    owner,
    environment,
    authMethod: certificate ? 'certificate' : 'static-key',
    status,
    createdAt: starts[0] ?? null,
    lastRotatedAt: starts[0] ?? null,
    expiresAt: isNeverExpires(end) ? null : end,
    attributes: compact({
      keyIds,
      displayName: label,
      hint: group.map((c) => c.rec.optStr('hint')).find((h) => h !== null) ?? null,
      usages: [...new Set(group.map((c) => c.rec.optStr('usage')).filter((u): u is string => u !== null))],
      noExpiry: isNeverExpires(end) ? true : null,
      endDateTime: end,
    }),
  });
}
