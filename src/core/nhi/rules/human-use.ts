/**
 * NHI10 Human Use of NHI: a person signing in as a machine identity (a
 * console password on a service user, a person-type account driving
 * automation). Nobody can then tell who did what, and offboarding a person
 * does not end their access.
 */
import { attrBool, attrString, isProviderManaged, NHI_ATTRIBUTES } from '../attributes.js';
import { dayOf } from '../timestamps.js';
import { label, makeFinding, type NhiRuleMeta } from './helpers.js';
import type { NhiFinding, NhiRuleContext } from './types.js';

/** The human-use rule's fixed tags. */
export const HUMAN_USE: NhiRuleMeta = {
  id: 'nhi-human-use',
  title: 'Password or console use on a service identity',
  owasp: ['NHI10:2025'],
  soc2: ['CC6.1'],
};

/** Active service identities with a password, an interactive sign-in, or a person-type account. */
export function findHumanUse(ctx: NhiRuleContext): NhiFinding[] {
  return ctx.identities.flatMap((nhi) => {
    if (nhi.status !== 'active' || isProviderManaged(nhi)) return [];
    // A person's own IAM user may have a password, and the root user signs in by password by design.
    if (attrBool(nhi, NHI_ATTRIBUTES.likelyHuman) === true || attrBool(nhi, NHI_ATTRIBUTES.root) === true)
      return [];
    const passwordEnabled = attrBool(nhi, NHI_ATTRIBUTES.passwordEnabled) === true;
    const consoleUsedOn = dayOf(attrString(nhi, NHI_ATTRIBUTES.passwordLastUsed));
    const humanAccount = attrBool(nhi, NHI_ATTRIBUTES.humanAccount) === true;
    const passwordAuth = nhi.authMethod === 'password';
    if (!passwordEnabled && consoleUsedOn === null && !humanAccount && !passwordAuth) return [];
    const message = humanAccount
      ? `Replace ${label(nhi)} with a machine identity (an app, a service account): it is a person's kind of account driving automation, so its use cannot be told apart from a person's.`
      : consoleUsedOn
        ? `Stop people signing in as ${label(nhi)}: it was used interactively on ${consoleUsedOn}. Give them their own accounts, then remove its password.`
        : `Remove the password of ${label(nhi)}: a service identity needs no interactive sign-in.`;
    return [
      makeFinding(HUMAN_USE, nhi, {
        // A sign-in that happened is a person acting as the machine; a password alone is only the door.
        severity: consoleUsedOn ? 'high' : 'medium',
        message,
        evidence: {
          passwordEnabled,
          consoleLastUsedOn: consoleUsedOn,
          humanAccount,
          authMethod: nhi.authMethod,
        },
      }),
    ];
  });
}
