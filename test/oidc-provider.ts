import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import Provider from 'oidc-provider';

/** What a test account at the provider says about itself. */
export interface TestAccount {
  email: string;
  email_verified: boolean;
  name: string;
  groups: string[];
}

/** A real OpenID provider (the `oidc-provider` package) on a local port, and the levers tests pull. */
export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Accounts by login name (the dev login form accepts any password); tests change them between sign-ins. */
  accounts: Map<string, TestAccount>;
  /** Replaces the signing key (the old one is no longer published): a rotation in the middle of a test. */
  rotateKey(): Promise<void>;
  /** The key id the last ID token was signed with. */
  lastKid(): string | null;
  /**
   * While set, ID tokens in token responses are re-signed by the provider's own
   * key with claims changed: a provider (or network) handing out a token meant
   * for someone else, with a valid signature.
   */
  tamper: ((claims: Record<string, unknown>) => Record<string, unknown>) | null;
  /** Signs in at the provider's own login and consent pages; answers the redirect back to the client. */
  signIn(authorizationUrl: string, login: string): Promise<URL>;
  close(): Promise<void>;
}

async function newKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Starts the provider behind a small forwarding front (the issuer's address),
 * which can re-sign ID tokens for the refusal tests. `redirectUris` and
 * `postLogoutRedirectUris` are registered for the one confidential client.
 */
export async function startTestProvider(options: {
  redirectUris: string[];
  postLogoutRedirectUris: string[];
}): Promise<TestProvider> {
  const front = http.createServer();
  const frontPort = await listen(front);
  const issuer = `http://127.0.0.1:${frontPort}`;
  const clientId = `auditready-${randomUUID().slice(0, 8)}`;
  const clientSecret = randomUUID() + randomUUID();
  const accounts = new Map<string, TestAccount>();
  let key = await newKey();
  let kid: string | null = null;

  const build = (jwk: JWK) => {
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uris: options.redirectUris,
          post_logout_redirect_uris: options.postLogoutRedirectUris,
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      jwks: { keys: [jwk] },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
      scopes: ['openid', 'email', 'profile', 'groups'],
      features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
      pkce: { required: () => true },
      cookies: { keys: ['test-provider-cookie-key'] },
      async findAccount(_ctx, sub) {
        const account = accounts.get(sub);
        if (!account) return undefined;
        return { accountId: sub, claims: async () => ({ sub, ...account }) };
      },
    });
    provider.on('server_error', (_ctx, err) => console.error('oidc-provider server_error', err));
    return provider;
  };
  let provider = build(key);
  const inner = http.createServer((req, res) => provider.callback()(req, res));
  const innerPort = await listen(inner);

  const state: TestProvider = {
    issuer,
    clientId,
    clientSecret,
    accounts,
    tamper: null,
    lastKid: () => kid,
    async rotateKey() {
      key = await newKey();
      provider = build(key);
    },
    async signIn(authorizationUrl, login) {
      return driveLogin(authorizationUrl, login, options.redirectUris);
    },
    async close() {
      await Promise.all([front, inner].map((s) => new Promise((r) => s.close(() => r(null)))));
      front.closeAllConnections();
      inner.closeAllConnections();
    },
  };

  front.on('request', async (req, res) => {
    const body = await readBody(req);
    const upstream = http.request(
      { host: '127.0.0.1', port: innerPort, method: req.method, path: req.url, headers: req.headers },
      async (up) => {
        const raw = await readBody(up);
        const isToken = req.method === 'POST' && req.url?.startsWith('/token');
        if (!isToken || up.statusCode !== 200) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.end(raw);
          return;
        }
        const json = JSON.parse(raw.toString('utf8')) as { id_token?: string };
        if (json.id_token) {
          kid = decodeProtectedHeader(json.id_token).kid ?? null;
          if (state.tamper) {
            const payload = JSON.parse(
              Buffer.from(json.id_token.split('.')[1]!, 'base64url').toString('utf8'),
            );
            const claims = state.tamper(payload);
            json.id_token = await new SignJWT(claims)
              .setProtectedHeader({ alg: 'RS256', kid: key.kid!, typ: 'JWT' })
              .sign(await importJWK(key, 'RS256'));
          }
        }
        const text = JSON.stringify(json);
        const headers = { ...up.headers, 'content-length': String(Buffer.byteLength(text)) };
        res.writeHead(200, headers);
        res.end(text);
      },
    );
    upstream.on('error', (err) => {
      res.writeHead(502);
      res.end(String(err));
    });
    upstream.end(body);
  });
  return state;
}

/** A tiny browser: follows redirects within the provider with its cookies, fills the dev login and consent forms. */
async function driveLogin(authorizationUrl: string, login: string, stopAt: string[]): Promise<URL> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  };
  let url = new URL(authorizationUrl);
  let init: RequestInit = { method: 'GET' };
  for (let hop = 0; hop < 20; hop += 1) {
    if (stopAt.some((s) => url.href.startsWith(s))) return url;
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers ?? {}), cookie: cookieHeader() },
    });
    remember(res);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url);
      init = { method: 'GET' };
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`provider answered ${res.status}: ${html.slice(0, 500)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no form on the provider page: ${html.slice(0, 500)}`);
    const form = new URLSearchParams({ prompt });
    if (prompt === 'login') {
      form.set('login', login);
      form.set('password', 'any');
    }
    url = new URL(action.replaceAll('&amp;', '&'), url);
    init = {
      method: 'POST',
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    };
  }
  throw new Error('too many hops at the provider');
}
