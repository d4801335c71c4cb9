import { describe, expect, it } from 'vitest';
import { ACCOUNT_REVIEW_CONTROL, LEAVER_CONTROL, NHI_REVIEW_CONTROL } from '../core/access-reviews/rules.js';
import { CHANGE_RULE_CONTROLS, CHANGE_RULE_CRITERIA } from '../core/changes/rules.js';
import { INCIDENT_CONTROL, INCIDENT_RULES, IR_TEST_CONTROL } from '../core/incidents/rules.js';
import { NHI_RULE_CONTROLS } from '../core/nhi/finding-sync.js';
import { NHI_RULES } from '../core/nhi/rules/index.js';
import { POLICY_CONTROLS, POLICY_RULES } from '../core/policies/rules.js';
import { VENDOR_CONTROLS, VENDOR_RULES } from '../core/vendors/rules.js';
import { FRAMEWORK_CATALOGS } from './frameworks/index.js';
import {
  matchRuleKey,
  RULE_DOMAINS,
  RULE_LINK_MAP,
  RULE_LINK_MAPS,
  ruleKeyOf,
  ruleKeysOnControl,
  ruleLinkControlCodes,
  ruleLinkMapVersion,
  ruleLinksOf,
} from './rule-links.js';
import { STARTER_CONTROLS } from './starter-controls/index.js';

const none = { controls: [] as string[], criteria: [] };
const controlsOnly = (...controls: string[]) => ({ controls, criteria: [] });

describe('the rule link map', () => {
  it('names only starter controls and shipped criteria, under keys of a known family', () => {
    const codes = new Set(STARTER_CONTROLS.map((c) => c.code));
    const criteria = new Set(FRAMEWORK_CATALOGS.flatMap((f) => f.criteria.map((c) => `${f.id}:${c.code}`)));
    for (const map of RULE_LINK_MAPS) {
      for (const [key, links] of Object.entries(map.links)) {
        expect(
          RULE_DOMAINS.some((d) => key.startsWith(`${d}/`)),
          key,
        ).toBe(true);
        for (const code of links.controls) expect(codes.has(code), `${key} ${code}`).toBe(true);
        for (const c of links.criteria)
          expect(criteria.has(`${c.frameworkId}:${c.code}`), `${key} ${c.code}`).toBe(true);
      }
    }
  });

  it('has unique versions, the last one current, and names a version it lacks', () => {
    expect(new Set(RULE_LINK_MAPS.map((m) => m.version)).size).toBe(RULE_LINK_MAPS.length);
    expect(RULE_LINK_MAP).toBe(RULE_LINK_MAPS.at(-1));
    expect(ruleLinkMapVersion('2026.12.0').links['nhi/nhi-orphaned']?.controls).toEqual(['NHI-02', 'NHI-04']);
    expect(() => ruleLinkMapVersion('1999.1.0')).toThrow(/no rule link map version 1999.1.0/);
  });

  it('gives every NHI rule its controls and its SOC 2 and OWASP NHI tags, in the order they were written', () => {
    for (const { meta } of NHI_RULES) {
      const key = ruleKeyOf('nhi', meta.id);
      expect(key, meta.id).toBe(`nhi/${meta.id}`);
      expect(ruleLinksOf(key!)).toEqual({
        controls: NHI_RULE_CONTROLS[meta.id],
        criteria: [
          ...meta.soc2.map((code) => ({ frameworkId: 'soc2', code })),
          ...meta.owasp.map((code) => ({ frameworkId: 'owasp-nhi', code })),
        ],
      });
    }
  });

  it('gives every change rule its CM controls and CC8.1', () => {
    for (const [rule, controls] of Object.entries(CHANGE_RULE_CONTROLS)) {
      expect(ruleLinksOf(ruleKeyOf('change', rule)!)).toEqual({
        controls,
        criteria: CHANGE_RULE_CRITERIA.map((code) => ({ frameworkId: 'soc2', code })),
      });
    }
  });

  it('has a key for every control set the access-review, incident, vendor and policy rules name', () => {
    const account = ACCOUNT_REVIEW_CONTROL.control;
    const nhi = NHI_REVIEW_CONTROL.control;
    const ar = (rule: string, ...controls: string[]) =>
      matchRuleKey('access-review', rule, controlsOnly(...controls));
    expect(ar('campaign-overdue', account)).toBe('access-review/campaign-overdue/accounts');
    expect(ar('campaign-overdue', nhi)).toBe('access-review/campaign-overdue/nhis');
    expect(ar('campaign-overdue', nhi, account)).toBe('access-review/campaign-overdue/accounts-and-nhis');
    expect(ar('campaign-overdue')).toBe('access-review/campaign-overdue/no-items');
    expect(ar('follow-up-overdue', account)).toBe('access-review/follow-up-overdue/account');
    expect(ar('follow-up-overdue', nhi)).toBe('access-review/follow-up-overdue/nhi');
    expect(ar('departed-account', LEAVER_CONTROL, account)).toBe('access-review/departed-account');

    const ir = (rule: string, ...controls: string[]) =>
      matchRuleKey('incident', rule, controlsOnly(...controls));
    expect(ir('follow-up-overdue', INCIDENT_CONTROL.control)).toBe('incident/follow-up-overdue/incident');
    expect(ir('follow-up-overdue', IR_TEST_CONTROL.control)).toBe('incident/follow-up-overdue/ir-test');
    expect(ir('root-cause-missing', INCIDENT_CONTROL.control)).toBe('incident/root-cause-missing');
    expect(ir('ir-test-missing', IR_TEST_CONTROL.control)).toBe('incident/ir-test-missing');
    for (const rule of INCIDENT_RULES)
      expect(Object.keys(RULE_LINK_MAP.links).some((k) => k.startsWith(`incident/${rule}`))).toBe(true);

    const vendorControl = {
      'report-missing': VENDOR_CONTROLS.reports,
      'review-overdue': VENDOR_CONTROLS.inventory,
      'cuec-unmapped': VENDOR_CONTROLS.cuecs,
    } as const;
    for (const rule of VENDOR_RULES)
      expect(matchRuleKey('vendor', rule, controlsOnly(vendorControl[rule]))).toBe(`vendor/${rule}`);
    const policyControl = {
      'not-approved': POLICY_CONTROLS.approval,
      'review-overdue': POLICY_CONTROLS.approval,
      'acknowledgement-overdue': POLICY_CONTROLS.acknowledgement,
    } as const;
    for (const rule of POLICY_RULES)
      expect(matchRuleKey('policy', rule, controlsOnly(policyControl[rule]))).toBe(`policy/${rule}`);
  });

  it('matches links exactly, as sets: a missing or extra control or criterion matches no key', () => {
    const orphaned = ruleLinksOf('nhi/nhi-orphaned')!;
    expect(
      matchRuleKey('nhi', 'nhi-orphaned', {
        controls: ['NHI-04', 'NHI-02'],
        criteria: [...orphaned.criteria].reverse(),
      }),
    ).toBe('nhi/nhi-orphaned');
    expect(
      matchRuleKey('nhi', 'nhi-orphaned', { controls: ['NHI-02'], criteria: orphaned.criteria }),
    ).toBeUndefined();
    expect(
      matchRuleKey('nhi', 'nhi-orphaned', { controls: orphaned.controls, criteria: [] }),
    ).toBeUndefined();
    expect(
      matchRuleKey('nhi', 'nhi-orphaned', {
        controls: orphaned.controls,
        criteria: [...orphaned.criteria, { frameworkId: 'soc2', code: 'CC1.1' }],
      }),
    ).toBeUndefined();
    expect(matchRuleKey('vendor', 'no-such-rule', none)).toBeUndefined();
    // A rule of one family is not found under another's name.
    expect(
      matchRuleKey(
        'incident',
        'departed-account',
        controlsOnly(LEAVER_CONTROL, ACCOUNT_REVIEW_CONTROL.control),
      ),
    ).toBeUndefined();
    expect(ruleKeyOf('nhi', 'change-unapproved')).toBeUndefined();
    expect(ruleLinksOf('toString')).toBeUndefined();
  });

  it('lists the keys landing on a control and every control it names', () => {
    expect(ruleKeysOnControl('NHI-03').sort()).toEqual([
      'nhi/nhi-long-lived-credential',
      'nhi/nhi-multiple-active-keys',
      'nhi/nhi-root-access-key',
      'nhi/nhi-rotation-overdue',
    ]);
    expect(ruleKeysOnControl('AC-03')).toContain('access-review/campaign-overdue/accounts-and-nhis');
    expect(ruleKeysOnControl('GOV-01')).toEqual([]);
    expect(ruleLinkControlCodes()).toEqual(
      expect.arrayContaining(['NHI-11', 'CM-05', 'IR-03', 'VM-06', 'GOV-08', 'AC-06']),
    );
  });
});
