/**
 * auditready's own API tokens are non-human identities too (SPEC §12, issue 6
 * item 7): each token of the `api_tokens` table appears in the inventory as
 * provider `auditready`, kind `api-token`, with its owner, role (its scope),
 * expiry and last use, and runs through the same rules as any other export.
 */
import { canonicalJson } from '../../../core/ledger/canonical-json.js';
import type { Actor } from '../../../core/ledger/chain.js';
import { AUDITREADY_TOKENS_SYNC } from '../../../core/nhi/import-kinds.js';
import type { ObservedNhi } from '../../../core/nhi/index.js';
import { nowIso, todayIso } from '../../../platform/clock.js';
import type { Database } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/transaction.js';
import { write } from '../../../platform/ledger/ledger.js';
import { observationsOfSource } from '../import/import.repository.js';
import { applyRun, finishRun, sourceOf } from '../import/run.js';
import type { NhiImportCounts } from '../nhi.schema.js';
import { apiTokensOf } from './nhi.repository.js';
import { lockNhiInventory } from './refresh.js';

/** The import kind (and source) of the token sync. */
export const AUDITREADY_TOKENS_KIND = AUDITREADY_TOKENS_SYNC.name;

/** Who the ledger names for the token sync. */
export const TOKEN_SYNC_ACTOR: Actor = {
  type: 'system',
  id: 'nhi-token-sync',
  label: 'auditready API token sync',
};

type TokenRow = Awaited<ReturnType<typeof apiTokensOf>>[number];

/** One token as an observation. Last use is kept to the day, so a busy token does not change every minute. */
export function tokenObservation(t: TokenRow, now: string): ObservedNhi {
  const status = t.revoked_at ? 'deleted' : t.expires_at <= now ? 'disabled' : 'active';
  return {
    kind: 'api-token',
    provider: 'auditready',
    externalId: `api-token/${t.id}`,
    name: t.name,
    parentExternalId: null,
    ownerHint: t.owner_email,
    ownerSource: t.owner_email ? 'created-by' : null,
    purpose: null,
    environment: null,
    privileged: t.role === 'admin',
    privilegeSummary: `role ${t.role}`,
    authMethod: 'static-key',
    status,
    createdAt: t.created_at,
    lastUsedAt: t.last_used_at ? `${t.last_used_at.slice(0, 10)}T00:00:00.000Z` : null,
    lastRotatedAt: t.created_at,
    expiresAt: t.expires_at,
    attributes: {
      role: t.role,
      prefix: t.prefix,
      tokenSha256: t.token_hash,
      createdBy: t.created_by,
      usageTracked: true,
      ...(t.revoked_at ? { revokedAt: t.revoked_at } : {}),
    },
  };
}

/** The tokens as the inventory should show them at `now`, and whether it already does. */
async function tokenState(db: Tx, orgId: string) {
  const now = nowIso();
  const observations = (await apiTokensOf(db, orgId)).map((t) => tokenObservation(t, now));
  const stored = new Map(
    (await observationsOfSource(db, orgId, sourceOf(AUDITREADY_TOKENS_KIND, null))).map((o) => [
      JSON.parse(o.data).externalId as string,
      o,
    ]),
  );
  const same =
    observations.every((o) => stored.get(o.externalId)?.data === canonicalJson(o)) &&
    [...stored.values()].every(
      (o) =>
        o.status === 'deleted' || observations.some((n) => n.externalId === JSON.parse(o.data).externalId),
    );
  return { now, observations, same };
}

/**
 * Upserts the organization's API tokens into the inventory as one complete
 * source (a revoked token is offboarded), writing nothing when the inventory
 * already shows them as they are. A sync that had to wait for another NHI
 * write looks again once it holds the inventory's lock, and dates its export
 * after the one it waited for (an earlier date would be refused as out of order).
 */
export async function syncAuditreadyTokens(
  database: Database,
  orgId: string,
): Promise<{ status: 'synced' | 'unchanged'; tokens: number; counts: NhiImportCounts | null }> {
  const seen = await tokenState(database.db, orgId);
  if (seen.same) return { status: 'unchanged', tokens: seen.observations.length, counts: null };
  const synced = await write(database, { actor: TOKEN_SYNC_ACTOR, orgId }, async (w) => {
    await lockNhiInventory(w, orgId);
    const { now, observations, same } = await tokenState(w.tx, orgId);
    if (same) return { tokens: observations.length, counts: null };
    const run = await applyRun(
      w,
      orgId,
      { kind: AUDITREADY_TOKENS_KIND, scope: null, fileName: null, sha256: null, size: null, at: todayIso() },
      (async function* () {
        yield* observations;
      })(),
      () => ({ exportedAt: now, complete: true }),
    );
    return { tokens: observations.length, counts: (await finishRun(w, orgId, run, todayIso())).counts };
  });
  return { status: synced.counts ? 'synced' : 'unchanged', ...synced };
}
