/**
 * CIS AWS "no root user access key": the root user cannot be limited by any
 * policy, so a static key for it is the most dangerous credential an account
 * can hold (NHI5 Overprivileged, NHI7 Long-Lived Secrets).
 */
import { attrBool, NHI_ATTRIBUTES } from '../attributes.js';
import { CIS } from '../benchmarks.js';
import { byExternalId, label, makeFinding, type NhiRuleMeta, parentOf } from './helpers.js';
import type { NhiFinding, NhiRuleContext, NhiRuleIdentity } from './types.js';

/** The root-access-key rule's fixed tags. */
export const ROOT_ACCESS_KEY: NhiRuleMeta = {
  id: 'nhi-root-access-key',
  title: 'Access key on the root account',
  owasp: ['NHI5:2025', 'NHI7:2025'],
  soc2: ['CC6.1', 'CC6.3'],
};

/** Active access keys of the AWS root user (critical). */
export function findRootAccessKeys(ctx: NhiRuleContext): NhiFinding[] {
  const index = byExternalId(ctx.identities);
  return ctx.identities.flatMap((key) => {
    if (key.kind !== 'access-key' || key.status !== 'active') return [];
    const parent = parentOf(key, index);
    if (!isRoot(key) && !(parent && isRoot(parent)) && !isRootId(key.parentExternalId)) return [];
    return [
      makeFinding(ROOT_ACCESS_KEY, key, {
        severity: 'critical',
        message: `Delete the root user's access key ${label(key)}: no policy can limit it. Do the task it serves with an IAM role, and keep root for the few tasks only root can do.`,
        cis: CIS.awsRootAccessKey,
        evidence: {
          user: key.parentExternalId,
          lastUsedAt: key.lastUsedAt,
          lastRotatedAt: key.lastRotatedAt,
        },
      }),
    ];
  });
}

function isRoot(nhi: NhiRuleIdentity): boolean {
  return (
    attrBool(nhi, NHI_ATTRIBUTES.root) === true || isRootId(nhi.externalId) || nhi.name === '<root_account>'
  );
}

// The credential report names the root user `<root_account>` with ARN `arn:aws:iam::N:root`.
function isRootId(id: string | null): boolean {
  return id !== null && (/^arn:aws[\w-]*:iam::\d+:root$/.test(id) || id === '<root_account>');
}
