/**
 * GitHub connections of an organization (docs/decisions/0033): the account,
 * the repositories, the token sealed with the installation's secret box
 * (decision 0015; never returned, never in the ledger), and the last
 * collection. The weekly run collects every enabled connection
 * (src/modules/cadence/weekly-run.ts).
 */
import type { Actor } from '../../core/ledger/chain.js';
import type { SecretBox } from '../../platform/auth/secret-box.js';
import type { BlobStore } from '../../platform/blobs/blob-store.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { GithubConnectionsTable } from '../../platform/db/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import { parsed } from '../cadence/cadence.service.js';
import {
  deleteGithubConnection,
  findGithubConnection,
  listGithubConnections,
  updateGithubConnectionRun,
  upsertGithubConnection,
} from './connectors.repository.js';
import {
  type ConnectorRun,
  type GithubConnection,
  githubAccountSchema,
  githubConnectionInputSchema,
} from './connectors.schema.js';
import { GITHUB_API_URL } from './github.client.js';
import { collectGithub, type GithubCollectResult } from './github.collect.js';
import { appPrivateKey, type GithubAppAuth } from './github-app.js';

/** Sealing context of a connection's token: bound to the organization and the account. */
export const githubTokenContext = (orgId: string, account: string) => `github-token:${orgId}:${account}`;
/** Sealing context of a connection's GitHub App private key (a sealed token does not open as a key, nor the reverse). */
export const githubAppKeyContext = (orgId: string, account: string) => `github-app-key:${orgId}:${account}`;

/** How a connection authenticates, opened from its row: the token, or the App installation with its key. */
export function openGithubCredential(
  row: GithubConnectionsTable,
  secretBox: SecretBox,
): { token: string } | { app: GithubAppAuth } {
  if (row.credential_kind === 'app')
    return {
      app: {
        appId: row.app_id!,
        installationId: row.installation_id!,
        privateKey: secretBox.open(row.token, githubAppKeyContext(row.org_id, row.account)),
      },
    };
  return { token: secretBox.open(row.token, githubTokenContext(row.org_id, row.account)) };
}

function view(row: GithubConnectionsTable): GithubConnection {
  return {
    id: row.id,
    account: row.account,
    apiUrl: row.api_url,
    repositories: row.repositories === null ? null : (JSON.parse(row.repositories) as string[]),
    enabled: Boolean(Number(row.enabled)),
    tokenConfigured: row.token !== '',
    credentialKind: row.credential_kind === 'app' ? 'app' : 'token',
    app:
      row.credential_kind === 'app'
        ? { appId: row.app_id ?? '', installationId: row.installation_id ?? '' }
        : null,
    lastRun:
      row.last_run_at && row.last_status
        ? {
            at: row.last_run_at,
            status: row.last_status as ConnectorRun['status'],
            detail: row.last_detail === null ? null : (JSON.parse(row.last_detail) as unknown),
          }
        : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The organization's GitHub connections (the token only as "configured"). */
export async function getGithubConnections(database: Database, orgId: string): Promise<GithubConnection[]> {
  return (await listGithubConnections(database.db, orgId)).map(view);
}

/**
 * Creates or updates the connection to a GitHub account: the credential (a
 * token, or a GitHub App's ids and private key) is sealed (required on
 * creation; omitted keeps it; one kind replaces the other), the ledger says
 * only whether it was set, and the App's ids.
 */
export async function putGithubConnection(
  database: Database,
  actor: Actor,
  orgId: string,
  account: string,
  input: unknown,
  deps: { secretBox: SecretBox | null; clock: Clock },
): Promise<GithubConnection> {
  const login = parsed(githubAccountSchema.safeParse(account));
  const s = parsed(githubConnectionInputSchema.safeParse(input));
  const current = await findGithubConnection(database.db, orgId, { account: login });
  if (s.token !== undefined && s.app !== undefined)
    throw new AppError('invalid_input', 'app: give a token or a GitHub App credential, not both', {
      field: 'app',
    });
  if (!current && s.token === undefined && s.app === undefined)
    throw new AppError('invalid_input', 'token: a new connection needs a token or a GitHub App credential', {
      field: 'token',
    });
  if ((s.token !== undefined || s.app !== undefined) && !deps.secretBox)
    throw new AppError('unavailable', 'no secret key is configured: the credential cannot be stored sealed');
  // The key is checked before it is kept: an RSA private key in PEM.
  if (s.app) appPrivateKey(s.app.privateKey);
  const credential =
    s.app !== undefined
      ? {
          credential_kind: 'app',
          app_id: String(s.app.appId),
          installation_id: String(s.app.installationId),
          token: deps.secretBox!.seal(s.app.privateKey, githubAppKeyContext(orgId, login)),
        }
      : s.token !== undefined
        ? {
            credential_kind: 'token',
            app_id: null,
            installation_id: null,
            token: deps.secretBox!.seal(s.token, githubTokenContext(orgId, login)),
          }
        : {
            credential_kind: current!.credential_kind,
            app_id: current!.app_id,
            installation_id: current!.installation_id,
            token: current!.token,
          };
  const now = deps.clock.now().toISOString();
  const row: GithubConnectionsTable = {
    id: current?.id ?? newId(),
    org_id: orgId,
    account: login,
    api_url: (s.apiUrl ?? current?.api_url ?? GITHUB_API_URL).replace(/\/+$/, ''),
    repositories:
      s.repositories === undefined
        ? (current?.repositories ?? null)
        : s.repositories && JSON.stringify(s.repositories),
    ...credential,
    enabled: s.enabled === undefined ? (current?.enabled ?? 1) : s.enabled ? 1 : 0,
    last_run_at: current?.last_run_at ?? null,
    last_status: current?.last_status ?? null,
    last_detail: current?.last_detail ?? null,
    created_at: current?.created_at ?? now,
    updated_at: now,
  };
  await write(database, { actor, orgId }, async (w) => {
    await upsertGithubConnection(w.tx, row);
    w.record({
      action: current ? 'update' : 'create',
      recordType: 'github-connection',
      recordId: login,
      // The token and the App's key never enter the ledger: only whether they changed.
      change: {
        apiUrl: row.api_url,
        repositories: row.repositories === null ? null : JSON.parse(row.repositories),
        enabled: Boolean(row.enabled),
        credential: row.credential_kind,
        ...(row.credential_kind === 'app' ? { appId: row.app_id, installationId: row.installation_id } : {}),
        token: s.token === undefined && s.app === undefined ? 'kept' : 'set',
      },
    });
  });
  return view(row);
}

/** Removes the connection to a GitHub account (its collected records stay). */
export async function removeGithubConnection(
  database: Database,
  actor: Actor,
  orgId: string,
  account: string,
): Promise<void> {
  await write(database, { actor, orgId }, async (w) => {
    if ((await deleteGithubConnection(w.tx, orgId, account)) === 0)
      throw notFound('GitHub connection', account);
    w.record({ action: 'delete', recordType: 'github-connection', recordId: account, change: null });
  });
}

/** What a collection needs besides the store. */
export interface GithubCollectDeps {
  database: Database;
  blobs: BlobStore;
  secretBox: SecretBox | null;
  clock: Clock;
  /** Waits out a rate limit (default: a timer). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Collects one connection now (the weekly run's collection, or `connectors
 * github collect`) and keeps its outcome on the connection: `succeeded`,
 * `partial` (units GitHub refused, the rest collected) or `failed` (the error
 * is thrown again for the job's retry).
 */
export async function collectGithubConnection(
  deps: GithubCollectDeps,
  actor: Actor,
  orgId: string,
  by: { id: string } | { account: string },
  options: { at: string },
): Promise<GithubCollectResult> {
  const row = await findGithubConnection(deps.database.db, orgId, by);
  if (!row) throw notFound('GitHub connection', 'id' in by ? by.id : by.account);
  if (!deps.secretBox)
    throw new AppError('unavailable', 'no secret key is configured: the GitHub credential cannot be opened');
  const credential = openGithubCredential(row, deps.secretBox);
  const finish = async (status: ConnectorRun['status'], detail: unknown) =>
    write(deps.database, { actor, orgId }, async (w) => {
      await updateGithubConnectionRun(w.tx, row.id, {
        last_run_at: deps.clock.now().toISOString(),
        last_status: status,
        last_detail: JSON.stringify(detail),
      });
      w.record({
        action: 'collect',
        recordType: 'github-connection',
        recordId: row.account,
        change: { status, detail },
      });
    });
  let result: GithubCollectResult;
  try {
    result = await collectGithub(
      { database: deps.database, blobs: deps.blobs },
      actor,
      orgId,
      {
        account: row.account,
        repositories: row.repositories === null ? null : (JSON.parse(row.repositories) as string[]),
      },
      {
        apiUrl: row.api_url,
        ...credential,
        clock: deps.clock,
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
      },
      options,
    );
  } catch (err) {
    await finish('failed', { error: err instanceof Error ? err.message : String(err) });
    throw err;
  }
  await finish(result.problems.length > 0 ? 'partial' : 'succeeded', result);
  return result;
}

/** The enabled connections of an organization (the weekly run's collections). */
export async function enabledGithubConnections(
  database: Database,
  orgId: string,
): Promise<GithubConnectionsTable[]> {
  return (await listGithubConnections(database.db, orgId)).filter((c) => Number(c.enabled) === 1);
}
