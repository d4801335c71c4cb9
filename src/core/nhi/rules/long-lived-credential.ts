/**
 * NHI7 Long-Lived Secrets: a credential with no expiry, or one that expires
 * further out than policy allows (GitHub's fine-grained PAT org default is
 * 366 days; GCP user-managed keys default to 10 years; some secrets are set
 * to 9999 or 2299), outlives the people and reasons that created it.
 */

import { toDayNumber } from '../../dates.js';
import { attrBool, isProviderManaged, NHI_ATTRIBUTES } from '../attributes.js';
import { CIS, type CisRef } from '../benchmarks.js';
import { dayNumberOf, dayOf } from '../timestamps.js';
import type { NhiKind } from '../types.js';
import { isFederated, label, makeFinding, type NhiRuleMeta, raise } from './helpers.js';
import type { NhiFinding, NhiRuleContext, NhiRuleIdentity } from './types.js';

/** The long-lived-credential rule's fixed tags. */
export const LONG_LIVED_CREDENTIAL: NhiRuleMeta = {
  id: 'nhi-long-lived-credential',
  title: 'Credential with no expiry or an expiry beyond policy',
  owasp: ['NHI7:2025'],
  soc2: ['CC6.1'],
};

/** Kinds that carry an expiry date, so that its absence or distance means something. */
export const EXPIRING_KINDS: readonly NhiKind[] = [
  'github-pat',
  'api-token',
  'service-account-key',
  'client-secret',
  'certificate',
  'k8s-token',
];

/**
 * Kinds whose exports always carry the expiry, so that none means "never
 * expires". Elsewhere (IAM signing certificates) a missing date only means the
 * export does not say, unless the importer sets `noExpiry`.
 */
export const EXPIRY_REPORTED_KINDS: readonly NhiKind[] = [
  'github-pat',
  'api-token',
  'service-account-key',
  'client-secret',
  'k8s-token',
];

// GCP writes "no expiry" as 9999-12-31T23:59:59Z.
const NEVER = toDayNumber('9999-01-01');

/** Active credentials that never expire, or whose lifetime exceeds `maxTokenLifetimeDays`. */
export function findLongLivedCredentials(ctx: NhiRuleContext): NhiFinding[] {
  const max = ctx.thresholds.maxTokenLifetimeDays;
  const today = toDayNumber(ctx.at);
  return ctx.identities.flatMap((nhi) => {
    if (nhi.status !== 'active' || !EXPIRING_KINDS.includes(nhi.kind)) return [];
    if (isFederated(nhi) || isProviderManaged(nhi)) return [];
    const expires = dayNumberOf(nhi.expiresAt);
    // An unparseable expiry is not "no expiry": the export says something we cannot read.
    if (nhi.expiresAt !== null && expires === null) return [];
    if (expires !== null && expires < today) return [];
    const declaredNone =
      attrBool(nhi, NHI_ATTRIBUTES.noExpiry) === true || EXPIRY_REPORTED_KINDS.includes(nhi.kind);
    if (expires === null && !declaredNone) return [];
    const noExpiry = expires === null || expires >= NEVER;
    // Lifetime counts from issue; when the issue date is unknown, what is left from T is a lower bound.
    const issuedOn = dayNumberOf(nhi.createdAt) ?? dayNumberOf(nhi.lastRotatedAt);
    const issued = issuedOn ?? today;
    const lifetime = expires === null || noExpiry ? null : expires - issued;
    if (!noExpiry && (lifetime === null || lifetime <= max)) return [];
    const message = noExpiry
      ? `Replace ${label(nhi)} with a credential that expires within ${max} days (or a federated one), then revoke it: it never expires.`
      : `Replace ${label(nhi)} with a credential that expires within ${max} days, then revoke it: it expires on ${dayOf(nhi.expiresAt)}, ${lifetime} days ${issuedOn === null ? 'from now' : 'after it was issued'}.`;
    return [
      makeFinding(LONG_LIVED_CREDENTIAL, nhi, {
        severity: raise('medium', nhi.privileged),
        message,
        cis: cisFor(nhi),
        evidence: {
          expiresAt: nhi.expiresAt,
          issuedAt: nhi.createdAt ?? nhi.lastRotatedAt,
          noExpiry,
          lifetimeDays: lifetime,
          maxLifetimeDays: max,
        },
      }),
    ];
  });
}

// CIS GCP 1.4 is the control that names the 10-year default of user-managed keys.
function cisFor(nhi: NhiRuleIdentity): readonly CisRef[] {
  return nhi.provider === 'gcp' && nhi.kind === 'service-account-key' ? CIS.gcpNoUserManagedKeys : [];
}
