import pg from 'pg';
import { POSTGRES_ADMIN_URL, TEST_DIALECT } from './database.js';

/**
 * Before the integration suite: on the PostgreSQL target, the server must
 * answer. Under CI an unreachable server fails the run (a green run that
 * tested nothing would lie); locally it fails too, with the way to fix it.
 */
export default async function setup(): Promise<void> {
  if (TEST_DIALECT !== 'postgres') return;
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `PostgreSQL is unreachable at ${POSTGRES_ADMIN_URL} (${reason}). Start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set AUDITREADY_TEST_PG_URL.`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}
