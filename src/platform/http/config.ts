import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { NoteSigner } from '../../core/ledger/signed-note.js';
import type { SecretBox } from '../auth/secret-box.js';
import { type AuthSettings, DEFAULT_AUTH_SETTINGS } from '../auth/settings.js';
import { AppError } from '../errors.js';
import { type ApiRateLimit, DEFAULT_API_RATE_LIMIT } from './rate-limit.js';

/** Everything the HTTP server is configured with (environment variables in production, literals in tests). */
export interface ServerConfig {
  /**
   * The URL people reach the server at (setup links). When it is https, the
   * session cookie is Secure and HSTS is sent even if the TLS proxy in front
   * is not trusted (`trustProxy`) to say so ({@link publicUrlIsHttps}).
   */
  publicUrl: string | null;
  /** Trust `X-Forwarded-*` from a reverse proxy: `true`, or a list of proxy addresses. */
  trustProxy: boolean | string;
  /** Origins allowed to call the API from a browser with credentials; empty: CORS off. */
  corsOrigins: string[];
  /** The largest accepted upload (CSV imports), in bytes. */
  maxUploadBytes: number;
  /** The largest accepted evidence file, in bytes (streamed to the blob store, never buffered). */
  maxEvidenceBytes: number;
  /** pino level. */
  logLevel: string;
  /** A request answered after this many milliseconds is logged as slow (request-log.ts). */
  slowRequestMs: number;
  /** Where logs go (stdout when unset); tests capture it. */
  logStream?: Writable | undefined;
  /** Serve HTTPS directly with this certificate and key (PEM). */
  tls: { cert: Buffer; key: Buffer } | null;
  /**
   * How long an API write waits for a lock held by another process (a CLI
   * import) before it answers 503 busy with Retry-After: short, so the
   * answer comes while the user still waits for it (`serve` opens the store with it).
   */
  lockTimeoutMs: number;
  auth: AuthSettings;
  /** The general API rate limit per token, session or anonymous address; null: off. */
  rateLimit: ApiRateLimit | null;
  /** Seals secrets kept at rest (SSO client secrets); null: saving a secret answers 503. */
  secretBox: SecretBox | null;
  /** The installation's Ed25519 key that signs checkpoints and evidence packages; null: a package answers 503. */
  signer: NoteSigner | null;
}

/** Whether people reach the server over https (its public URL says so), whatever the proxy in front tells. */
export function publicUrlIsHttps(config: Pick<ServerConfig, 'publicUrl'>): boolean {
  return config.publicUrl?.toLowerCase().startsWith('https://') ?? false;
}

/** Defaults: no proxy trusted, CORS off, 50 MiB uploads, info logs, production auth settings. */
export function defineServerConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    publicUrl: null,
    trustProxy: false,
    corsOrigins: [],
    maxUploadBytes: 50 * 1024 * 1024,
    maxEvidenceBytes: 2 * 1024 * 1024 * 1024,
    logLevel: 'info',
    slowRequestMs: 1000,
    tls: null,
    lockTimeoutMs: 2000,
    rateLimit: DEFAULT_API_RATE_LIMIT,
    secretBox: null,
    signer: null,
    ...overrides,
    auth: { ...DEFAULT_AUTH_SETTINGS, ...overrides.auth },
  };
}

function parseTrustProxy(raw: string | undefined): boolean | string {
  if (!raw) return false;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  return raw;
}

/** The server configuration from `AUDITREADY_*` environment variables (see README, Configuration). */
export function serverConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const origins = (env.AUDITREADY_CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (origin === '*' || !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new AppError(
        'invalid_input',
        `AUDITREADY_CORS_ORIGINS: "${origin}" is not an origin like https://app.example.com`,
      );
    }
  }
  const maxMb = Number(env.AUDITREADY_MAX_UPLOAD_MB ?? 50);
  if (!Number.isFinite(maxMb) || maxMb <= 0)
    throw new AppError('invalid_input', 'AUDITREADY_MAX_UPLOAD_MB must be a positive number');
  const maxEvidenceMb = Number(env.AUDITREADY_MAX_EVIDENCE_MB ?? 2048);
  if (!Number.isFinite(maxEvidenceMb) || maxEvidenceMb <= 0)
    throw new AppError('invalid_input', 'AUDITREADY_MAX_EVIDENCE_MB must be a positive number');
  const cert = env.AUDITREADY_TLS_CERT;
  const key = env.AUDITREADY_TLS_KEY;
  if (Boolean(cert) !== Boolean(key)) {
    throw new AppError('invalid_input', 'set both AUDITREADY_TLS_CERT and AUDITREADY_TLS_KEY, or neither');
  }
  const lockTimeoutMs = Number(env.AUDITREADY_LOCK_TIMEOUT_MS ?? 2000);
  if (!Number.isInteger(lockTimeoutMs) || lockTimeoutMs < 0)
    throw new AppError('invalid_input', 'AUDITREADY_LOCK_TIMEOUT_MS must be a whole number of milliseconds');
  const slowRequestMs = Number(env.AUDITREADY_SLOW_REQUEST_MS ?? 1000);
  if (!Number.isInteger(slowRequestMs) || slowRequestMs <= 0)
    throw new AppError(
      'invalid_input',
      'AUDITREADY_SLOW_REQUEST_MS must be a positive whole number of milliseconds',
    );
  const publicUrl = env.AUDITREADY_PUBLIC_URL?.replace(/\/+$/, '') || null;
  if (publicUrl !== null && !/^https?:\/\/[^/\s]+/i.test(publicUrl))
    throw new AppError(
      'invalid_input',
      `AUDITREADY_PUBLIC_URL: "${publicUrl}" is not a URL like https://audit.example.com`,
    );
  return defineServerConfig({
    rateLimit: rateLimitFromEnv(env),
    publicUrl,
    trustProxy: parseTrustProxy(env.AUDITREADY_TRUST_PROXY),
    corsOrigins: origins,
    maxUploadBytes: Math.floor(maxMb * 1024 * 1024),
    maxEvidenceBytes: Math.floor(maxEvidenceMb * 1024 * 1024),
    logLevel: env.AUDITREADY_LOG_LEVEL ?? 'info',
    slowRequestMs,
    tls: cert && key ? { cert: readFileSync(cert), key: readFileSync(key) } : null,
    lockTimeoutMs,
  });
}

/** `AUDITREADY_RATE_LIMIT` (requests per window, 0 = off) and `AUDITREADY_RATE_LIMIT_WINDOW_SECONDS`. */
export function rateLimitFromEnv(env: NodeJS.ProcessEnv): ApiRateLimit | null {
  const max = Number(env.AUDITREADY_RATE_LIMIT ?? DEFAULT_API_RATE_LIMIT.max);
  const windowSeconds = Number(
    env.AUDITREADY_RATE_LIMIT_WINDOW_SECONDS ?? DEFAULT_API_RATE_LIMIT.windowSeconds,
  );
  if (!Number.isInteger(max) || max < 0)
    throw new AppError(
      'invalid_input',
      'AUDITREADY_RATE_LIMIT must be a whole number of requests (0: no limit)',
    );
  if (!Number.isFinite(windowSeconds) || windowSeconds <= 0)
    throw new AppError('invalid_input', 'AUDITREADY_RATE_LIMIT_WINDOW_SECONDS must be a positive number');
  return max === 0 ? null : { max, windowSeconds };
}
