import { type Command, InvalidArgumentError } from '@commander-js/extra-typings';
import pino from 'pino';
import {
  jobsPollMsFromEnv,
  SERVE_ROLES,
  type ServeRole,
  startCadence,
} from '../../modules/cadence/cadence-runtime.js';
import { loadSecretBox } from '../../platform/auth/secret-box.js';
import { FsBlobStore } from '../../platform/blobs/fs-blob-store.js';
import { clockFromEnv } from '../../platform/clock.js';
import { openDatabase } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import {
  HTTP_PROCESSES_ENV,
  httpProcessesFrom,
  isHttpWorker,
  runHttpPrimary,
} from '../../platform/http/cluster.js';
import { serverConfigFromEnv } from '../../platform/http/config.js';
import { catchStopSignal, serveUntilSignalled } from '../../platform/http/lifecycle.js';
import { webUi } from '../../platform/http/web-ui.js';
import { loadSigningKey } from '../../platform/ledger/signing-key.js';
import { buildServer } from '../../server/server.js';
import { blobsOf, dataDir, type GlobalOptions } from '../context.js';
import { printLines } from '../output.js';
import { type DutyLog, serveHttpOnly, startServeDuties } from './serve-duties.js';

export { firstRunInstructions } from './serve-duties.js';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('a port is 0–65535');
  return port;
}

/** `--role api,worker,scheduler`: the parts this process runs (at least one, each known). */
export function parseRoles(value: string): ServeRole[] {
  const roles = value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = roles.filter((r) => !(SERVE_ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || unknown.length > 0)
    throw new InvalidArgumentError(`roles are a comma-separated list of ${SERVE_ROLES.join(', ')}`);
  return [...new Set(roles)] as ServeRole[];
}

/** `auditready serve [--port 8080] [--host 127.0.0.1]`: the HTTP API until SIGINT/SIGTERM. */
export function registerServe(program: Command<[], GlobalOptions>): void {
  program
    .command('serve')
    .description('serve the HTTP API and the web UI (and print a one-time setup link while no user exists)')
    .option('--port <port>', 'port to listen on', parsePort, 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option(
      '--role <roles>',
      'what this process runs: api (HTTP and web UI), worker (the job queue), scheduler (weekly runs); several app processes on one PostgreSQL can split them',
      parseRoles,
      [...SERVE_ROLES] as ServeRole[],
    )
    .option(
      '--http-processes <n>',
      `HTTP processes sharing the port on this machine: a number or auto (the cores); default ${HTTP_PROCESSES_ENV} or 1. This process alone runs the worker and scheduler roles`,
    )
    .action(async (options, cmd) => {
      // From here on SIGINT/SIGTERM stop the server cleanly, even while it is still starting.
      const stop = catchStopSignal();
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      // An HTTP process forked by `--http-processes N`: HTTP only, on the store its primary prepared.
      if (isHttpWorker()) return serveHttpOnly(opts, options, stop);
      const roles = options.role;
      const httpProcesses = roles.includes('api') ? httpProcessesFrom(options.httpProcesses) : 1;
      // The evidence store first: a bad AUDITREADY_BLOBS or an unreachable bucket stops the start here.
      const blobs = blobsOf(opts);
      await blobs.sweepTemp().catch((err: unknown) => {
        throw new AppError(
          'unavailable',
          `the evidence store ${blobs.description} cannot be used: ${(err as Error).message}`,
        );
      });
      const intervalMs = jobsPollMsFromEnv();
      // Client secrets of SSO are sealed with the installation's secret key (docs/decisions/0015).
      // A store from before checkpoints gets its signing key here (docs/decisions/0010); it signs evidence packages too.
      const signer = (await loadSigningKey(dataDir(opts), { create: true }))!;
      // The log goes through process.stdout (synchronous on files and pipes), so its lines and the ones
      // printed here keep their order.
      const config = {
        ...serverConfigFromEnv(),
        secretBox: await loadSecretBox(dataDir(opts)),
        signer,
        logStream: process.stdout,
      };
      // API writes wait briefly for a lock another process holds, then answer 503 busy with Retry-After.
      const database = await openDatabase({
        dataDir: dataDir(opts),
        databaseUrl: process.env.DATABASE_URL,
        lockTimeoutMs: config.lockTimeoutMs,
      });
      // Said on the start-up line when evidence is not in the data folder.
      const whereEvidence = blobs instanceof FsBlobStore ? '' : `; evidence files in ${blobs.description}`;
      // The system clock, unless a test gives child processes its clock file (AUDITREADY_TEST_CLOCK_FILE).
      const cadenceDeps = { database, blobs, secretBox: config.secretBox, clock: clockFromEnv() };
      if (!roles.includes('api')) {
        // A worker and/or scheduler process: no HTTP, the queue until SIGINT/SIGTERM.
        const cadence = await startCadence(
          cadenceDeps,
          { type: 'system', id: 'serve', label: 'auditready serve' },
          roles,
          {
            ...(intervalMs === undefined ? {} : { intervalMs }),
            onError: (err) => printLines(`job runner: ${(err as Error).message}`),
          },
        );
        printLines(`auditready ${roles.join(', ')} running (${database.description}${whereEvidence})`);
        // The runners' timers do not hold the process open (so a stopped server exits): this one does.
        const alive = setInterval(() => {}, 1 << 30);
        await stop.received;
        clearInterval(alive);
        await cadence.stop();
        await database.close();
        return;
      }
      let duties: { stop: () => Promise<void> } | undefined;
      /** What runs once the API listens: the start-up lines, the first-admin link, checkpoints, jobs. */
      const startDuties = (log: DutyLog, port: number, processesNote: string) =>
        startServeDuties({
          opts,
          log,
          database,
          signer,
          roles,
          cadenceDeps,
          intervalMs,
          auth: config.auth,
          base:
            config.publicUrl ?? `${config.tls ? 'https' : 'http'}://${options.host}:${port || options.port}`,
          note: `${database.description}${whereEvidence}${processesNote}`,
        });
      if (httpProcesses > 1) {
        // Several HTTP processes (docs/decisions/0038): this one migrated the store above, runs the
        // checkpoints, jobs and schedule, and forks the HTTP processes, which share the listening socket.
        const log = pino({ level: config.logLevel }, process.stdout);
        await runHttpPrimary({
          processes: httpProcesses,
          stop,
          log: (line, level = 'info') => log[level](line),
          onListening: async (port) => {
            duties = await startDuties(log, port, `; ${httpProcesses} HTTP processes`);
          },
          cleanup: async () => {
            await duties?.stop();
            await database.close();
          },
        });
        return;
      }
      const app = await buildServer({
        database,
        blobs,
        config,
        plugins: [webUi()],
      }).catch(async (err) => {
        await database.close();
        throw err;
      });
      await serveUntilSignalled(
        app,
        { port: options.port, host: options.host },
        {
          stop,
          onListening: async () => {
            const port = (app.server.address() as { port: number } | null)?.port ?? options.port;
            duties = await startDuties(app.log, port, '');
          },
          cleanup: async () => {
            await duties?.stop();
            await database.close();
          },
        },
      );
    });
}
