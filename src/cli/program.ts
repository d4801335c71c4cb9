import { Command, CommanderError } from '@commander-js/extra-typings';
import { storeUnavailability } from '../platform/db/errors.js';
import { AppError } from '../platform/errors.js';
import type { GlobalOptions } from './context.js';
import { cliErrorMessage } from './error-message.js';

/** Exit codes: 0 success, 1 a user error (one line on stderr), 2 a usage error. */
export const EXIT = { ok: 0, userError: 1, usage: 2 } as const;

type Program = Command<[], GlobalOptions>;
type Register = (program: Program) => void;

/**
 * Each top-level command and the module that registers it, loaded on demand: a run imports only
 * the module of the command it runs (and its dependencies), so `readiness` does not load the HTTP
 * server, argon2 or the password dictionaries. Help and unknown commands load them all.
 * A test checks this table against what the modules register.
 */
export const COMMAND_MODULES: Record<string, () => Promise<Register>> = {
  init: async () => (await import('./commands/init.js')).registerInit,
  frameworks: async () => (await import('./commands/frameworks.js')).registerFrameworks,
  criteria: async () => (await import('./commands/frameworks.js')).registerFrameworks,
  controls: async () => (await import('./commands/controls.js')).registerControls,
  people: async () => (await import('./commands/people.js')).registerPeople,
  evidence: async () => (await import('./commands/evidence.js')).registerEvidence,
  engagement: async () => (await import('./commands/engagement.js')).registerEngagement,
  plan: async () => (await import('./commands/engagement.js')).registerEngagement,
  exceptions: async () => (await import('./commands/exceptions.js')).registerExceptionsAndFindings,
  findings: async () => (await import('./commands/exceptions.js')).registerExceptionsAndFindings,
  readiness: async () => (await import('./commands/readiness.js')).registerReadiness,
  demo: async () => (await import('./commands/demo.js')).registerDemo,
  verify: async () => (await import('./commands/verify.js')).registerVerify,
  checkpoint: async () => (await import('./commands/checkpoint.js')).registerCheckpoint,
  blobs: async () => (await import('./commands/blobs.js')).registerBlobs,
  serve: async () => (await import('./commands/serve.js')).registerServe,
  users: async () => (await import('./commands/users.js')).registerUsers,
  sso: async () => (await import('./commands/sso.js')).registerSso,
  orgs: async () => (await import('./commands/orgs.js')).registerOrgs,
  tokens: async () => (await import('./commands/tokens.js')).registerTokens,
  import: async () => (await import('./commands/import.js')).registerImport,
  nhi: async () => (await import('./commands/nhi.js')).registerNhi,
  export: async () => (await import('./commands/export.js')).registerExport,
  report: async () => (await import('./commands/report.js')).registerReport,
  changes: async () => (await import('./commands/changes.js')).registerChanges,
  releases: async () => (await import('./commands/changes.js')).registerChanges,
  'access-reviews': async () => (await import('./commands/access-reviews.js')).registerAccessReviews,
  incidents: async () => (await import('./commands/incidents.js')).registerIncidents,
  'ir-tests': async () => (await import('./commands/incidents.js')).registerIrTests,
  policies: async () => (await import('./commands/policies.js')).registerPolicies,
  jobs: async () => (await import('./commands/jobs.js')).registerJobs,
  requests: async () => (await import('./commands/requests.js')).registerRequests,
  samples: async () => (await import('./commands/samples.js')).registerSamples,
  connectors: async () => (await import('./commands/connectors.js')).registerConnectors,
  vendors: async () => (await import('./commands/vendors.js')).registerVendors,
  tickets: async () => (await import('./commands/tickets.js')).registerTickets,
};

/** The global options that take a value (the word after them is not the command). */
const VALUE_OPTIONS = new Set(['--data', '--org']);

/** The command word of `args` (arguments after the program), or undefined for none. */
export function commandWord(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') return args[i + 1];
    if (!arg.startsWith('-')) return arg;
    if (VALUE_OPTIONS.has(arg)) i++;
  }
  return undefined;
}

/**
 * The `auditready` program with the commands `names` registered (every command when omitted,
 * or when a name is not a command, so help and "unknown command" list them all).
 */
export async function buildProgram(names?: readonly string[]): Promise<Program> {
  const program = new Command()
    .name('auditready')
    .description('SOC 2 audit readiness: controls mapped to evidence, owners and due dates')
    .option('--data <dir>', 'data folder (default: $AUDITREADY_DATA, else ./data)')
    .option('--json', 'print data as JSON')
    .option('--org <org>', 'organization id, slug or name (needed when there are several; the name for init)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const wanted = names?.every((name) => Object.hasOwn(COMMAND_MODULES, name))
    ? names
    : Object.keys(COMMAND_MODULES);
  const registers = new Set(
    await Promise.all(wanted.map((name) => (COMMAND_MODULES[name] as () => Promise<Register>)())),
  );
  for (const register of registers) register(program);
  for (const sub of program.commands) {
    sub.exitOverride();
    for (const leaf of sub.commands) leaf.exitOverride();
  }
  return program;
}

/** Runs the CLI and maps failures to exit codes and one-line messages. */
export async function runCli(argv: string[]): Promise<number> {
  try {
    const word = commandWord(argv.slice(2));
    const program = await buildProgram(word === undefined ? undefined : [word]);
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) {
        return EXIT.ok;
      }
      return EXIT.usage;
    }
    if (err instanceof AppError) {
      process.stderr.write(`error: ${cliErrorMessage(err)}\n`);
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
