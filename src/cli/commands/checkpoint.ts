import { writeFile } from 'node:fs/promises';
import type { Command } from '@commander-js/extra-typings';
import {
  createCheckpoints,
  exportCheckpoints,
  postCheckpointExport,
} from '../../modules/integrity/checkpoint.service.js';
import { CHECKPOINT_WEBHOOK_ENV } from '../../modules/integrity/checkpoint-schedule.js';
import { AppError } from '../../platform/errors.js';
import { loadSigningKey } from '../../platform/ledger/signing-key.js';
import { dataDir, type GlobalOptions, withDatabase } from '../context.js';
import { printJson, printLines } from '../output.js';

/** `auditready checkpoint create|export`: signed checkpoints of the activity log (docs/decisions/0010). */
export function registerCheckpoint(program: Command<[], GlobalOptions>): void {
  const checkpoint = program
    .command('checkpoint')
    .description('signed checkpoints of the activity log, to keep off the machine');

  checkpoint
    .command('create')
    .description('sign a checkpoint of every chain with new entries (creates the signing key on first use)')
    .action(async (_options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const signer = (await loadSigningKey(dataDir(opts), { create: true }))!;
      const outcomes = await withDatabase(opts, (db) => createCheckpoints(db, signer));
      if (opts.json) printJson(outcomes);
      else {
        printLines(
          ...(outcomes.length === 0 ? ['no chain has entries yet'] : []),
          ...outcomes.map((o) => `${o.status.padEnd(9)} chain ${o.chain}: ${o.message}`),
        );
      }
      if (outcomes.some((o) => o.status === 'refused')) process.exitCode = 1;
    });

  checkpoint
    .command('export')
    .description(
      'write the public key and the latest checkpoint of every chain (JSON), to a file and/or a webhook',
    )
    .option('--out <file>', 'write to this file (default: standard output)')
    .option('--webhook <url>', `also POST it to this URL (default: $${CHECKPOINT_WEBHOOK_ENV})`)
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const signer = await loadSigningKey(dataDir(opts), { create: false });
      if (!signer)
        throw new AppError('not_found', 'no signing key yet: run `auditready checkpoint create` first');
      const doc = await withDatabase(opts, (db) => exportCheckpoints(db, signer));
      const text = `${JSON.stringify(doc, null, 2)}\n`;
      const webhook = options.webhook ?? process.env[CHECKPOINT_WEBHOOK_ENV];
      if (webhook) await postCheckpointExport(webhook, doc);
      if (options.out) {
        await writeFile(options.out, text);
        printLines(
          `wrote ${doc.checkpoints.length} checkpoints and the key ${doc.verifierKey} to ${options.out}`,
          ...(webhook ? [`posted to ${new URL(webhook).origin}`] : []),
        );
      } else if (!webhook || opts.json) process.stdout.write(text);
      else printLines(`posted ${doc.checkpoints.length} checkpoints to ${new URL(webhook).origin}`);
    });
}
