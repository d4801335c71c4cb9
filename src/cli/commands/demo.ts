import type { Command } from '@commander-js/extra-typings';
import { inputDateProblem } from '../../core/dates.js';
import { buildDemo } from '../../modules/demo/build-demo.js';
import { addDemoUsers } from '../../modules/demo/demo-users.js';
import { DEFAULT_AUTH_SETTINGS } from '../../platform/auth/settings.js';
import { todayIso } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { cliActor, dataDir, type GlobalOptions, storesOf, withDatabase } from '../context.js';
import { demoLoginLines, writeDemoLogins } from '../demo-logins.js';
import { printJson, printLines } from '../output.js';

/** `auditready demo`: builds the Northwind Cloud demo organization in an empty data folder. */
export function registerDemo(program: Command<[], GlobalOptions>): void {
  program
    .command('demo')
    .description(
      'build the "Northwind Cloud" demo organization (deterministic from a seed) in an empty data folder',
    )
    .option('--seed <n>', 'random seed', '20261129')
    .option('--today <date>', 'the date the demo is built around (default: today)')
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const today = options.today ?? todayIso();
      const todayProblem = inputDateProblem(today);
      if (todayProblem) throw new AppError('invalid_input', `--today ${today}: ${todayProblem}`);
      const seed = Number(options.seed);
      if (!Number.isInteger(seed))
        throw new AppError('invalid_input', `--seed ${options.seed}: not a whole number`);
      const { result, users } = await withDatabase(opts, async (db) => {
        const result = await buildDemo(storesOf(opts, db), cliActor(), { seed, today });
        const users = await addDemoUsers(db, cliActor(), result.organization.id, DEFAULT_AUTH_SETTINGS);
        return { result, users };
      });
      writeDemoLogins(dataDir(opts), users);
      if (opts.json) {
        printJson({ ...result, users });
        return;
      }
      printLines(
        `built ${result.organization.name}: ${result.people} people, ${result.controls} controls, ${result.evidence} pieces of evidence, ${result.identities} non-human identities`,
        `Type II engagement ${result.engagementId}: its observation window opened 90 days ago and runs six months`,
        `next: auditready readiness --data ${dataDir(opts)}   (the web UI: auditready serve --data ${dataDir(opts)})`,
        '',
        // The logins last; `serve` prints them again under its own lines (npm run demo).
        ...demoLoginLines(users),
      );
    });
}
