import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  buildIdentity,
  buildLeak,
  buildUser,
  contextWith,
  daysAgo,
} from '../../../../test/builders/nhi-records.js';
import { linkLeaks } from '../linking.js';
import { evaluateNhiRules, NHI_RULE_IDS, NHI_RULES } from './index.js';

const rootArn = `arn:aws:iam::${ACCOUNT}:root`;
const inventory = [
  buildUser(),
  buildIdentity(),
  buildUser({ externalId: rootArn, name: '<root_account>', attributes: { root: true } }),
  buildIdentity({
    externalId: `${rootArn}#access_key_1`,
    parentExternalId: rootArn,
    lastRotatedAt: daysAgo(400),
  }),
  buildIdentity({
    kind: 'github-pat',
    provider: 'github',
    externalId: '41202',
    name: 'release-bot',
    parentExternalId: null,
    owner: { status: 'departed', email: 'bob@example.com', departedOn: '2026-06-30' },
  }),
];

describe('evaluateNhiRules', () => {
  it('finds nothing on a healthy, owned, recently rotated key and its user', () => {
    expect(evaluateNhiRules(contextWith([buildUser(), buildIdentity()]))).toEqual([]);
  });

  it('runs every rule and lists findings by rule order, then provider and identity', () => {
    const leak = buildLeak({ hints: { awsArn: rootArn }, verified: true });
    const ctx = contextWith(inventory, linkLeaks([leak], inventory));
    expect(
      evaluateNhiRules(ctx).map((f) => `${f.rule} ${f.severity} ${f.provider} ${f.nhiExternalId}`),
    ).toEqual([
      `nhi-root-access-key critical aws ${rootArn}#access_key_1`,
      `nhi-leaked-not-rotated critical aws ${rootArn}#access_key_1`,
      'nhi-orphaned high github 41202',
      `nhi-rotation-overdue high aws ${rootArn}#access_key_1`,
      'nhi-long-lived-credential medium github 41202',
    ]);
  });

  it("leaves people's own IAM users to the access review, but judges their keys' use and rotation", () => {
    const person = buildUser({
      privileged: true,
      privilegeSummary: 'AdministratorAccess',
      attributes: { likelyHuman: true },
    });
    const personalKey = buildIdentity({ lastRotatedAt: daysAgo(400) });
    // The person's admin rights are the access review's; their key's rotation is a credential's.
    expect(evaluateNhiRules(contextWith([person, personalKey])).map((f) => f.rule)).toEqual([
      'nhi-rotation-overdue',
    ]);
    expect(evaluateNhiRules(contextWith([person]))).toEqual([]);
    expect(evaluateNhiRules(contextWith([personalKey])).map((f) => f.rule)).toEqual(['nhi-rotation-overdue']);
  });

  it("flags the demo's bob.smith key: active, unused 371 days and not rotated 695 days", () => {
    const person = buildUser({ attributes: { likelyHuman: true, passwordEnabled: true } });
    const key = buildIdentity({
      createdAt: daysAgo(695),
      lastRotatedAt: daysAgo(695),
      lastUsedAt: daysAgo(371),
      attributes: { usageTracked: true },
    });
    const found = evaluateNhiRules(contextWith([person, key]));
    expect(found.map((f) => `${f.rule} ${f.nhiExternalId}`)).toEqual([
      `nhi-rotation-overdue ${key.externalId}`,
      `nhi-unused ${key.externalId}`,
    ]);
    expect(found.find((f) => f.rule === 'nhi-unused')!.message).toContain('371 days ago (limit 45)');
  });

  it('has unique, stable rule ids, each tagged with OWASP NHI ids of 2025 and SOC 2 criteria', () => {
    expect(new Set(NHI_RULE_IDS).size).toBe(NHI_RULES.length);
    for (const { meta } of NHI_RULES) {
      expect(meta.id).toMatch(/^nhi-[a-z-]+$/);
      expect(meta.owasp.length).toBeGreaterThan(0);
      for (const id of meta.owasp) expect(id).toMatch(/^NHI([1-9]|10):2025$/);
      for (const id of meta.soc2) expect(id).toMatch(/^CC\d\.\d$/);
    }
  });

  it('refuses a T that is not a calendar date', () => {
    expect(() => evaluateNhiRules({ ...contextWith([]), at: '2026-11-31' })).toThrow(
      /T must be a calendar date/,
    );
  });
});
