import { describe, expect, it } from 'vitest';
import { buildIdentity, contextWith, daysAgo } from '../../../../test/builders/nhi-records.js';
import { findThirdPartyUnreviewed } from './third-party-unreviewed.js';

const install = (overrides: Parameters<typeof buildIdentity>[0] = {}) =>
  buildIdentity({
    kind: 'github-app-installation',
    provider: 'github',
    externalId: '51000105',
    name: 'northwind-dependency-bot',
    parentExternalId: null,
    attributes: { repositorySelection: 'all', permissions: { contents: 'write', metadata: 'read' } },
    ...overrides,
  });

describe('nhi-third-party-unreviewed', () => {
  it('flags a broad installation never reviewed (NHI3)', () => {
    const [f] = findThirdPartyUnreviewed(contextWith([install()]));
    expect(f).toMatchObject({
      rule: 'nhi-third-party-unreviewed',
      severity: 'medium',
      owasp: ['NHI3:2025'],
      soc2: ['CC6.3', 'CC9.2'],
      evidence: { broadBecause: ['all repositories', 'contents:write'], lastReviewedAt: null },
    });
    expect(f?.message).toMatch(/has never been reviewed/);
  });

  it('counts a review within 12 months, from a person or from accepted permissions', () => {
    expect(findThirdPartyUnreviewed(contextWith([install({ lastReviewedAt: daysAgo(300) })]))).toEqual([]);
    const accepted = install({
      attributes: { repositorySelection: 'all', permissionsUpdatedAt: daysAgo(30) },
    });
    expect(findThirdPartyUnreviewed(contextWith([accepted]))).toEqual([]);
    const stale = install({ lastReviewedAt: daysAgo(366) });
    expect(findThirdPartyUnreviewed(contextWith([stale]))[0]?.evidence.daysSinceReview).toBe(366);
  });

  it('follows the threshold override', () => {
    const reviewed = install({ lastReviewedAt: daysAgo(100) });
    expect(findThirdPartyUnreviewed(contextWith([reviewed], [], { thirdPartyReviewDays: 90 }))).toHaveLength(
      1,
    );
  });

  it('is silent for narrow grants, first-party apps and suspended installations', () => {
    const narrow = install({
      attributes: { repositorySelection: 'selected', permissions: { metadata: 'read' } },
    });
    const ours = install({ attributes: { thirdParty: false, repositorySelection: 'all' } });
    const suspended = install({ status: 'disabled' });
    expect(findThirdPartyUnreviewed(contextWith([narrow, ours, suspended]))).toEqual([]);
  });

  it('needs the thirdParty attribute on other kinds, and reads broad OAuth scopes and importer grants', () => {
    const sp = buildIdentity({
      kind: 'service-principal',
      provider: 'azure',
      attributes: { scopes: ['Mail.ReadWrite.All'] },
    });
    expect(findThirdPartyUnreviewed(contextWith([sp]))).toEqual([]);
    const vendor = { ...sp, attributes: { ...sp.attributes, thirdParty: true } };
    expect(findThirdPartyUnreviewed(contextWith([vendor]))[0]?.evidence.broadBecause).toEqual([
      'Mail.ReadWrite.All',
    ]);
    const iam = buildIdentity({
      attributes: { thirdParty: true, broadGrants: ['s3:* on *'] },
      privileged: true,
    });
    expect(findThirdPartyUnreviewed(contextWith([iam]))[0]).toMatchObject({ severity: 'high' });
  });
});
