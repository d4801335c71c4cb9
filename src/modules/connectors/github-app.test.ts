import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appJwt, appPrivateKey, INSTALLATION_TOKEN_REFRESH_MS, installationTokens } from './github-app.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
// GitHub hands out App keys as PKCS#1 ("BEGIN RSA PRIVATE KEY").
const PEM = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

describe('GitHub App credentials', () => {
  it('signs an RS256 JWT the App’s public key verifies: issued a minute back, nine minutes valid, iss the App id', () => {
    const jwt = appJwt('123456', appPrivateKey(PEM), new Date('2026-12-07T10:00:00Z'));
    const [header, payload, signature] = jwt.split('.');
    expect(decode(header!)).toEqual({ alg: 'RS256', typ: 'JWT' });
    const t = Date.parse('2026-12-07T10:00:00Z') / 1000;
    expect(decode(payload!)).toEqual({ iat: t - 60, exp: t + 540, iss: '123456' });
    expect(
      verify('sha256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature!, 'base64url')),
    ).toBe(true);
  });

  it('takes PKCS#1 and PKCS#8 RSA keys; refuses garbage and other key types, naming the field', () => {
    expect(appPrivateKey(PEM).asymmetricKeyType).toBe('rsa');
    expect(
      appPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()).asymmetricKeyType,
    ).toBe('rsa');
    expect(() => appPrivateKey('-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----')).toThrow(
      'app.privateKey: not a PEM private key',
    );
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    expect(() => appPrivateKey(ec.toString())).toThrow('app.privateKey: a GitHub App key is RSA, not ec');
  });

  it('keeps an installation token until five minutes before it expires, then exchanges a new JWT once', async () => {
    let now = Date.parse('2026-12-07T10:00:00Z');
    const jwts: string[] = [];
    const tokens = installationTokens(
      { appId: '42', installationId: '7', privateKey: PEM },
      () => new Date(now),
      async (jwt) => {
        jwts.push(jwt);
        await new Promise((r) => setTimeout(r, 5));
        return { token: `ghs_${jwts.length}`, expiresAt: new Date(now + 3_600_000) };
      },
    );
    // Concurrent callers share one exchange.
    expect(await Promise.all([tokens.current(), tokens.current()])).toEqual(['ghs_1', 'ghs_1']);
    now += 3_600_000 - INSTALLATION_TOKEN_REFRESH_MS - 1000;
    expect(await tokens.current()).toBe('ghs_1');
    now += 1000;
    expect(await tokens.current()).toBe('ghs_2');
    expect(tokens.exchanges()).toBe(2);
    // Each exchange signed a fresh JWT at the clock's time.
    expect(decode(jwts[1]!.split('.')[1]!).iat).toBe(Math.floor(now / 1000) - 60);
  });
});
