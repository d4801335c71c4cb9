/**
 * A GitHub App's installation token (docs/decisions/0033): the connector signs
 * a JSON Web Token with the App's private key (RS256, node:crypto; issued a
 * minute in the past against clock drift, valid nine minutes, as GitHub
 * documents), exchanges it at `POST /app/installations/{id}/access_tokens`
 * for an installation token (valid an hour), and asks for a new one five
 * minutes before that one expires. The key and the tokens never leave this
 * module except in the `authorization` header.
 */
import { createPrivateKey, type KeyObject, sign } from 'node:crypto';
import { AppError } from '../../platform/errors.js';

/** A GitHub App credential as the connector holds it once opened. */
export interface GithubAppAuth {
  appId: string;
  installationId: string;
  privateKey: string;
}

/** How long before its expiry an installation token is replaced. */
export const INSTALLATION_TOKEN_REFRESH_MS = 5 * 60_000;

/** The App's private key, checked: an RSA private key in PEM (GitHub's App keys are RSA 2048). */
export function appPrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new AppError('invalid_input', 'app.privateKey: not a PEM private key', { field: 'app.privateKey' });
  }
  if (key.asymmetricKeyType !== 'rsa')
    throw new AppError(
      'invalid_input',
      `app.privateKey: a GitHub App key is RSA, not ${key.asymmetricKeyType ?? 'this kind'}`,
      { field: 'app.privateKey' },
    );
  return key;
}

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** The App's JSON Web Token at `now`: `iat` a minute before, `exp` nine minutes after, `iss` the App id. */
export function appJwt(appId: string, key: KeyObject, now: Date): string {
  const seconds = Math.floor(now.getTime() / 1000);
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ iat: seconds - 60, exp: seconds + 9 * 60, iss: appId }));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), key);
  return `${header}.${payload}.${b64url(signature)}`;
}

/** The answer of `POST /app/installations/{id}/access_tokens` the connector reads. */
export interface InstallationToken {
  token: string;
  expiresAt: Date;
}

/**
 * The installation tokens of one App installation: `current()` returns a
 * token valid for at least {@link INSTALLATION_TOKEN_REFRESH_MS}, asking
 * `exchange` (the access-token request, authorized by the JWT) for a new one
 * when there is none or it is about to expire. Concurrent callers share one
 * exchange.
 */
export function installationTokens(
  auth: GithubAppAuth,
  now: () => Date,
  exchange: (jwt: string) => Promise<InstallationToken>,
): { current(): Promise<string>; exchanges(): number } {
  const key = appPrivateKey(auth.privateKey);
  let held: InstallationToken | null = null;
  let pending: Promise<InstallationToken> | null = null;
  let count = 0;
  return {
    async current() {
      if (held && held.expiresAt.getTime() - now().getTime() > INSTALLATION_TOKEN_REFRESH_MS)
        return held.token;
      if (!pending) {
        count += 1;
        pending = exchange(appJwt(auth.appId, key, now())).finally(() => {
          pending = null;
        });
      }
      held = await pending;
      return held.token;
    },
    exchanges: () => count,
  };
}
