import type { NoteSigner } from '../../core/ledger/signed-note.js';
import { type ServeRole, startCadence } from '../../modules/cadence/cadence-runtime.js';
import type { WeeklyRunDeps } from '../../modules/cadence/weekly-run.js';
import {
  CHECKPOINT_WEBHOOK_ENV,
  startCheckpointSchedule,
} from '../../modules/integrity/checkpoint-schedule.js';
import { issueFirstAdminToken, needsFirstAdmin } from '../../modules/users/setup.service.js';
import { loadSecretBox } from '../../platform/auth/secret-box.js';
import type { AuthSettings } from '../../platform/auth/settings.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { openDatabase } from '../../platform/db/database.js';
import { leaveCluster } from '../../platform/http/cluster.js';
import { serverConfigFromEnv } from '../../platform/http/config.js';
import { type StopSignal, serveUntilSignalled } from '../../platform/http/lifecycle.js';
import { webUi } from '../../platform/http/web-ui.js';
import { loadSigningKey, SIGNING_KEY_ENV, signingKeyPath } from '../../platform/ledger/signing-key.js';
import { buildServer } from '../../server/server.js';
import { blobsOf, dataDir, type GlobalOptions } from '../context.js';
import { readDemoLogins } from '../demo-logins.js';
import { printLines } from '../output.js';

/** The two log calls the duties make: Fastify's logger in one process, pino in a primary. */
export interface DutyLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** The lines printed on first run: the one-time setup link, and the same step with curl. */
export function firstRunInstructions(base: string, token: string, hours: number): string[] {
  return [
    `first run: no user yet. Create the first admin within ${hours} h with this one-time link:`,
    `  ${base}/setup#token=${token}`,
    'or directly against the API:',
    `  curl -X POST ${base}/api/v1/auth/setup -H 'content-type: application/json' \\`,
    `    -d '{"token":"${token}","email":"you@example.com","name":"Your Name","password":"at least 12 characters"}'`,
  ];
}

/**
 * What `serve` does once its API listens, in one process per `serve` (the primary when there are several
 * HTTP processes): the start-up lines, the first-admin link, the checkpoint schedule, the job worker and
 * scheduler of its roles. Returns their stop.
 */
export async function startServeDuties(d: {
  opts: GlobalOptions;
  log: DutyLog;
  database: Database;
  signer: NoteSigner;
  roles: readonly ServeRole[];
  cadenceDeps: Omit<WeeklyRunDeps, 'clock'> & { clock?: Clock };
  intervalMs: number | undefined;
  auth: AuthSettings;
  /** The URL people reach the server at. */
  base: string;
  /** Said in parentheses on the listening line: the store, where evidence goes, the HTTP processes. */
  note: string;
}): Promise<{ stop: () => Promise<void> }> {
  const { database, log } = d;
  printLines(`auditready listening on ${d.base} (${d.note})`);
  if (database.dialect === 'postgres' && !process.env[SIGNING_KEY_ENV]) {
    printLines(
      `checkpoints are signed with ${signingKeyPath(dataDir(d.opts))}; several app servers share one key through ${SIGNING_KEY_ENV}`,
    );
  }
  if (await needsFirstAdmin(database)) {
    const token = await issueFirstAdminToken(database, d.auth);
    printLines(...firstRunInstructions(d.base, token, d.auth.setupTokenHours));
  }
  // A demo store's logins come last, where `npm run demo` leaves them in sight: after the first
  // checkpoint run, whose log lines are the last of the start-up.
  const logins = readDemoLogins(dataDir(d.opts));
  let loginsShown = false;
  const showLogins = () => {
    if (!logins || loginsShown) return;
    loginsShown = true;
    printLines('', ...logins);
  };
  const checkpoints = startCheckpointSchedule(database, d.signer, {
    webhookUrl: process.env[CHECKPOINT_WEBHOOK_ENV],
    onRun: (outcomes) => {
      for (const o of outcomes.filter((x) => x.status !== 'unchanged')) {
        log[o.status === 'refused' ? 'error' : 'info'](
          { chain: o.chain, size: o.size, status: o.status },
          `checkpoint: ${o.message}`,
        );
      }
      showLogins();
    },
    onError: (err) => {
      log.error({ err }, 'checkpoint run failed');
      showLogins();
    },
  });
  let cadence: { stop: () => Promise<void> } | undefined;
  if (d.roles.some((r) => r !== 'api')) {
    cadence = await startCadence(
      d.cadenceDeps,
      { type: 'system', id: 'serve', label: 'auditready serve' },
      d.roles,
      {
        ...(d.intervalMs === undefined ? {} : { intervalMs: d.intervalMs }),
        onError: (err) => log.error({ err }, 'job runner failed'),
      },
    ).catch(async (err) => {
      await checkpoints.stop();
      throw err;
    });
  }
  return {
    async stop() {
      await cadence?.stop();
      await checkpoints.stop();
    },
  };
}

/**
 * One HTTP process of `serve --http-processes N` (docs/decisions/0038): the API and the web UI on the
 * socket the primary shares, on the store the primary opened and migrated first; no checkpoints, jobs
 * or schedule (the primary's), no start-up lines (the primary says where it listens). Until SIGTERM.
 */
export async function serveHttpOnly(
  opts: GlobalOptions,
  options: { port: number; host: string },
  stop: StopSignal,
): Promise<void> {
  try {
    const blobs = blobsOf(opts);
    const config = {
      ...serverConfigFromEnv(),
      secretBox: await loadSecretBox(dataDir(opts)),
      // The primary made the key when the store had none.
      signer: await loadSigningKey(dataDir(opts), { create: false }),
      logStream: process.stdout,
    };
    const database = await openDatabase({
      dataDir: dataDir(opts),
      databaseUrl: process.env.DATABASE_URL,
      lockTimeoutMs: config.lockTimeoutMs,
      migrate: false,
    });
    const app = await buildServer({ database, blobs, config, plugins: [webUi()] }).catch(async (err) => {
      await database.close();
      throw err;
    });
    await serveUntilSignalled(
      app,
      { port: options.port, host: options.host },
      { stop, cleanup: () => database.close() },
    );
  } finally {
    // Also after a failed start: the primary then sees this process exit.
    leaveCluster();
  }
}
