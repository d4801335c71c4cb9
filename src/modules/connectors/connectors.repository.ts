import type { Kysely } from 'kysely';
import type { DB, GithubConnectionsTable } from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';

export async function listGithubConnections(
  db: Kysely<DB>,
  orgId: string,
): Promise<GithubConnectionsTable[]> {
  return db
    .selectFrom('github_connections')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('account')
    .execute();
}

export async function findGithubConnection(
  db: Kysely<DB>,
  orgId: string,
  by: { id: string } | { account: string },
): Promise<GithubConnectionsTable | undefined> {
  let q = db.selectFrom('github_connections').selectAll().where('org_id', '=', orgId);
  q = 'id' in by ? q.where('id', '=', by.id) : q.where('account', '=', by.account);
  return q.executeTakeFirst();
}

export async function upsertGithubConnection(tx: WriteTx, row: GithubConnectionsTable): Promise<void> {
  const { id: _, org_id: __, account: ___, created_at: ____, ...rest } = row;
  await tx
    .insertInto('github_connections')
    .values(row)
    .onConflict((oc) => oc.columns(['org_id', 'account']).doUpdateSet(rest))
    .execute();
}

export async function updateGithubConnectionRun(
  tx: WriteTx,
  id: string,
  run: Pick<GithubConnectionsTable, 'last_run_at' | 'last_status' | 'last_detail'>,
): Promise<void> {
  await tx.updateTable('github_connections').set(run).where('id', '=', id).execute();
}

export async function deleteGithubConnection(tx: WriteTx, orgId: string, account: string): Promise<number> {
  const r = await tx
    .deleteFrom('github_connections')
    .where('org_id', '=', orgId)
    .where('account', '=', account)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
