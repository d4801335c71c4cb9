/**
 * CIS AWS "only one active access key per IAM user": a second active key is
 * usually the old one a rotation left behind, so the retired secret still
 * works (NHI7 Long-Lived Secrets).
 */
import { CIS } from '../benchmarks.js';
import { compareText } from '../order.js';
import { byExternalId, label, makeFinding, type NhiRuleMeta } from './helpers.js';
import type { NhiFinding, NhiRuleContext, NhiRuleIdentity } from './types.js';

/** The multiple-active-keys rule's fixed tags. */
export const MULTIPLE_ACTIVE_KEYS: NhiRuleMeta = {
  id: 'nhi-multiple-active-keys',
  title: 'More than one active access key per user',
  owasp: ['NHI7:2025'],
  soc2: ['CC6.1'],
};

/** Users holding more active access keys than `maxActiveKeysPerUser`; the finding names the user. */
export function findMultipleActiveKeys(ctx: NhiRuleContext): NhiFinding[] {
  const index = byExternalId(ctx.identities);
  const keysByUser = new Map<string, NhiRuleIdentity[]>();
  for (const key of index.values()) {
    if (key.kind !== 'access-key' || key.status !== 'active' || key.parentExternalId === null) continue;
    const userKey = `${key.provider}\u0000${key.parentExternalId}`;
    keysByUser.set(userKey, [...(keysByUser.get(userKey) ?? []), key]);
  }
  const limit = ctx.thresholds.maxActiveKeysPerUser;
  const findings: NhiFinding[] = [];
  for (const [userKey, keys] of keysByUser) {
    if (keys.length <= limit) continue;
    keys.sort((a, b) => compareText(a.externalId, b.externalId));
    // Without the user in the inventory the finding still needs an identity to name: its first key.
    const subject = index.get(userKey) ?? keys[0];
    if (!subject) continue;
    findings.push(
      makeFinding(MULTIPLE_ACTIVE_KEYS, subject, {
        severity: 'medium',
        message: `Deactivate all but ${limit === 1 ? 'one' : limit} of the ${keys.length} active access keys of ${label(subject)}: keep the one in use, then delete the others.`,
        cis: subject.provider === 'aws' ? CIS.awsOneActiveKey : [],
        evidence: {
          user: keys[0]?.parentExternalId ?? null,
          activeKeys: keys.map((k) => ({ externalId: k.externalId, lastUsedAt: k.lastUsedAt })),
          limit,
        },
      }),
    );
  }
  return findings;
}
