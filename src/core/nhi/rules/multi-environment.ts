/**
 * NHI8 Environment Isolation: the same identity or credential used in more
 * than one environment, so that a leak from dev or staging reaches prod.
 * Seen three ways: an identity tagged with several environments, several
 * records of one identity in different environments, or one credential value
 * (same `credentialFingerprint`) stored in several places.
 */
import { attrString, attrStrings, NHI_ATTRIBUTES } from '../attributes.js';
import { compareText, contentComparator, identityKey } from '../order.js';
import { label, makeFinding, type NhiRuleMeta } from './helpers.js';
import type { NhiFinding, NhiRuleContext, NhiRuleIdentity } from './types.js';

/** The multi-environment rule's fixed tags. */
export const MULTI_ENVIRONMENT: NhiRuleMeta = {
  id: 'nhi-multi-environment',
  title: 'Identity or credential shared across environments',
  owasp: ['NHI8:2025'],
  soc2: ['CC6.1'],
};

const ALIASES: Record<string, string> = {
  production: 'prod',
  prd: 'prod',
  live: 'prod',
  stage: 'staging',
  stg: 'staging',
  development: 'dev',
  develop: 'dev',
  testing: 'test',
  qa: 'test',
};

/** An environment name in one spelling (`Production` → `prod`, `stage` → `staging`). */
export function normalizeEnvironment(name: string): string {
  const key = name.trim().toLowerCase();
  return ALIASES[key] ?? key;
}

/** Active identities whose own records or whose credential value span more than one environment. */
export function findMultiEnvironment(ctx: NhiRuleContext): NhiFinding[] {
  const records = new Map<string, NhiRuleIdentity[]>();
  const holders = new Map<string, Set<string>>();
  for (const nhi of ctx.identities) {
    if (nhi.status !== 'active') continue;
    const key = identityKey(nhi);
    records.set(key, [...(records.get(key) ?? []), nhi]);
    const fingerprint = attrString(nhi, NHI_ATTRIBUTES.credentialFingerprint);
    if (fingerprint) holders.set(fingerprint, (holders.get(fingerprint) ?? new Set()).add(key));
  }
  // Every record of one identity counts: its environments are the union of theirs.
  const envsOf = (key: string) =>
    [...new Set((records.get(key) ?? []).flatMap(environmentsOf))].sort(compareText);
  const content = contentComparator<NhiRuleIdentity>();
  const findings: NhiFinding[] = [];
  for (const [key, own] of records) {
    const subject = [...own].sort(content)[0];
    if (!subject) continue;
    const sharers = new Set<string>();
    for (const nhi of own) {
      const fingerprint = attrString(nhi, NHI_ATTRIBUTES.credentialFingerprint);
      for (const other of fingerprint ? (holders.get(fingerprint) ?? []) : [])
        if (other !== key) sharers.add(other);
    }
    const others = [...sharers].sort(compareText);
    const envs = [...new Set([key, ...others].flatMap(envsOf))].sort(compareText);
    if (envs.length < 2) continue;
    const sharedWith = others.map((other) => {
      const first = records.get(other)?.[0];
      return {
        provider: first?.provider ?? '',
        externalId: first?.externalId ?? '',
        environments: envsOf(other),
      };
    });
    findings.push(
      makeFinding(MULTI_ENVIRONMENT, subject, {
        // Sharing between two non-production environments is untidy; sharing with prod is the risk.
        severity: envs.includes('prod') ? 'high' : 'medium',
        message: `Issue a separate credential per environment for ${label(subject)}: the same ${others.length > 0 ? 'secret' : 'identity'} is used in ${envs.join(', ')}. Then revoke the shared one.`,
        evidence: { environments: envs, sharedWith },
      }),
    );
  }
  return findings;
}

function environmentsOf(nhi: NhiRuleIdentity): string[] {
  const all = [nhi.environment ?? '', ...attrStrings(nhi, NHI_ATTRIBUTES.environments)]
    .filter((e) => e.trim() !== '')
    .map(normalizeEnvironment);
  return [...new Set(all)].sort(compareText);
}
