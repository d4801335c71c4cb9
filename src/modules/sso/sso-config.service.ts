// An organization's OIDC configuration: set (the client secret sealed with the installation's secret box),
// read without the secret, discovered and tested against the provider (docs/decisions/0015).
import * as oidc from 'openid-client';
import type { RoleMappingRow, SsoRole } from '../../core/auth/sso-rules.js';
import type { Actor } from '../../core/ledger/chain.js';
import type { SecretBox } from '../../platform/auth/secret-box.js';
import type { Database } from '../../platform/db/database.js';
import type { SsoConfigsTable } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { write } from '../../platform/ledger/ledger.js';
import { findSsoConfig, saveSsoConfig } from './sso.repository.js';
import { isLoopbackHttp, type SsoConfigInput, type SsoConfigView, type SsoTestResult } from './sso.schema.js';

/** How long a started sign-in may take at the provider. */
/** Context binding a sealed client secret to its organization. */
const secretContext = (orgId: string) => `sso-client-secret:${orgId}`;

function toView(row: SsoConfigsTable): SsoConfigView {
  return {
    issuer: row.issuer,
    clientId: row.client_id,
    hasSecret: row.client_secret !== null,
    scopes: row.scopes,
    groupClaim: row.group_claim,
    roleMapping: JSON.parse(row.role_mapping) as RoleMappingRow[],
    defaultRole: row.default_role as SsoRole,
    required: row.required === 1,
    enabled: row.enabled === 1,
    updatedAt: row.updated_at,
  };
}

/** An organization's SSO configuration as the API shows it (null before one is saved). */
export async function getSsoConfig(database: Database, orgId: string): Promise<SsoConfigView | null> {
  const row = await findSsoConfig(database.db, orgId);
  return row ? toView(row) : null;
}

/** Saves an organization's SSO configuration; the secret is sealed, and the ledger only says whether it changed. */
export async function configureSso(
  database: Database,
  actor: Actor,
  orgId: string,
  input: SsoConfigInput,
  box: SecretBox | null,
  now: string,
): Promise<SsoConfigView> {
  return write(database, { actor, orgId }, async (w) => {
    const before = await findSsoConfig(w.tx, orgId);
    let secret = before?.client_secret ?? null;
    if (input.clientSecret === null) secret = null;
    else if (input.clientSecret !== undefined) {
      if (!box) throw new AppError('unavailable', 'no secret key is configured to seal the client secret');
      secret = box.seal(input.clientSecret, secretContext(orgId));
    }
    const row: SsoConfigsTable = {
      org_id: orgId,
      issuer: input.issuer,
      client_id: input.clientId,
      client_secret: secret,
      scopes: input.scopes,
      group_claim: input.groupClaim,
      role_mapping: JSON.stringify(input.roleMapping),
      default_role: input.defaultRole,
      required: input.required ? 1 : 0,
      enabled: input.enabled ? 1 : 0,
      created_at: before?.created_at ?? now,
      updated_at: now,
    };
    await saveSsoConfig(w.tx, row);
    const view = toView(row);
    const { updatedAt: _u, ...recorded } = view;
    w.record({
      action: before ? 'update' : 'create',
      recordType: 'sso-config',
      recordId: orgId,
      change: {
        ...recorded,
        secret: input.clientSecret === undefined ? 'kept' : input.clientSecret === null ? 'removed' : 'set',
      },
    });
    return view;
  });
}

/** openid-client's view of a configuration: discovery, client authentication, our clock. */
export async function discover(
  row: SsoConfigsTable,
  box: SecretBox | null,
  now: string,
): Promise<oidc.Configuration> {
  let secret: string | null = null;
  if (row.client_secret !== null) {
    if (!box) throw new AppError('unavailable', 'no secret key is configured to open the client secret');
    secret = box.open(row.client_secret, secretContext(row.org_id));
  }
  const skew = Math.round((Date.parse(now) - Date.now()) / 1000);
  return oidc.discovery(
    new URL(row.issuer),
    row.client_id,
    { [oidc.clockSkew]: skew },
    secret === null ? oidc.None() : oidc.ClientSecretBasic(secret),
    { timeout: 10, ...(isLoopbackHttp(row.issuer) ? { execute: [oidc.allowInsecureRequests] } : {}) },
  );
}

/** Runs discovery against the saved configuration and reports what it found (never throws for the provider's faults). */
export async function testSso(database: Database, orgId: string, box: SecretBox | null, now: string) {
  const row = await findSsoConfig(database.db, orgId);
  if (!row) throw new AppError('not_found', 'this organization has no SSO configuration yet');
  const result: SsoTestResult = {
    ok: false,
    issuer: row.issuer,
    authorizationEndpoint: null,
    tokenEndpoint: null,
    jwksUri: null,
    endSessionEndpoint: null,
    codeChallengeS256: false,
    error: null,
  };
  try {
    const meta = (await discover(row, box, now)).serverMetadata();
    result.authorizationEndpoint = meta.authorization_endpoint ?? null;
    result.tokenEndpoint = meta.token_endpoint ?? null;
    result.jwksUri = meta.jwks_uri ?? null;
    result.endSessionEndpoint = meta.end_session_endpoint ?? null;
    result.codeChallengeS256 = meta.code_challenge_methods_supported?.includes('S256') ?? false;
    const missing = [
      ['authorization_endpoint', result.authorizationEndpoint],
      ['token_endpoint', result.tokenEndpoint],
      ['jwks_uri', result.jwksUri],
    ].filter(([, v]) => v === null);
    if (missing.length > 0) result.error = `discovery lacks ${missing.map(([k]) => k).join(', ')}`;
    else if (!result.codeChallengeS256) result.error = 'the provider does not advertise PKCE S256';
    result.ok = result.error === null;
  } catch (err) {
    result.error = describeError(err);
  }
  return result;
}

export function describeError(err: unknown): string {
  if (err instanceof AppError) return err.message;
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return `${err.message}${cause}`.slice(0, 500);
  }
  return String(err).slice(0, 500);
}
