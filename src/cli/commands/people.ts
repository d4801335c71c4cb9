import type { Command } from '@commander-js/extra-typings';
import { csvDelimiter } from '../../importers/csv/read-csv.js';
import { importRoster, listPeople } from '../../modules/people/person.service.js';
import { cliActor, type GlobalOptions, withOrganization } from '../context.js';
import { printJson, printLines, printTable } from '../output.js';
import { announceWriteLock } from '../progress.js';

/** `auditready people import|list`. */
export function registerPeople(program: Command<[], GlobalOptions>): void {
  const people = program.command('people').description('the roster of people who own controls');

  people
    .command('import')
    .description('import an HR roster CSV (email, name, team, manager_email, status, departed_on)')
    .argument('<file>', 'roster CSV')
    .option(
      '--delimiter <delimiter>',
      'field delimiter: comma, semicolon, tab or pipe (never guessed)',
      'comma',
    )
    .action(async (file, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const delimiter = csvDelimiter(options.delimiter);
      const result = await withOrganization(opts, (db, org) => {
        announceWriteLock(opts, db);
        return importRoster(db, cliActor(), org.id, { file, delimiter });
      });
      if (opts.json) printJson(result);
      else
        printLines(
          `${result.rows} people: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged`,
        );
    });

  people
    .command('list')
    .description('list the people of the organization')
    .action(async (_options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const rows = await withOrganization(opts, (db, org) => listPeople(db.db, org.id));
      if (opts.json) {
        printJson(rows);
        return;
      }
      printTable(
        rows,
        [
          { header: 'EMAIL', value: (p) => p.email },
          { header: 'NAME', value: (p) => p.name },
          { header: 'TEAM', value: (p) => p.team },
          {
            header: 'STATUS',
            value: (p) => (p.status === 'departed' ? `departed ${p.departedOn}` : p.status),
          },
          { header: 'MANAGER', value: (p) => p.managerEmail },
        ],
        'no people yet: import a roster with `auditready people import roster.csv`',
      );
    });
}
