/**
 * Which starter controls and framework criteria each rule's findings count
 * against (issue 20 item 2, docs/decisions/0036). A rule finding stores only
 * its rule key (`findings.rule_key`); readiness, the findings list and its
 * control filter, the control page, exports and the auditor's views resolve
 * its controls (by code, in the finding's organization) and criteria through
 * this map when they read it. Manual and auditor findings keep their own
 * link rows (`finding_controls`, `finding_criteria`).
 *
 * A key is `<domain>/<rule>`, or `<domain>/<rule>/<variant>` where a rule's
 * findings land on different controls depending on their subject (an
 * access-review follow-up of an identity goes to the NHI review control, one
 * of an account to the account review control).
 *
 * Versioned like the framework catalogs: the map a release ships is the
 * last of `RULE_LINK_MAPS`; a release that changes a rule's controls or
 * criteria adds a version instead of editing one, so that migration 0029
 * (which moved findings written before the map existed onto it, comparing
 * their link rows with version 2026.12.0) and any later comparison read
 * the map as it stood then.
 */
import type { FrameworkId } from '../core/vocabulary.js';

/** A criterion a rule's findings are tagged with. */
export interface RuleCriterion {
  frameworkId: FrameworkId;
  code: string;
}

/** The controls (starter codes) and criteria of one rule key. */
export interface RuleLinks {
  controls: readonly string[];
  criteria: readonly RuleCriterion[];
}

/** One version of the rule → controls and criteria map. */
export interface RuleLinkMap {
  version: string;
  links: Readonly<Record<string, RuleLinks>>;
}

/** The rule families whose findings link through the map. */
export const RULE_DOMAINS = ['nhi', 'change', 'access-review', 'incident', 'vendor', 'policy'] as const;
/** One rule family. */
export type RuleDomain = (typeof RULE_DOMAINS)[number];

const soc2 = (...codes: string[]): RuleCriterion[] => codes.map((code) => ({ frameworkId: 'soc2', code }));
const owasp = (...codes: string[]): RuleCriterion[] =>
  codes.map((code) => ({ frameworkId: 'owasp-nhi', code }));
const on = (controls: string[], criteria: RuleCriterion[] = []): RuleLinks => ({ controls, criteria });

/**
 * Version 2026.12.0: exactly the links the rules wrote as rows until this
 * map replaced them (NHI: `NHI_RULE_CONTROLS` and each rule's SOC 2 and
 * OWASP NHI tags; changes: `CHANGE_RULE_CONTROLS` and CC8.1; the access
 * review, incident, vendor and policy rules: the control each finding
 * named, no criteria). Never edit it: add a version.
 */
const V2026_12_0: RuleLinkMap = {
  version: '2026.12.0',
  links: {
    'nhi/nhi-root-access-key': on(
      ['NHI-05', 'NHI-03'],
      [...soc2('CC6.1', 'CC6.3'), ...owasp('NHI5:2025', 'NHI7:2025')],
    ),
    'nhi/nhi-leaked-not-rotated': on(['NHI-11'], [...soc2('CC6.1', 'CC7.3', 'CC7.4'), ...owasp('NHI2:2025')]),
    'nhi/nhi-orphaned': on(['NHI-02', 'NHI-04'], [...soc2('CC6.2', 'CC6.3'), ...owasp('NHI1:2025')]),
    'nhi/nhi-admin-privileges': on(['NHI-05'], [...soc2('CC6.1', 'CC6.3'), ...owasp('NHI5:2025')]),
    'nhi/nhi-static-ci-credential': on(['NHI-07'], [...soc2('CC6.1'), ...owasp('NHI6:2025')]),
    'nhi/nhi-third-party-unreviewed': on(['NHI-13'], [...soc2('CC6.3', 'CC9.2'), ...owasp('NHI3:2025')]),
    'nhi/nhi-human-use': on(['NHI-10'], [...soc2('CC6.1'), ...owasp('NHI10:2025')]),
    'nhi/nhi-multi-environment': on(['NHI-08'], [...soc2('CC6.1'), ...owasp('NHI8:2025')]),
    'nhi/nhi-rotation-overdue': on(['NHI-03'], [...soc2('CC6.1'), ...owasp('NHI7:2025')]),
    'nhi/nhi-long-lived-credential': on(['NHI-03'], [...soc2('CC6.1'), ...owasp('NHI7:2025')]),
    'nhi/nhi-multiple-active-keys': on(['NHI-03'], [...soc2('CC6.1'), ...owasp('NHI7:2025')]),
    'nhi/nhi-unused': on(['NHI-04'], [...soc2('CC6.2'), ...owasp('NHI1:2025')]),
    'change/change-unapproved': on(['CM-02', 'CM-04'], soc2('CC8.1')),
    'change/change-self-approved': on(['CM-02'], soc2('CC8.1')),
    'change/change-checks-failed': on(['CM-03'], soc2('CC8.1')),
    'change/change-direct-push': on(['CM-02', 'CM-04'], soc2('CC8.1')),
    'change/change-emergency-no-retro': on(['CM-05'], soc2('CC8.1')),
    'change/release-no-change': on(['CM-04'], soc2('CC8.1')),
    'access-review/campaign-overdue/accounts': on(['AC-03']),
    'access-review/campaign-overdue/nhis': on(['NHI-06']),
    'access-review/campaign-overdue/accounts-and-nhis': on(['AC-03', 'NHI-06']),
    'access-review/campaign-overdue/no-items': on([]),
    'access-review/follow-up-overdue/account': on(['AC-03']),
    'access-review/follow-up-overdue/nhi': on(['NHI-06']),
    'access-review/departed-account': on(['AC-06', 'AC-03']),
    'incident/follow-up-overdue/incident': on(['IR-02']),
    'incident/follow-up-overdue/ir-test': on(['IR-03']),
    'incident/root-cause-missing': on(['IR-02']),
    'incident/ir-test-missing': on(['IR-03']),
    'vendor/report-missing': on(['VM-03']),
    'vendor/review-overdue': on(['VM-01']),
    'vendor/cuec-unmapped': on(['VM-06']),
    'policy/not-approved': on(['GOV-07']),
    'policy/review-overdue': on(['GOV-07']),
    'policy/acknowledgement-overdue': on(['GOV-08']),
  },
};

/** Every version of the map, oldest first. */
export const RULE_LINK_MAPS: readonly RuleLinkMap[] = [V2026_12_0];

/** The map this release reads and writes with. */
export const RULE_LINK_MAP: RuleLinkMap = RULE_LINK_MAPS[RULE_LINK_MAPS.length - 1]!;

/** The version of the map with this name (migrations name the one they compare with). */
export function ruleLinkMapVersion(version: string): RuleLinkMap {
  const map = RULE_LINK_MAPS.find((m) => m.version === version);
  if (!map) throw new Error(`no rule link map version ${version}`);
  return map;
}

/** The links of a rule key in the current map, if it has any. */
export function ruleLinksOf(key: string, map: RuleLinkMap = RULE_LINK_MAP): RuleLinks | undefined {
  return Object.hasOwn(map.links, key) ? map.links[key] : undefined;
}

/** The rule key of an NHI or change rule (one key per rule), if the map has it. */
export function ruleKeyOf(
  domain: RuleDomain,
  rule: string,
  map: RuleLinkMap = RULE_LINK_MAP,
): string | undefined {
  const key = `${domain}/${rule}`;
  return ruleLinksOf(key, map) ? key : undefined;
}

const sameSet = (a: readonly string[], b: readonly string[]) => {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((x) => set.has(x));
};

/**
 * The key of `domain`'s `rule` (or of one of its variants) whose links are
 * exactly these controls and criteria, in any order: how a rule finding
 * that names its controls finds its key, and how migration 0029 recognised
 * link rows the map reproduces. Undefined when no key matches (the finding
 * then keeps link rows of its own).
 */
export function matchRuleKey(
  domain: RuleDomain,
  rule: string,
  links: { controls: readonly string[]; criteria: readonly { frameworkId: string; code: string }[] },
  map: RuleLinkMap = RULE_LINK_MAP,
): string | undefined {
  const base = `${domain}/${rule}`;
  const criteria = links.criteria.map((c) => `${c.frameworkId}\u0000${c.code}`);
  for (const [key, mapped] of Object.entries(map.links)) {
    if (key !== base && !key.startsWith(`${base}/`)) continue;
    if (!sameSet(mapped.controls, links.controls)) continue;
    if (
      !sameSet(
        mapped.criteria.map((c) => `${c.frameworkId}\u0000${c.code}`),
        criteria,
      )
    )
      continue;
    return key;
  }
  return undefined;
}

/** The rule keys whose findings land on the control with this code. */
export function ruleKeysOnControl(code: string, map: RuleLinkMap = RULE_LINK_MAP): string[] {
  return Object.entries(map.links)
    .filter(([, links]) => links.controls.includes(code))
    .map(([key]) => key);
}

/** The rule keys whose findings are tagged with this criterion. */
export function ruleKeysOnCriterion(
  frameworkId: string,
  code: string,
  map: RuleLinkMap = RULE_LINK_MAP,
): string[] {
  return Object.entries(map.links)
    .filter(([, links]) => links.criteria.some((c) => c.frameworkId === frameworkId && c.code === code))
    .map(([key]) => key);
}

/** Every control code the map names. */
export function ruleLinkControlCodes(map: RuleLinkMap = RULE_LINK_MAP): string[] {
  return [...new Set(Object.values(map.links).flatMap((l) => l.controls))];
}
