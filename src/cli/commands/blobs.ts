import { type Command, InvalidArgumentError } from '@commander-js/extra-typings';
import { collectBlobGarbage, GC_MIN_AGE_HOURS } from '../../modules/integrity/blob-gc.service.js';
import { cliActor, type GlobalOptions, storesOf, withDatabase } from '../context.js';
import { printJson, printLines } from '../output.js';

function parseHours(value: string): number {
  const hours = Number(value);
  if (!Number.isFinite(hours) || hours < 0) throw new InvalidArgumentError('a number of hours, 0 or more');
  return hours;
}

/** `auditready blobs gc [--dry-run]`: removes stored files no record references. */
export function registerBlobs(program: Command<[], GlobalOptions>): void {
  const blobs = program.command('blobs').description('the evidence file store');
  blobs
    .command('gc')
    .description('remove stored files no record references (recorded in the activity log)')
    .option('--dry-run', 'only say what would be removed')
    .option(
      '--min-age <hours>',
      `keep unreferenced files younger than this, which a write in flight may hold (default ${GC_MIN_AGE_HOURS})`,
      parseHours,
    )
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const result = await withDatabase(opts, (db) =>
        collectBlobGarbage(storesOf(opts, db), cliActor(), {
          dryRun: options.dryRun === true,
          ...(options.minAge === undefined ? {} : { minAgeHours: options.minAge }),
        }),
      );
      if (opts.json) {
        printJson(result);
        return;
      }
      const verb = result.dryRun ? 'would remove' : 'removed';
      printLines(
        `${result.scanned} stored files: ${result.referenced} referenced, ${result.young} unreferenced but recent (kept)`,
        `${verb} ${result.removed.length} unreferenced files (${result.bytes} bytes)`,
        ...result.removed.map((b) => `  ${b.sha256}`),
      );
    });
}
