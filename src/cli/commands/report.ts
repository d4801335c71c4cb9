import type { Command } from '@commander-js/extra-typings';
import { renderReadinessPdf } from '../../modules/reports/readiness-pdf.js';
import { type GlobalOptions, withOrganization } from '../context.js';
import { printLines } from '../output.js';
import { writeOutput } from './export.js';

/** `auditready report --at DATE -o report.pdf`: the readiness report as a PDF. */
export function registerReport(program: Command<[], GlobalOptions>): void {
  program
    .command('report')
    .description(
      'the readiness report as a PDF: cover, scores, charts, gaps, milestones, exceptions, NHI posture',
    )
    .option('--at <date>', 'the date T (default: today)')
    .requiredOption('-o, --output <file>', 'the PDF file to write (- for standard output)')
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      await withOrganization(opts, async (db, org) => {
        const pdf = await renderReadinessPdf(db, org.id, options.at ? { at: options.at } : {});
        await writeOutput(options.output, pdf);
      });
      if (options.output !== '-') printLines(`wrote the readiness report to ${options.output}`);
    });
}
