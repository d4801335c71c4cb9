import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Argument, type Command } from '@commander-js/extra-typings';
import { resolveEngagement } from '../../modules/engagements/engagement.service.js';
import { exportOscal, OSCAL_EXPORTS, type OscalExport } from '../../modules/oscal/oscal.service.js';
import { preparePackage } from '../../modules/package/package.service.js';
import { DEFAULT_REQUEST_SOURCE } from '../../modules/package/package-sources.js';
import {
  SPREADSHEET_EXPORTS,
  type SpreadsheetFormat,
  writeSpreadsheetExport,
} from '../../modules/reports/spreadsheets.js';
import { loadSigningKey } from '../../platform/ledger/signing-key.js';
import { dataDir, type GlobalOptions, storesOf, withOrganization } from '../context.js';
import { printJson, printLines } from '../output.js';
import { byteProgress } from '../progress.js';

/**
 * Writes a stream to FILE through a temporary file renamed into place (a
 * failed export leaves no half-written file), or to standard output
 * when no file is named or it is `-`.
 */
export async function writeOutput(output: string | undefined, stream: Readable): Promise<void> {
  if (output === undefined || output === '-') {
    await pipeline(stream, process.stdout, { end: false });
    return;
  }
  const target = path.resolve(output);
  const temporary = `${target}.${process.pid}.part`;
  try {
    await pipeline(stream, createWriteStream(temporary, { mode: 0o644 }));
    await rename(temporary, target);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}

/** A JSON document as a stream of its pretty-printed text. */
async function* jsonText(doc: object): AsyncGenerator<string> {
  yield `${JSON.stringify(doc, null, 2)}\n`;
}

const OSCAL_HELP: Record<OscalExport, string> = {
  'oscal-catalog': 'the control matrix as an OSCAL 1.2 catalog',
  'oscal-mapping':
    'the crosswalk (controls ↔ SOC 2, ISO 27001, CSF 2.0, NHI Top 10, AI RMF) as an OSCAL mapping-collection',
  'oscal-assessment-results':
    'readiness at --at as OSCAL assessment-results (evidence with SHA-256, gaps as findings)',
  'oscal-poam': 'open gaps and findings at --at as an OSCAL plan of action and milestones',
};

/** `auditready export <kind> [-o FILE]`: OSCAL documents and spreadsheets of the organization. */
export function registerExport(program: Command<[], GlobalOptions>): Command<[], GlobalOptions> {
  const exportCommand = program
    .command('export')
    .description(
      'export the organization as OSCAL 1.2 JSON or XLSX spreadsheets (to -o FILE or standard output)',
    );
  for (const kind of OSCAL_EXPORTS) {
    exportCommand
      .command(kind)
      .description(OSCAL_HELP[kind])
      .option('-o, --output <file>', 'write to this file (default: standard output)')
      .option('--at <date>', 'the date T (default: today; assessment results and POA&M)')
      .option('--engagement <id>', 'the engagement (default: the latest)')
      .action(async (options, cmd) => {
        const opts = cmd.optsWithGlobals() as GlobalOptions;
        const doc = await withOrganization(opts, (db, org) =>
          exportOscal(db, org.id, kind, {
            ...(options.at ? { at: options.at } : {}),
            ...(options.engagement ? { engagementId: options.engagement } : {}),
          }),
        );
        await writeOutput(options.output, Readable.from(jsonText(doc)));
        if (options.output && options.output !== '-') printLines(`wrote ${kind} to ${options.output}`);
      });
  }
  for (const format of ['xlsx', 'csv'] as const satisfies readonly SpreadsheetFormat[]) {
    exportCommand
      .command(format)
      .description(
        format === 'xlsx'
          ? 'a spreadsheet (XLSX, one sheet per part: readiness has a sheet per status and per SOC 2 category)'
          : 'a spreadsheet as CSV (the first sheet of the XLSX)',
      )
      .addArgument(new Argument('<what>', 'what to export').choices(SPREADSHEET_EXPORTS))
      .option('-o, --output <file>', 'write to this file (default: standard output)')
      .option('--at <date>', 'the date T (default: today; readiness and NHI)')
      .action(async (what, options, cmd) => {
        const opts = cmd.optsWithGlobals() as GlobalOptions;
        await withOrganization(opts, async (db, org) => {
          const stream = new PassThrough();
          const written = writeOutput(options.output, stream);
          try {
            await writeSpreadsheetExport(
              db,
              org.id,
              what,
              format,
              stream,
              options.at ? { at: options.at } : {},
            );
          } catch (err) {
            stream.destroy(err as Error);
            await written.catch(() => {});
            throw err;
          }
          await written;
        });
        if (options.output && options.output !== '-')
          printLines(`wrote ${what} (${format}) to ${options.output}`);
      });
  }
  exportCommand
    .command('package')
    .description(
      'the signed evidence package of an engagement as a ZIP: files by control and request, manifest, SHA256SUMS signed, checkpoint, offline index.html (check it with auditready verify FILE.zip)',
    )
    .requiredOption('--engagement <id>', 'the engagement (id or unique prefix)')
    .option('--request <id>', 'only this request (id or reference) and the files its answers attach')
    .option('--control <code>', "only this control's evidence and requests")
    .requiredOption('-o, --output <file>', 'the ZIP file to write')
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const signer = (await loadSigningKey(dataDir(opts), { create: true }))!;
      const done = await withOrganization(opts, async (db, org) => {
        const engagement = await resolveEngagement(db, org.id, options.engagement);
        const prepared = await preparePackage(
          storesOf(opts, db),
          signer,
          org.id,
          engagement!.id,
          { controlCode: options.control, requestId: options.request },
          { requests: DEFAULT_REQUEST_SOURCE },
        );
        const progress = byteProgress(opts);
        const stream = prepared.open();
        let bytes = 0;
        stream.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          progress.report({ phase: 'writing', bytes, totalBytes: prepared.size });
        });
        try {
          await writeOutput(options.output, stream);
        } finally {
          progress.stop();
        }
        return prepared;
      });
      const summary = {
        file: options.output,
        bytes: done.size,
        files: done.manifest.files.length,
        links: done.manifest.links.length,
        requests: done.manifest.requests,
        chainHead: done.manifest.chainHead,
        verifierKey: done.manifest.verifierKey,
      };
      if (opts.json) printJson(summary);
      else
        printLines(
          `wrote ${options.output}: ${summary.files} files, ${summary.links} links, ${summary.requests} requests, ${(summary.bytes / 1048576).toFixed(1)} MiB`,
          `signed by ${summary.verifierKey}; check it with: auditready verify ${options.output}`,
        );
    });
  return exportCommand;
}
