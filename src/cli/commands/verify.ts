import { readFile } from 'node:fs/promises';
import type { Command } from '@commander-js/extra-typings';
import { parseCheckpointExport } from '../../modules/integrity/checkpoint.service.js';
import { verifyStore } from '../../modules/integrity/verify.service.js';
import { verifyPackageFile } from '../../modules/package/package-verify.js';
import { AppError } from '../../platform/errors.js';
import { type GlobalOptions, storesOf, withDatabase } from '../context.js';
import { printJson, printLines } from '../output.js';

async function readCheckpointFile(file: string) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new AppError('invalid_input', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
  return { name: file, doc: parseCheckpointExport(text, file) };
}

/** What each check of verify looked at, in words (the check's name is its key in --json). */
const CHECK_TITLES: Readonly<Record<string, string>> = {
  chains: 'Activity log chain entries',
  checkpoints: 'Signed checkpoints',
  'checkpoint-file': 'Checkpoint file',
  records: 'Records against the activity log',
  'nhi-batches': 'NHI imports against their Merkle roots',
  'evidence-files': 'Evidence files',
};
/** `auditready verify PACKAGE.zip`: an evidence package checked on its own, no database opened. */
async function verifyPackage(file: string, opts: GlobalOptions): Promise<void> {
  const result = await verifyPackageFile(file);
  if (opts.json) printJson(result);
  else {
    const lines = result.problems.map((p) => `FAILED ${p.file}: ${p.reason}`);
    const m = result.manifest;
    if (result.ok) {
      lines.push(
        `ok     ${result.files} files match SHA256SUMS and the manifest; the signature and the checkpoint verify`,
        `       signed by ${result.verifierKey} (compare with the key kept off the machine)`,
        m
          ? `       engagement ${m.engagement.id}, activity log at entry ${m.chainHead.seq}, generated ${m.generatedAt}`
          : '',
        `verify: ${file} is intact`,
      );
      printLines(...lines.filter((l) => l !== ''));
    } else {
      const files = new Set(result.problems.map((p) => p.file));
      lines.push(`verify: ${file}: ${files.size} file(s) fail (see FAILED above)`);
      process.stderr.write(`${lines.join('\n')}\n`);
    }
  }
  if (!result.ok) process.exitCode = 1;
}

/**
 * `auditready verify [PACKAGE.zip] [--checkpoints FILE]`: every chain, the stored (and the
 * given) signed checkpoints, the current records against the log, every
 * evidence file; prints each check in words, OK or its problems; exit 1 when
 * anything does not match.
 */
export function registerVerify(program: Command<[], GlobalOptions>): void {
  program
    .command('verify')
    .description(
      'verify the activity log (every chain, signed checkpoints), compare the records that matter with it, and re-hash every evidence file; or, given PACKAGE.zip, check an evidence package without a database',
    )
    .argument('[package]', 'an evidence package (auditready export package) to check on its own')
    .option(
      '--checkpoints <file>',
      'a checkpoint export kept off the machine (auditready checkpoint export): proves no signed entry was removed or changed since',
    )
    .action(async (pkg, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      if (pkg !== undefined) {
        if (!pkg.toLowerCase().endsWith('.zip')) {
          throw new AppError('invalid_input', `${pkg}: verify checks an evidence package, a .zip file`);
        }
        await verifyPackage(pkg, opts);
        return;
      }
      const checkpointFile = options.checkpoints ? await readCheckpointFile(options.checkpoints) : undefined;
      const result = await withDatabase(opts, (db) =>
        verifyStore(storesOf(opts, db), checkpointFile ? { checkpointFile } : {}),
      );
      if (opts.json) printJson(result);
      else {
        const lines: string[] = [];
        for (const check of result.checks) {
          lines.push(
            `${check.ok ? 'OK    ' : 'FAILED'} ${CHECK_TITLES[check.name] ?? check.name}: ${check.summary}`,
          );
          for (const p of check.problems) lines.push(`         ${p}`);
        }
        const failed = result.checks.filter((c) => !c.ok).length;
        lines.push(
          result.ok
            ? `verify: all ${result.checks.length} checks OK, everything matches`
            : `verify: ${failed} of ${result.checks.length} checks FAILED (see above)`,
        );
        if (result.ok) printLines(...lines);
        else process.stderr.write(`${lines.join('\n')}\n`);
      }
      if (!result.ok) process.exitCode = 1;
    });
}
