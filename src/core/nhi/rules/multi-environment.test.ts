import { describe, expect, it } from 'vitest';
import { buildIdentity, contextWith } from '../../../../test/builders/nhi-records.js';
import { findMultiEnvironment, normalizeEnvironment } from './multi-environment.js';

const secret = (externalId: string, environment: string | null, attributes: Record<string, unknown> = {}) =>
  buildIdentity({ kind: 'secret', externalId, environment, parentExternalId: null, attributes });

describe('nhi-multi-environment', () => {
  it('flags an identity tagged with several environments (high when prod is one, NHI8)', () => {
    const [f] = findMultiEnvironment(contextWith([secret('s1', 'prod', { environments: ['staging'] })]));
    expect(f).toMatchObject({
      rule: 'nhi-multi-environment',
      severity: 'high',
      owasp: ['NHI8:2025'],
      cis: [],
      evidence: { environments: ['prod', 'staging'], sharedWith: [] },
    });
  });

  it('flags every holder of one credential value found in different environments', () => {
    const a = secret('prod/ci/dockerhub-token', 'prod', { credentialFingerprint: 'h1' });
    const b = buildIdentity({
      kind: 'actions-secret',
      provider: 'github',
      externalId: 'DOCKERHUB_TOKEN',
      environment: 'dev',
      parentExternalId: null,
      attributes: { credentialFingerprint: 'h1' },
    });
    const findings = findMultiEnvironment(contextWith([a, b]));
    expect(findings.map((f) => f.nhiExternalId).sort()).toEqual([
      'DOCKERHUB_TOKEN',
      'prod/ci/dockerhub-token',
    ]);
    expect(findings.find((f) => f.provider === 'github')?.evidence.sharedWith).toEqual([
      { provider: 'aws', externalId: 'prod/ci/dockerhub-token', environments: ['prod'] },
    ]);
  });

  it('flags one identity recorded in two environments, once', () => {
    expect(findMultiEnvironment(contextWith([secret('s1', 'dev'), secret('s1', 'test')]))).toMatchObject([
      { severity: 'medium', evidence: { environments: ['dev', 'test'] } },
    ]);
  });

  it('is silent for one environment in several spellings, for unknown environments and for inactive holders', () => {
    expect(
      findMultiEnvironment(contextWith([secret('s1', 'Production', { environments: ['prd', 'prod'] })])),
    ).toEqual([]);
    expect(findMultiEnvironment(contextWith([secret('s1', null), secret('s2', 'prod')]))).toEqual([]);
    const a = secret('a', 'prod', { credentialFingerprint: 'h' });
    const b = { ...secret('b', 'dev', { credentialFingerprint: 'h' }), status: 'disabled' as const };
    expect(findMultiEnvironment(contextWith([a, b]))).toEqual([]);
  });

  it('normalises environment names', () => {
    expect(['Production', 'stage', 'Development', 'QA', 'sandbox'].map(normalizeEnvironment)).toEqual([
      'prod',
      'staging',
      'dev',
      'test',
      'sandbox',
    ]);
  });
});
