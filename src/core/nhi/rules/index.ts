/**
 * All NHI rules in their fixed order, and the one call that runs them.
 */
import { assertIsoDate } from '../../dates.js';
import { attrBool, NHI_ATTRIBUTES } from '../attributes.js';
import { compareText, contentComparator } from '../order.js';
import { ADMIN_PRIVILEGES, findAdminPrivileges } from './admin-privileges.js';
import type { NhiRuleMeta } from './helpers.js';
import { findHumanUse, HUMAN_USE } from './human-use.js';
import { findLeakedNotRotated, LEAKED_NOT_ROTATED } from './leaked-not-rotated.js';
import { findLongLivedCredentials, LONG_LIVED_CREDENTIAL } from './long-lived-credential.js';
import { findMultiEnvironment, MULTI_ENVIRONMENT } from './multi-environment.js';
import { findMultipleActiveKeys, MULTIPLE_ACTIVE_KEYS } from './multiple-active-keys.js';
import { findOrphaned, ORPHANED } from './orphaned.js';
import { findRootAccessKeys, ROOT_ACCESS_KEY } from './root-access-key.js';
import { findRotationOverdue, ROTATION_OVERDUE } from './rotation-overdue.js';
import { findStaticCiCredentials, STATIC_CI_CREDENTIAL } from './static-ci-credential.js';
import { findThirdPartyUnreviewed, THIRD_PARTY_UNREVIEWED } from './third-party-unreviewed.js';
import type { NhiFinding, NhiRule, NhiRuleContext } from './types.js';
import { findUnused, UNUSED } from './unused.js';

/** Every NHI rule with its tags, in the order findings are listed (roughly: most severe first). */
export const NHI_RULES: readonly { meta: NhiRuleMeta; evaluate: NhiRule }[] = [
  { meta: ROOT_ACCESS_KEY, evaluate: findRootAccessKeys },
  { meta: LEAKED_NOT_ROTATED, evaluate: findLeakedNotRotated },
  { meta: ORPHANED, evaluate: findOrphaned },
  { meta: ADMIN_PRIVILEGES, evaluate: findAdminPrivileges },
  { meta: STATIC_CI_CREDENTIAL, evaluate: findStaticCiCredentials },
  { meta: THIRD_PARTY_UNREVIEWED, evaluate: findThirdPartyUnreviewed },
  { meta: HUMAN_USE, evaluate: findHumanUse },
  { meta: MULTI_ENVIRONMENT, evaluate: findMultiEnvironment },
  { meta: ROTATION_OVERDUE, evaluate: findRotationOverdue },
  { meta: LONG_LIVED_CREDENTIAL, evaluate: findLongLivedCredentials },
  { meta: MULTIPLE_ACTIVE_KEYS, evaluate: findMultipleActiveKeys },
  { meta: UNUSED, evaluate: findUnused },
];

/** The stable ids of every NHI rule. */
export const NHI_RULE_IDS: readonly string[] = NHI_RULES.map((r) => r.meta.id);

/**
 * Run every rule at T and list the findings in a fixed order: by rule, then
 * provider, external id and content, so that the same inventory always gives
 * the same list whatever the order of its records.
 */
export function evaluateNhiRules(ctx: NhiRuleContext): NhiFinding[] {
  assertIsoDate(ctx.at, 'T');
  const machines = { ...ctx, identities: withoutPeople(ctx.identities) };
  const credentials = { ...ctx, identities: withoutPeople(ctx.identities, { keepKeys: true }) };
  const findings = NHI_RULES.flatMap(({ meta, evaluate }) =>
    evaluate(KEY_HYGIENE_RULES.has(meta.id) ? credentials : machines),
  );
  const order = (f: NhiFinding) => NHI_RULE_IDS.indexOf(f.rule);
  const content = contentComparator<NhiFinding>();
  return findings.sort(
    (a, b) =>
      order(a) - order(b) ||
      compareText(a.provider, b.provider) ||
      compareText(a.nhiExternalId, b.nhiExternalId) ||
      content(a, b),
  );
}

/**
 * The rules a person's own access key is judged by too: a static key is a credential whatever holds it,
 * and CIS AWS asks that every key unused for 45 days be disabled and every key be rotated within 90
 * (the demo's bob.smith key, unused for a year and never rotated, must say so).
 */
const KEY_HYGIENE_RULES: ReadonlySet<string> = new Set([UNUSED.id, ROTATION_OVERDUE.id]);

/**
 * People's own accounts (IAM users the importer marks `likelyHuman`) and their
 * keys are not non-human identities: the NHI rules leave them to the access
 * review, except the key hygiene rules, which see the keys (`keepKeys`). Leaks
 * keep their link, so a person's leaked key is still reported.
 */
function withoutPeople(
  identities: NhiRuleContext['identities'],
  options: { keepKeys?: boolean } = {},
): NhiRuleContext['identities'] {
  const people = new Set(
    identities
      .filter((n) => attrBool(n, NHI_ATTRIBUTES.likelyHuman) === true)
      .map((n) => `${n.provider}\u0000${n.externalId}`),
  );
  if (people.size === 0) return identities;
  return identities.filter(
    (n) =>
      !people.has(`${n.provider}\u0000${n.externalId}`) &&
      !(
        n.parentExternalId !== null &&
        people.has(`${n.provider}\u0000${n.parentExternalId}`) &&
        !(options.keepKeys && n.kind === 'access-key')
      ),
  );
}
