import type { Command } from '@commander-js/extra-typings';
import { verifyLedger } from '../../platform/ledger/verify-ledger.js';
import { type GlobalOptions, withDatabase } from '../context.js';
import { printJson, printLines } from '../output.js';

/** `auditready verify`: re-hashes the activity log; exit 1 naming the first broken entry. */
export function registerVerify(program: Command<[], GlobalOptions>): void {
  program
    .command('verify')
    .description('recompute the hash chain of the activity log and report the first broken entry')
    .action(async (_options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const result = await withDatabase(opts, (db) => verifyLedger(db));
      if (opts.json) printJson(result);
      else if (result.ok) printLines(`ok ${result.entries} entries`);
      else
        for (const p of result.problems) {
          process.stderr.write(
            `broken: chain ${p.chain}, entry ${p.seq}${p.entryId ? ` (id ${p.entryId})` : ''}: ${p.message}\n`,
          );
        }
      if (!result.ok) process.exitCode = 1;
    });
}
