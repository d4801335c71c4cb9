/**
 * What every NHI rule shares: building a finding from a rule's fixed tags,
 * and a few questions asked of identities in several rules.
 */
import { attrString, NHI_ATTRIBUTES } from '../attributes.js';
import type { CisRef } from '../benchmarks.js';
import { type JsonValue, uniqueByKey } from '../order.js';
import type { NhiFinding, NhiRuleIdentity, NhiSeverity, OwaspNhiId } from './types.js';

/** The fixed tags of one rule. */
export interface NhiRuleMeta {
  id: string;
  title: string;
  owasp: OwaspNhiId[];
  soc2: string[];
}

/** What varies from one finding of a rule to the next. */
export interface FindingFacts {
  severity: NhiSeverity;
  message: string;
  evidence: { [key: string]: JsonValue };
  cis?: readonly CisRef[];
}

/** A finding of `meta`'s rule on `identity`. */
export function makeFinding(meta: NhiRuleMeta, identity: NhiRuleIdentity, facts: FindingFacts): NhiFinding {
  return {
    rule: meta.id,
    title: meta.title,
    severity: facts.severity,
    nhiExternalId: identity.externalId,
    nhiKind: identity.kind,
    provider: identity.provider,
    message: facts.message,
    owasp: [...meta.owasp],
    cis: (facts.cis ?? []).map((ref) => ({ ...ref })),
    soc2: [...meta.soc2],
    evidence: facts.evidence,
  };
}

/** One level up (medium → high), for privileged identities: the same gap costs more there. */
export function raise(severity: NhiSeverity, when: boolean): NhiSeverity {
  if (!when) return severity;
  return severity === 'low' ? 'medium' : severity === 'medium' ? 'high' : 'critical';
}

/** How a person would name the identity in a sentence: `access-key "svc-ci key 1" (aws)`. */
export function label(identity: NhiRuleIdentity): string {
  const name = identity.name.trim() || identity.externalId;
  return `${identity.kind} "${name}" (${identity.provider})`;
}

/** The AWS account an identity lives in, from its ARN (own, attribute, or parent's) or `accountId`. */
export function awsAccountOf(identity: NhiRuleIdentity): string | null {
  for (const candidate of [
    identity.externalId,
    attrString(identity, NHI_ATTRIBUTES.arn),
    identity.parentExternalId,
  ]) {
    const m = candidate ? /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(candidate) : null;
    if (m?.[1]) return m[1];
  }
  return attrString(identity, NHI_ATTRIBUTES.accountId);
}

/** Identities by provider + external id (one per key, the same whatever the input order), for parent/child questions. */
export function byExternalId(identities: readonly NhiRuleIdentity[]): Map<string, NhiRuleIdentity> {
  return uniqueByKey(identities);
}

/** The parent of an identity (the user of a key), when it is in the context. */
export function parentOf(
  identity: NhiRuleIdentity,
  index: Map<string, NhiRuleIdentity>,
): NhiRuleIdentity | undefined {
  if (identity.parentExternalId === null) return undefined;
  return index.get(`${identity.provider}\u0000${identity.parentExternalId}`);
}

/** Whether the credential authenticates by federation rather than a stored secret (nothing to rotate). */
export function isFederated(identity: NhiRuleIdentity): boolean {
  return identity.authMethod === 'federated' || identity.authMethod === 'oidc';
}
