import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import { CADENCES, CONTROL_STATUSES } from '../../core/vocabulary.js';
import { csvDelimiter } from '../../importers/csv/read-csv.js';
import type { ControlDetail } from '../../modules/controls/control.repository.js';
import {
  assignControlOwner,
  exportControlMatrix,
  findControls,
  getControl,
  importControlMatrix,
} from '../../modules/controls/control.service.js';
import { editControl } from '../../modules/controls/control-edit.service.js';
import { mapControlToImportedFramework } from '../../modules/oscal/oscal.service.js';
import { AppError } from '../../platform/errors.js';
import { cliActor, type GlobalOptions, withOrganization } from '../context.js';
import { printJson, printLines, printTable } from '../output.js';
import { announceWriteLock } from '../progress.js';

function mappingSummary(c: ControlDetail): string {
  return Object.entries(c.mappings)
    .filter(([, codes]) => codes.length > 0)
    .map(([id, codes]) => `${id}: ${codes.join(', ')}`)
    .join('\n              ');
}

/** `auditready controls list|show|set|assign|map|export|import`. */
export function registerControls(program: Command<[], GlobalOptions>): void {
  const controls = program
    .command('controls')
    .description('the control matrix: list, show, set, assign, map, export, import');

  controls
    .command('list')
    .description('list controls with owner, cadence and status')
    .option('--owner <email>', 'only controls owned by this person')
    .option('--needs-owner', 'only controls that need an owner: none, or one who has departed')
    .option('--unowned', 'the same as --needs-owner (kept for scripts)')
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const needsOwner = options.needsOwner === true || options.unowned === true;
      const rows = await withOrganization(opts, (db, org) =>
        findControls(db, org.id, { ownerEmail: options.owner, needsOwner }),
      );
      if (opts.json) {
        printJson(rows);
        return;
      }
      printTable(
        rows,
        [
          { header: 'CODE', value: (c) => c.code },
          { header: 'TITLE', value: (c) => c.title, max: 56 },
          {
            header: 'OWNER',
            value: (c) =>
              c.owner
                ? `${c.owner.email}${c.owner.status === 'active' ? '' : ` (${c.owner.status.toUpperCase()})`}`
                : '(unowned)',
          },
          { header: 'CADENCE', value: (c) => c.cadence },
          { header: 'STATUS', value: (c) => c.status },
          { header: 'REQS', value: (c) => c.requirements.length },
        ],
        'no controls match',
      );
    });

  controls
    .command('show')
    .description('show one control with its owner, evidence requirements and mappings')
    .argument('<code>', 'control code, e.g. AC-03')
    .action(async (code, _options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const c = await withOrganization(opts, (db, org) => getControl(db, org.id, code));
      if (opts.json) {
        printJson(c);
        return;
      }
      printLines(
        `${c.code}  ${c.title}`,
        '',
        c.description,
        '',
        `status:       ${c.status}${c.naJustification ? ` (${c.naJustification})` : ''}`,
        `owner:        ${c.owner ? `${c.owner.name} <${c.owner.email}>${c.owner.status === 'departed' ? ' — DEPARTED' : ''}` : '(unowned)'}`,
        `backup:       ${c.backupOwner ? `${c.backupOwner.name} <${c.backupOwner.email}>` : '-'}`,
        `suggested:    ${c.suggestedOwnerRole ?? '-'}`,
        `source:       ${c.sourceOfTruth ?? '-'}`,
        `cadence:      ${c.cadence}`,
        `mappings:     ${mappingSummary(c) || '-'}`,
        '',
        'evidence requirements:',
        ...c.requirements.map(
          (r) => `  ${r.code}  [${r.cadence}, ${r.sourceType}, ${r.collection}] ${r.artifact}`,
        ),
      );
    });

  controls
    .command('set')
    .description("change a control's status, not-applicable justification, cadence or source of truth")
    .argument('<code>', 'control code')
    .addOption(new Option('--status <status>', 'the status').choices(CONTROL_STATUSES))
    .option('--na-justification <text>', "why the control does not apply ('' clears it)")
    .addOption(new Option('--cadence <cadence>', 'how often it operates').choices(CADENCES))
    .option('--source <text>', "the system of record it is evidenced from ('' clears it)")
    .addHelpText(
      'after',
      [
        '',
        'The same change as the web page and PATCH /orgs/:org/controls/:code, with the same checks.',
        'Leaving not-applicable (--status draft|implemented) drops the justification unless one is given.',
      ].join('\n'),
    )
    .action(async (code, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const patch: Parameters<typeof editControl>[4] = {};
      if (options.status !== undefined) patch.status = options.status;
      if (options.naJustification !== undefined)
        patch.naJustification = options.naJustification.trim() || null;
      else if (options.status !== undefined && options.status !== 'not-applicable')
        patch.naJustification = null;
      if (options.cadence !== undefined) patch.cadence = options.cadence;
      if (options.source !== undefined) patch.sourceOfTruth = options.source.trim() || null;
      if (Object.keys(patch).length === 0)
        throw new AppError(
          'invalid_input',
          'give at least one of --status, --na-justification, --cadence or --source',
        );
      const c = await withOrganization(opts, async (db, org) => {
        await editControl(db, cliActor(), org.id, code, patch);
        return getControl(db, org.id, code);
      });
      if (opts.json) printJson(c);
      else
        printLines(
          `${c.code}: status ${c.status}${c.naJustification ? ` (${c.naJustification})` : ''}, cadence ${c.cadence}, source ${c.sourceOfTruth ?? '-'}`,
        );
    });

  controls
    .command('assign')
    .description('set the owner (and optionally the backup owner) of a control')
    .argument('<code>', 'control code')
    .argument('<owner-email>', "the owner's e-mail, as in the roster")
    .option('--backup <email>', "the backup owner's e-mail")
    .action(async (code, ownerEmail, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const c = await withOrganization(opts, (db, org) =>
        assignControlOwner(db, cliActor(), org.id, { code, ownerEmail, backupEmail: options.backup }),
      );
      if (opts.json) printJson(c);
      else
        printLines(
          `${c.code} owner: ${c.owner?.email}${c.backupOwner ? `, backup: ${c.backupOwner.email}` : ''}`,
        );
    });

  controls
    .command('map')
    .description(
      'map a control to criteria of a framework imported from an OSCAL catalog (replaces its earlier mappings to that framework; none given: removes them)',
    )
    .argument('<code>', 'control code')
    .argument('<framework>', 'the imported framework id (auditready frameworks)')
    .argument('[criteria...]', 'criterion codes of that framework')
    .action(async (code, frameworkId, criteria, _options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const result = await withOrganization(opts, (db, org) =>
        mapControlToImportedFramework(db, cliActor(), org.id, { code, frameworkId, criteria }),
      );
      if (opts.json) printJson(result);
      else
        printLines(
          `${result.code} → ${result.frameworkId}: ${result.criteria.length > 0 ? result.criteria.join(', ') : '(no mappings)'}`,
        );
    });

  controls
    .command('export')
    .description('write the control matrix to stdout')
    .addOption(
      new Option('--format <format>', 'csv or json').choices(['csv', 'json'] as const).default('csv'),
    )
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const format = opts.json ? 'json' : options.format;
      const text = await withOrganization(opts, (db, org) => exportControlMatrix(db, org.id, format));
      process.stdout.write(text);
    });

  controls
    .command('import')
    .description('create or update controls from a control matrix CSV or XLSX (all or nothing)')
    .argument(
      '<file>',
      'control matrix CSV or XLSX (by its .xlsx name), as written by `controls export` or `export xlsx controls`',
    )
    .option(
      '--delimiter <delimiter>',
      'field delimiter: comma, semicolon, tab or pipe (never guessed)',
      'comma',
    )
    .addHelpText(
      'after',
      [
        '',
        'The file needs a code column; every other column is optional and only the columns present',
        'change (an empty cell clears its field). A requirement that has evidence is never removed.',
      ].join('\n'),
    )
    .action(async (file, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const delimiter = csvDelimiter(options.delimiter);
      const result = await withOrganization(opts, (db, org) => {
        announceWriteLock(opts, db);
        const format = file.toLowerCase().endsWith('.xlsx') ? ('xlsx' as const) : ('csv' as const);
        return importControlMatrix(db, cliActor(), org.id, { file, delimiter, format });
      });
      if (opts.json) printJson(result);
      else
        printLines(
          `${result.rows} rows: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged`,
        );
    });
}
