import { describe, expect, it } from 'vitest';
import {
  backupFromText,
  cleanOwner,
  inferEnvironment,
  looksHuman,
  ownerFromTags,
  ownerFromText,
} from './hints.js';
import { hintsFromSecret, normaliseRepository, redactedPreview, sha256 } from './leak-hints.js';

describe('owner hints', () => {
  it('reads owner tags in any case and common variants, best first', () => {
    expect(ownerFromTags({ Owner: 'kevin@example.com' }, 'tag')).toEqual({
      hint: 'kevin@example.com',
      source: 'tag',
    });
    expect(ownerFromTags({ 'team-owner': 'sre', owner: 'ann@example.com' }, 'tag')?.hint).toBe(
      'ann@example.com',
    );
    expect(ownerFromTags({ 'Owner-Email': 'x@example.com' }, 'label')).toEqual({
      hint: 'x@example.com',
      source: 'label',
    });
    expect(ownerFromTags({ 'example.com/owner': 'bob@example.com' }, 'annotation')?.hint).toBe(
      'bob@example.com',
    );
    expect(ownerFromTags({ 'created-by': 'terraform' }, 'tag')).toEqual({
      hint: 'terraform',
      source: 'created-by',
    });
    expect(ownerFromTags({ team: 'platform', owner: '  ' }, 'tag')).toBeNull();
  });

  it('reads owners out of free text and strips punctuation', () => {
    expect(ownerFromText('Owner: raj.iyer@example.com. Federated credential')).toBe('raj.iyer@example.com');
    expect(ownerFromText('owner=kevin.obrien@example.com')).toBe('kevin.obrien@example.com');
    expect(ownerFromText('Owner: a@example.com | Terraform')).toBe('a@example.com');
    expect(ownerFromText('Vendor integration - owner secops')).toBeNull();
    expect(backupFromText('Owner: p@example.com; backup: i@example.com')).toBe('i@example.com');
    expect(cleanOwner('<a@example.com>,')).toBe('a@example.com');
  });
});

describe('environment heuristic', () => {
  it('prefers tags, normalising values', () => {
    expect(inferEnvironment({ Environment: 'Production' }, 'dev-thing')).toBe('prod');
    expect(inferEnvironment({ env: 'perf' })).toBe('perf');
  });

  it('falls back to whole-word tokens of names, most specific first', () => {
    expect(inferEnvironment(null, 'acme-prod-4821', 'test-sa')).toBe('prod');
    expect(inferEnvironment(null, 'staging/mobile/firebase')).toBe('staging');
    expect(inferEnvironment(null, 'svc_UAT_loader')).toBe('staging');
    expect(inferEnvironment(null, 'product-api', 'devops')).toBeNull();
    expect(inferEnvironment(null, null, undefined)).toBeNull();
  });
});

describe('human-looking names', () => {
  it.each([
    ['alice.nguyen', true],
    ['kevin.o-brien', true],
    ['jane.doe@example.com', true],
    ['svc.terraform', false],
    ['svc-terraform', false],
    ['contractor-jdoe', false],
    ['<root_account>', false],
  ])('%s → %s', (name, human) => {
    expect(looksHuman(name)).toBe(human);
  });
});

describe('leak hints', () => {
  it('finds AWS key ids, GCP key ids and GitHub tokens', () => {
    expect(hintsFromSecret('aws_access_key_id = ASIAIOSFODNN7EXAMPLE')).toEqual({
      awsAccessKeyId: 'ASIAIOSFODNN7EXAMPLE',
    });
    expect(hintsFromSecret('{"private_key_id": "ABCDEFABCDEFABCDEFABCDEFABCDEFABCDEFABCD"}')).toEqual({
      gcpPrivateKeyId: 'abcdefabcdefabcdefabcdefabcdefabcdefabcd',
    });
    const token = 'ghp_EXAMPLEexample0000EXAMPLEexample0000';
    expect(hintsFromSecret(`TOKEN=${token}`)).toEqual({ githubTokenSha256: sha256(token) });
    expect(hintsFromSecret('REDACTED', null, undefined)).toEqual({});
  });

  it('previews without revealing and normalises repositories', () => {
    expect(redactedPreview('sk_live_abcdef')).toBe('sk_l… (14 chars)');
    expect(redactedPreview('REDACTED')).toBeNull();
    expect(normaliseRepository('https://github.com/acme/payments-api.git')).toBe(
      'https://github.com/acme/payments-api',
    );
    expect(normaliseRepository('https://github.com/acme/payments-api/blob/abc/x.py#L3')).toBe(
      'https://github.com/acme/payments-api',
    );
  });
});
