import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import { REQUEST_STATUSES, type RequestStatus } from '../../core/requests/index.js';
import { csvDelimiter } from '../../importers/csv/read-csv.js';
import type { RequestDetail, RequestSummary } from '../../modules/requests/request.schema.js';
import { getRequest, listRequests, updateRequest } from '../../modules/requests/request.service.js';
import {
  getColumnMappings,
  importRequestList,
  saveColumnMapping,
} from '../../modules/requests/request-import.service.js';
import {
  answerRequest,
  answerRequestWithUpload,
  commentOnRequest,
  submitRequest,
} from '../../modules/requests/request-thread.service.js';
import { todayIso } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { cliActor, type GlobalOptions, storesOf, withOrganization } from '../context.js';
import { printJson, printLines, printTable } from '../output.js';

const ENGAGEMENT = ['--engagement <id>', 'engagement id or prefix (default: the latest)'] as const;

function printRequest(r: RequestDetail): void {
  printLines(
    `${r.reference}  ${r.status}${r.dueOn ? `  due ${r.dueOn}` : ''}${r.assignee ? `  assigned to ${r.assignee.name}` : ''}`,
    r.text,
    `controls: ${r.controls.map((c) => c.code).join(', ') || '(unmapped: map it with requests map)'}`,
    ...(r.populationNote ? [`population / sample: ${r.populationNote}`] : []),
    ...(r.thread.length > 0 ? ['', 'thread:'] : []),
    ...r.thread.map((t) => {
      const what =
        t.kind === 'transition'
          ? `${t.fromStatus} → ${t.toStatus}${t.body && t.body !== t.toStatus ? `: ${t.body}` : ''}`
          : `${t.kind}${t.body ? `: ${t.body}` : ''}`;
      const evidence = t.evidence.length > 0 ? ` [evidence ${t.evidence.map((e) => e.id).join(', ')}]` : '';
      return `  ${t.at}  ${t.author.label}  ${what}${evidence}`;
    }),
  );
}

function done(opts: GlobalOptions, r: RequestDetail, line: string): void {
  if (opts.json) printJson(r);
  else printLines(line);
}

/** `auditready requests import|list|show|comment|answer|submit|assign|map|mappings`: the audit's requests. */
export function registerRequests(program: Command<[], GlobalOptions>): void {
  const requests = program
    .command('requests')
    .description("the audit's requests: import the request list, answer with evidence, submit");

  requests
    .command('import')
    .description('import a request list (CSV or XLSX), all or nothing; importing it again changes nothing')
    .argument('<file>', 'the request list (.csv or .xlsx)')
    .option(...ENGAGEMENT)
    .option(
      '--mapping <name>',
      "a saved column mapping (default: the one named after the engagement's firm, else common headers)",
    )
    .option('--delimiter <name>', 'CSV field delimiter: comma (default), semicolon, tab, pipe')
    .action(async (file, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const result = await withOrganization(opts, (db, org) =>
        importRequestList(db, cliActor(), org.id, {
          engagementId: options.engagement,
          mappingName: options.mapping,
          source: {
            file,
            input: createReadStream(file),
            ...(options.delimiter ? { delimiter: csvDelimiter(options.delimiter) } : {}),
          },
        }),
      );
      if (opts.json) {
        printJson(result);
        return;
      }
      printLines(
        `${path.basename(file)}: ${result.rows} requests: ${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged; ${result.mapped} mapped to controls, ${result.unmapped.length} unmapped`,
        ...result.unmapped.map((u) => `  unmapped ${u.reference}: ${u.text}`),
        ...result.unmatchedAssignees.map(
          (u) => `  ${u.reference}: "${u.assignee}" is nobody of the roster (left unassigned)`,
        ),
        ...(result.notInList.length > 0 ? [`  kept, not in this list: ${result.notInList.join(', ')}`] : []),
      );
    });

  requests
    .command('list')
    .description('list the requests of an engagement')
    .option(...ENGAGEMENT)
    .addOption(new Option('--status <status>', 'only this status').choices(REQUEST_STATUSES))
    .option('--control <code>', 'only requests mapped to this control')
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const rows = await withOrganization(opts, (db, org) =>
        listRequests(db, org.id, options.engagement, {
          status: options.status as RequestStatus | undefined,
          controlCode: options.control,
        }),
      );
      if (opts.json) {
        printJson(rows);
        return;
      }
      printTable<RequestSummary>(
        rows,
        [
          { header: 'REF', value: (r) => r.reference },
          { header: 'STATUS', value: (r) => r.status },
          { header: 'DUE', value: (r) => r.dueOn },
          { header: 'ASSIGNEE', value: (r) => r.assignee?.name, max: 24 },
          {
            header: 'CONTROLS',
            value: (r) => r.controls.map((c) => c.code).join(' ') || '(unmapped)',
            max: 30,
          },
          { header: 'REQUEST', value: (r) => r.text, max: 60 },
        ],
        'no requests: import the request list with auditready requests import FILE',
      );
    });

  requests
    .command('show')
    .description('one request with its thread')
    .argument('<ref>', 'reference or id')
    .option(...ENGAGEMENT)
    .action(async (ref, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const r = await withOrganization(opts, (db, org) => getRequest(db, org.id, options.engagement, ref));
      if (opts.json) printJson(r);
      else printRequest(r);
    });

  requests
    .command('comment')
    .description("comment on a request's thread")
    .argument('<ref>', 'reference or id')
    .option(...ENGAGEMENT)
    .requiredOption('--message <text>', 'the comment')
    .action(async (ref, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const r = await withOrganization(opts, (db, org) =>
        commentOnRequest(db, cliActor(), org.id, options.engagement, ref, { message: options.message }),
      );
      done(opts, r, `commented on ${r.reference}`);
    });

  requests
    .command('answer')
    .description(
      'answer a request with evidence of its controls: existing ids, or a new file on one of their requirements',
    )
    .argument('<ref>', 'reference or id')
    .option(...ENGAGEMENT)
    .option('--evidence <ids...>', 'existing evidence ids (or prefixes)')
    .option('--file <path>', 'a new file to record as evidence')
    .option('--requirement <code>', 'the requirement the new file is evidence for')
    .option('--effective <period>', 'the date or period the new file covers (default: today)')
    .option('--message <text>', 'a note with the answer')
    .action(async (ref, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      if (!!options.file === !!options.evidence?.length)
        throw new AppError('invalid_input', 'answer with --evidence ID… or with --file F --requirement CODE');
      if (options.file && !options.requirement)
        throw new AppError(
          'invalid_input',
          "--file needs --requirement CODE (a requirement of the request's controls)",
        );
      const r = await withOrganization(opts, (db, org) =>
        options.file
          ? answerRequestWithUpload(storesOf(opts, db), cliActor(), org.id, options.engagement, ref, {
              requirementCode: options.requirement!,
              effective: options.effective ?? todayIso(),
              ...(options.message ? { message: options.message } : {}),
              content: {
                kind: 'file',
                stream: createReadStream(options.file),
                fileName: path.basename(options.file),
              },
            })
          : answerRequest(db, cliActor(), org.id, options.engagement, ref, {
              message: options.message ?? '',
              evidenceIds: options.evidence,
            }),
      );
      const answer = r.thread.filter((t) => t.kind === 'answer').at(-1);
      done(
        opts,
        r,
        `answered ${r.reference} with ${answer?.evidence.map((e) => e.id).join(', ') ?? ''} (${r.status})`,
      );
    });

  requests
    .command('submit')
    .description('submit the answers of a request to the auditor')
    .argument('<ref>', 'reference or id')
    .option(...ENGAGEMENT)
    .option('--message <text>', 'a note for the auditor')
    .action(async (ref, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const r = await withOrganization(opts, (db, org) =>
        submitRequest(db, cliActor(), org.id, options.engagement, ref, options.message),
      );
      done(opts, r, `submitted ${r.reference}`);
    });

  requests
    .command('assign')
    .description('assign a request to a person of the roster and/or set its due date')
    .argument('<ref>', 'reference or id')
    .option(...ENGAGEMENT)
    .option('--to <email>', 'the person it is assigned to')
    .option('--due <date>', 'the due date')
    .action(async (ref, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      if (!options.to && !options.due)
        throw new AppError('invalid_input', 'give --to EMAIL and/or --due DATE');
      const r = await withOrganization(opts, (db, org) =>
        updateRequest(db, cliActor(), org.id, options.engagement, ref, {
          ...(options.to ? { assigneeEmail: options.to } : {}),
          ...(options.due ? { dueOn: options.due } : {}),
        }),
      );
      done(
        opts,
        r,
        `${r.reference}: assigned to ${r.assignee?.name ?? 'nobody'}${r.dueOn ? `, due ${r.dueOn}` : ''}`,
      );
    });

  requests
    .command('map')
    .description('map a request to controls by hand (replaces its controls; a revised list keeps them)')
    .argument('<ref>', 'reference or id')
    .option(...ENGAGEMENT)
    .requiredOption('--control <codes...>', 'control codes')
    .action(async (ref, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const r = await withOrganization(opts, (db, org) =>
        updateRequest(db, cliActor(), org.id, options.engagement, ref, { controlCodes: options.control }),
      );
      done(opts, r, `${r.reference}: mapped to ${r.controls.map((c) => c.code).join(', ')}`);
    });

  const mappings = requests
    .command('mappings')
    .description("request lists' column mappings, saved by name (one per audit firm)");
  mappings
    .command('list')
    .description('the saved column mappings')
    .action(async (_options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const rows = await withOrganization(opts, (db, org) => getColumnMappings(db, org.id));
      if (opts.json) printJson(rows);
      else
        printTable(
          rows,
          [
            { header: 'NAME', value: (m) => m.name },
            {
              header: 'COLUMNS',
              value: (m) =>
                Object.entries(m.columns)
                  .map(([f, c]) => `${f}="${c}"`)
                  .join(' '),
            },
          ],
          'no saved mappings: common headers are recognised',
        );
    });
  mappings
    .command('save')
    .description("save a column mapping by name (the list's header for each field)")
    .argument('<name>', "the mapping's name (the audit firm's name makes it the engagement's default)")
    .requiredOption('--reference <header>', 'column of the request reference')
    .requiredOption('--text <header>', 'column of the request text')
    .option('--control <header>', 'column naming control codes')
    .option('--criterion <header>', 'column naming criteria (CC6.1, A.5.15, PR.AA-01)')
    .option('--due <header>', 'column of the due date')
    .option('--population <header>', 'column of the population / sample note')
    .option('--assignee <header>', 'column naming who answers it')
    .action(async (name, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const { due, ...rest } = options;
      const saved = await withOrganization(opts, (db, org) =>
        saveColumnMapping(db, cliActor(), org.id, {
          name,
          columns: { ...rest, ...(due ? { dueOn: due } : {}) },
        }),
      );
      if (opts.json) printJson(saved);
      else printLines(`saved the column mapping "${saved.name}"`);
    });
}
