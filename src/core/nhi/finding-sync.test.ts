import { describe, expect, it } from 'vitest';
import { STARTER_CONTROLS } from '../../catalogs/starter-controls/index.js';
import {
  globMatcher,
  NHI_RULE_CONTROLS,
  planFindingSync,
  REMEDIATION_DAYS,
  remediationDueOn,
} from './finding-sync.js';
import { NHI_RULE_IDS } from './rules/index.js';
import type { NhiFinding } from './rules/types.js';

const finding = (rule: string, severity: NhiFinding['severity'] = 'high'): NhiFinding => ({
  rule,
  title: rule,
  severity,
  nhiExternalId: 'x',
  nhiKind: 'access-key',
  provider: 'aws',
  message: '',
  owasp: [],
  cis: [],
  soc2: [],
  evidence: {},
});

describe('NHI_RULE_CONTROLS', () => {
  it('links every rule to NHI starter controls that exist', () => {
    const codes = new Set(STARTER_CONTROLS.map((c) => c.code));
    for (const rule of NHI_RULE_IDS) {
      const controls = NHI_RULE_CONTROLS[rule];
      expect(controls?.length, rule).toBeGreaterThan(0);
      for (const code of controls ?? []) expect(codes.has(code), code).toBe(true);
    }
  });
});

describe('planFindingSync', () => {
  it('opens new, resolves gone, updates changed severity, leaves the rest', () => {
    const plan = planFindingSync(
      [
        { findingId: 'f1', nhiId: 'n1', rule: 'nhi-orphaned', severity: 'high' },
        { findingId: 'f2', nhiId: 'n2', rule: 'nhi-unused', severity: 'medium' },
        { findingId: 'f3', nhiId: 'n3', rule: 'nhi-unused', severity: 'medium' },
      ],
      [
        { nhiId: 'n1', finding: finding('nhi-orphaned', 'high') },
        { nhiId: 'n3', finding: finding('nhi-unused', 'high') },
        { nhiId: 'n4', finding: finding('nhi-rotation-overdue') },
      ],
    );
    expect(plan.open.map((d) => d.nhiId)).toEqual(['n4']);
    expect(plan.resolve.map((f) => f.findingId)).toEqual(['f2']);
    expect(plan.update.map((u) => [u.existing.findingId, u.detected.finding.severity])).toEqual([
      ['f3', 'high'],
    ]);
  });

  it('resolves duplicates of one rule and identity and opens a detected one once', () => {
    const plan = planFindingSync(
      [
        { findingId: 'b', nhiId: 'n1', rule: 'nhi-orphaned', severity: 'high' },
        { findingId: 'a', nhiId: 'n1', rule: 'nhi-orphaned', severity: 'high' },
      ],
      [
        { nhiId: 'n1', finding: finding('nhi-orphaned') },
        { nhiId: 'n2', finding: finding('nhi-orphaned') },
        { nhiId: 'n2', finding: finding('nhi-orphaned') },
      ],
    );
    expect(plan.resolve.map((f) => f.findingId)).toEqual(['b']);
    expect(plan.open).toHaveLength(1);
  });
});

describe('globMatcher', () => {
  it('matches * and ? case-insensitively and everything else literally', () => {
    const svc = globMatcher('svc-*');
    expect(svc('SVC-terraform')).toBe(true);
    expect(svc('my-svc-x')).toBe(false);
    expect(globMatcher('key-?')('key-1')).toBe(true);
    expect(globMatcher('a.b')('axb')).toBe(false);
    expect(globMatcher('arn:aws:iam::*:user/*/svc-*')('arn:aws:iam::1:user/automation/svc-x')).toBe(true);
  });
});

describe('remediationDueOn', () => {
  it('dates a rule finding by its severity from the day it opens', () => {
    expect(remediationDueOn('critical', '2026-11-29')).toBe('2026-12-06');
    expect(remediationDueOn('high', '2026-11-29')).toBe('2026-12-29');
    expect(remediationDueOn('medium', '2026-11-29')).toBe('2027-02-27');
    expect(remediationDueOn('low', '2026-11-29')).toBe('2027-05-28');
  });

  it('gives more severe findings earlier due dates', () => {
    const order = (['low', 'medium', 'high', 'critical'] as const).map((s) => REMEDIATION_DAYS[s]);
    expect([...order].sort((a, b) => b - a)).toEqual(order);
  });
});
