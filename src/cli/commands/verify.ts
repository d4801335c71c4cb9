import type { Command } from '@commander-js/extra-typings';
import { verifyEvidenceBlobs } from '../../modules/evidence/evidence.service.js';
import { verifyLedger } from '../../platform/ledger/verify-ledger.js';
import { type GlobalOptions, storesOf, withDatabase } from '../context.js';
import { printJson, printLines } from '../output.js';

/** `auditready verify`: re-hashes the activity log and every stored evidence file; exit 1 naming what broke. */
export function registerVerify(program: Command<[], GlobalOptions>): void {
  program
    .command('verify')
    .description('recompute the activity log hash chain and re-hash every stored evidence file')
    .action(async (_options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const { ledger, blobs } = await withDatabase(opts, async (db) => ({
        ledger: await verifyLedger(db),
        blobs: await verifyEvidenceBlobs(storesOf(opts, db)),
      }));
      const ok = ledger.ok && blobs.problems.length === 0;
      if (opts.json) printJson({ ok, ledger, evidence: blobs });
      else if (ok) printLines(`ok ${ledger.entries} entries, ${blobs.checked} evidence files`);
      else {
        for (const p of ledger.problems) {
          process.stderr.write(
            `broken: chain ${p.chain}, entry ${p.seq}${p.entryId ? ` (id ${p.entryId})` : ''}: ${p.message}\n`,
          );
        }
        for (const p of blobs.problems) process.stderr.write(`broken: ${p.message}\n`);
      }
      if (!ok) process.exitCode = 1;
    });
}
