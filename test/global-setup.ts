import pg from 'pg';
import { openDatabase } from '../src/platform/db/database.js';
import {
  adminQuery,
  POSTGRES_ADMIN_URL,
  TEMPLATE_ENV,
  TEST_DIALECT,
  uniqueDatabaseName,
  urlFor,
} from './database.js';

/**
 * Before the integration suite: on the PostgreSQL target, the server must
 * answer. Under CI an unreachable server fails the run (a green run that
 * tested nothing would lie); locally it fails too, with the way to fix it.
 * Then one database is migrated for the whole run, and every test store is
 * created as a copy of it (`create database … template …`: about 0.2 s
 * instead of 0.6 s for an empty database and every migration); it is
 * dropped when the run ends.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (TEST_DIALECT !== 'postgres') return undefined;
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
  const template = uniqueDatabaseName('auditready_tpl');
  await adminQuery(`create database ${template}`);
  const migrated = await openDatabase({ dataDir: '/nonexistent', databaseUrl: urlFor(template) });
  await migrated.close();
  process.env[TEMPLATE_ENV] = template;
  return async () => {
    delete process.env[TEMPLATE_ENV];
    await adminQuery(`drop database if exists ${template} with (force)`);
  };
}
