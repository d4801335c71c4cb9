import { Command, CommanderError } from '@commander-js/extra-typings';
import { storeUnavailability } from '../platform/db/errors.js';
import { AppError } from '../platform/errors.js';
import { registerBlobs } from './commands/blobs.js';
import { registerCheckpoint } from './commands/checkpoint.js';
import { registerControls } from './commands/controls.js';
import { registerDemo } from './commands/demo.js';
import { registerEngagement } from './commands/engagement.js';
import { registerEvidence } from './commands/evidence.js';
import { registerExceptionsAndFindings } from './commands/exceptions.js';
import { registerExport } from './commands/export.js';
import { registerFrameworks } from './commands/frameworks.js';
import { registerImport } from './commands/import.js';
import { registerInit } from './commands/init.js';
import { registerNhi } from './commands/nhi.js';
import { registerOrgs } from './commands/orgs.js';
import { registerPeople } from './commands/people.js';
import { registerReadiness } from './commands/readiness.js';
import { registerReport } from './commands/report.js';
import { registerServe } from './commands/serve.js';
import { registerTokens } from './commands/tokens.js';
import { registerUsers } from './commands/users.js';
import { registerVerify } from './commands/verify.js';
import type { GlobalOptions } from './context.js';

/** Exit codes: 0 success, 1 a user error (one line on stderr), 2 a usage error. */
export const EXIT = { ok: 0, userError: 1, usage: 2 } as const;

/** The `auditready` program with every command registered. */
export function buildProgram(): Command<[], GlobalOptions> {
  const program = new Command()
    .name('auditready')
    .description('SOC 2 audit readiness: controls mapped to evidence, owners and due dates')
    .option('--data <dir>', 'data folder (default: $AUDITREADY_DATA, else ./data)')
    .option('--json', 'print data as JSON')
    .option('--org <org>', 'organization id, slug or name (needed when there are several; the name for init)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerInit(program);
  registerFrameworks(program);
  registerControls(program);
  registerPeople(program);
  registerEvidence(program);
  registerEngagement(program);
  registerExceptionsAndFindings(program);
  registerReadiness(program);
  registerDemo(program);
  registerVerify(program);
  registerCheckpoint(program);
  registerBlobs(program);
  registerServe(program);
  registerUsers(program);
  registerOrgs(program);
  registerTokens(program);
  registerImport(program);
  registerNhi(program);
  registerExport(program);
  registerReport(program);
  for (const sub of program.commands) {
    sub.exitOverride();
    for (const leaf of sub.commands) leaf.exitOverride();
  }
  return program;
}

/** Runs the CLI and maps failures to exit codes and one-line messages. */
export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) {
        return EXIT.ok;
      }
      return EXIT.usage;
    }
    if (err instanceof AppError) {
      process.stderr.write(`error: ${err.message}\n`);
      return EXIT.userError;
    }
    const unavailable = storeUnavailability(err);
    if (unavailable) {
      process.stderr.write(`error: ${unavailable.message} (${unavailable.code})\n`);
      return EXIT.userError;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`error: unexpected failure: ${message}\n`);
    if (process.env.AUDITREADY_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return EXIT.userError;
  }
}

// A closed pipe (`auditready … | head`) is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
process.exitCode = await runCli(process.argv);
