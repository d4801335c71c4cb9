import type { Actor } from '../../core/ledger/chain.js';
import { generateApiToken, parseApiToken } from '../../platform/auth/api-token-format.js';
import type { TokenPrincipal } from '../../platform/auth/principal.js';
import { safeEqual, sha256Hex } from '../../platform/auth/secrets.js';
import { addMinutes } from '../../platform/auth/settings.js';
import { nowIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { unledgered } from '../../platform/db/transaction.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import {
  findApiToken,
  findApiTokenAnywhere,
  findApiTokenByPrefix,
  insertApiToken,
  markFirstUseOfDay,
  pageApiTokens,
  revokeApiToken,
  touchApiToken,
} from './api-token.repository.js';
import { type ApiToken, type ApiTokenInput, apiTokenInputSchema } from './api-token.schema.js';

/** How often `last_used_at` is refreshed. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Creates an API token for an organization. The returned `secret` is the
 * only copy: the database keeps its SHA-256 and its public prefix.
 */
export async function createApiToken(
  database: Database,
  actor: Actor,
  orgId: string,
  input: ApiTokenInput & { ownerPersonId?: string | null },
): Promise<{ token: ApiToken; secret: string }> {
  const parsed = apiTokenInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('invalid_input', parsed.error.issues[0]!.message, { issues: parsed.error.issues });
  }
  if (parsed.data.role === 'auditor') {
    // An auditor is a person scoped to one engagement by invitation; automation never acts as one.
    throw new AppError(
      'invalid_input',
      'an API token cannot carry the auditor role: auditors sign in as themselves, scoped to their engagement',
      { field: 'role' },
    );
  }
  const { prefix, token } = generateApiToken();
  const now = nowIso();
  const row = {
    id: newId(),
    org_id: orgId,
    name: parsed.data.name,
    prefix,
    token_hash: sha256Hex(token),
    role: parsed.data.role,
    owner_person_id: input.ownerPersonId ?? null,
    created_by: actor.label,
    created_at: now,
    expires_at: addMinutes(now, parsed.data.expiresInDays * 24 * 60),
    revoked_at: null,
    last_used_at: null,
  };
  await write(database, { actor, orgId }, async (w) => {
    await insertApiToken(w.tx, row);
    w.record({
      action: 'create',
      recordType: 'api-token',
      recordId: row.id,
      // The SHA-256 of the secret, not the secret: what lets verify prove the stored hash unchanged.
      change: {
        name: row.name,
        prefix,
        role: row.role,
        expiresAt: row.expires_at,
        tokenHash: row.token_hash,
        ownerPersonId: row.owner_person_id,
      },
    });
  });
  return { token: (await findApiToken(database.db, orgId, row.id))!, secret: token };
}

/** One page of an organization's tokens (revoked and expired ones included, marked). */
export function listApiTokens(
  database: Database,
  orgId: string,
  page: { after?: string | undefined; limit: number },
): Promise<ApiToken[]> {
  return pageApiTokens(database.db, orgId, page);
}

/** Revokes a token of an organization; revoking twice is harmless. */
export async function revokeToken(
  database: Database,
  actor: Actor,
  orgId: string,
  id: string,
): Promise<ApiToken> {
  await write(database, { actor, orgId }, async (w) => {
    const token = await findApiToken(w.tx, orgId, id);
    if (!token) throw notFound('api token', id);
    if (token.revokedAt) return;
    const at = nowIso();
    await revokeApiToken(w.tx, orgId, id, at);
    w.record({
      action: 'revoke',
      recordType: 'api-token',
      recordId: id,
      change: { prefix: token.prefix, revokedAt: [null, at] },
    });
  });
  return (await findApiToken(database.db, orgId, id))!;
}

/**
 * The principal behind a bearer token, or null when it is malformed,
 * unknown, revoked or expired. Use is recorded: `last_used_at` at most once
 * a minute, and an activity entry on the organization's chain for the first
 * use of each UTC day (enough to show an auditor when a token was active
 * without an entry per request).
 */
export async function authenticateApiToken(
  database: Database,
  presented: string,
  now: string,
): Promise<TokenPrincipal | null> {
  const parsed = parseApiToken(presented);
  if (!parsed) return null;
  const token = await findApiTokenByPrefix(database.db, parsed.prefix);
  if (!token || !safeEqual(token.tokenHash, sha256Hex(parsed.token))) return null;
  if (token.revokedAt !== null || now >= token.expiresAt) return null;
  const last = token.lastUsedAt;
  if (last === null || last.slice(0, 10) !== now.slice(0, 10)) {
    const actor: Actor = { type: 'token', id: token.id, label: `token:${token.prefix}` };
    await write(database, { actor, orgId: token.orgId }, async (w) => {
      // Two requests racing on the day's first use record it once.
      if (!(await markFirstUseOfDay(w.tx, token.id, now))) return;
      w.record({
        action: 'use',
        recordType: 'api-token',
        recordId: token.id,
        change: { day: now.slice(0, 10) },
      });
    });
  } else if (Date.parse(now) - Date.parse(last) >= TOUCH_EVERY_MS) {
    await touchApiToken(unledgered(database), token.id, now);
  }
  return {
    kind: 'token',
    tokenId: token.id,
    prefix: token.prefix,
    name: token.name,
    orgId: token.orgId,
    orgSlug: token.orgSlug,
    orgName: token.orgName,
    role: token.role,
    ownerPersonId: token.ownerPersonId,
  };
}

/** Revokes a token by id in whichever organization holds it (`auditready tokens revoke ID`). */
export async function revokeTokenById(database: Database, actor: Actor, id: string): Promise<ApiToken> {
  const token = await findApiTokenAnywhere(database.db, id);
  if (!token) throw notFound('api token', id);
  return revokeToken(database, actor, token.orgId, id);
}
