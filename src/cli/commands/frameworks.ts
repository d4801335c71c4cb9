import type { Command } from '@commander-js/extra-typings';
import { getCriteria, getFrameworks } from '../../modules/frameworks/framework.service.js';
import { type GlobalOptions, withDatabase } from '../context.js';
import { printJson, printTable } from '../output.js';

/** `auditready frameworks` and `auditready criteria FRAMEWORK`. */
export function registerFrameworks(program: Command<[], GlobalOptions>): void {
  program
    .command('frameworks')
    .description('list the installed frameworks with their criteria counts')
    .action(async (_opts, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const frameworks = await withDatabase(opts, (db) => getFrameworks(db));
      if (opts.json) {
        printJson(
          frameworks.map((f) => ({
            id: f.id,
            name: f.name,
            version: f.version,
            criteria: f.criteria,
            catalogVersion: f.catalogVersion,
            attribution: f.attribution,
          })),
        );
        return;
      }
      printTable(
        frameworks,
        [
          { header: 'ID', value: (f) => f.id },
          { header: 'NAME', value: (f) => f.name },
          { header: 'VERSION', value: (f) => f.version },
          { header: 'CRITERIA', value: (f) => f.criteria },
        ],
        'no frameworks installed: run `auditready init` first',
      );
    });

  program
    .command('criteria')
    .description('list the criteria of one framework')
    .argument('<framework>', 'framework id (soc2, nist-csf, iso27001, owasp-nhi, nist-ai-rmf)')
    .action(async (frameworkId, _opts, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const criteria = await withDatabase(opts, (db) => getCriteria(db, frameworkId));
      if (opts.json) {
        printJson(criteria);
        return;
      }
      printTable(
        criteria,
        [
          { header: 'CODE', value: (c) => c.code },
          { header: 'GROUP', value: (c) => c.groupCode },
          { header: 'TITLE', value: (c) => c.title, max: 90 },
        ],
        'no criteria',
      );
    });
}
