import { describe, expect, it } from 'vitest';
import { bearerToken, generateApiToken, parseApiToken, parseExpiryDays } from './api-token-format.js';
import { safeEqual, sha256Hex } from './secrets.js';

describe('API token format', () => {
  it('generates ar_<12 hex>_<43 base64url> tokens that parse back, each different', () => {
    const a = generateApiToken();
    const b = generateApiToken();
    expect(a.token).toMatch(/^ar_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(parseApiToken(a.token)).toEqual(a);
    expect(a.token).not.toBe(b.token);
    expect(a.prefix).not.toBe(b.prefix);
  });

  it('rejects anything not shaped like a token', () => {
    for (const bad of [
      '',
      'ar_',
      'ar_abc_def',
      `xx_${'a'.repeat(12)}_${'b'.repeat(43)}`,
      `ar_${'A'.repeat(12)}_${'b'.repeat(43)}`,
      `ar_${'a'.repeat(12)}_${'b'.repeat(44)}`,
    ]) {
      expect(parseApiToken(bad)).toBeNull();
    }
  });

  it('reads the bearer credential of an Authorization header', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer   abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });

  it('reads expiries in days, weeks, months and years', () => {
    expect(parseExpiryDays('90d')).toBe(90);
    expect(parseExpiryDays('2w')).toBe(14);
    expect(parseExpiryDays('6m')).toBe(180);
    expect(parseExpiryDays('1Y')).toBe(365);
    expect(parseExpiryDays('soon')).toBeNull();
    expect(parseExpiryDays('-1d')).toBeNull();
  });

  it('hashes with SHA-256 and compares in constant time', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});
