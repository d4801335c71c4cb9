import { readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { TICKET_IMPORT_KIND_LIST } from '../../core/tickets/import-kinds.js';
import {
  DEFAULT_TICKET_SETTINGS,
  TICKET_APPROVAL_STATUSES,
  TICKET_SOURCES,
} from '../../core/tickets/types.js';
import { importTickets } from '../../modules/tickets/tickets.import.js';
import type { TicketView } from '../../modules/tickets/tickets.schema.js';
import { getTicket, listTickets } from '../../modules/tickets/tickets.service.js';
import { cliActor, type GlobalOptions, storesOf, withOrganization } from '../context.js';
import { printJson, printLines, printTable } from '../output.js';

const IMPORT_HELP = [
  '',
  'LOCATION is one page file, or a directory of page files (*.json, read in natural order):',
  ...TICKET_IMPORT_KIND_LIST.map((k) => `  ${k.name.padEnd(7)} ${k.description}`),
  '',
  '--project-map is a JSON object (inline, or a file holding it) of project key (or * for all) → settings:',
  '  {"PAY": {"approvedStates": ["Approved"], "requirements": {"Story": ["CM-04-E2"], "*": []},',
  '           "incidentPrefixes": ["INC"], "typesWithoutApproval": ["Incident"]}}',
  `Defaults: approved states ${DEFAULT_TICKET_SETTINGS.approvedStates.join(', ')}; Bug/Story/Task/Change → CM-04-E2,`,
  'Incident → IR-02-E2, Access Request → AC-04-E2. Settings given are kept with the project for later imports.',
  'An approval is a move into an approved state by someone other than the reporter. Each requirement gets',
  'the ticket history of its tickets as system-generated evidence. The same pages twice change nothing; a',
  'bad issue aborts the whole import with its file, line and JSON path.',
].join('\n');

function projectMap(value: string): unknown {
  let text = value;
  if (!value.trim().startsWith('{')) {
    try {
      text = readFileSync(value, 'utf8');
    } catch {
      throw new InvalidArgumentError(`${value}: no such file (or give the JSON inline)`);
    }
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidArgumentError('expected a JSON object of project key → settings');
  }
}

function approvalText(t: TicketView): string {
  return t.approvedBy ? `${t.approval} by ${t.approvedBy}` : t.approval;
}

function pullsText(t: TicketView): string {
  return t.pulls.map((p) => `${p.pull}${p.changeId ? '' : ' (not imported)'}`).join(', ');
}

/** `auditready tickets import|list|show`. */
export function registerTickets(program: Command<[], GlobalOptions>): void {
  const tickets = program
    .command('tickets')
    .description('ticket histories (Jira, Linear) as evidence: transitions, approvals, linked pull requests');

  tickets
    .command('import')
    .description('import Jira or Linear issues with their status history')
    .argument('<location>', 'a page file, or a directory of page files')
    .addOption(
      new Option('--source <tracker>', 'the tracker (default: read from the pages)').choices(TICKET_SOURCES),
    )
    .option('--project-map <json|file>', 'per-project settings (see below)', projectMap)
    .option('--at <date>', 'the day the import is recorded at (default: today)')
    .addHelpText('after', IMPORT_HELP)
    .action(async (location, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const result = await withOrganization(opts, (database, org) =>
        importTickets(storesOf(opts, database), cliActor(), org.id, {
          location,
          input: {
            ...(options.source ? { source: options.source } : {}),
            ...(options.projectMap ? { projectMap: options.projectMap as never } : {}),
          },
          ...(options.at ? { at: options.at } : {}),
        }),
      );
      if (opts.json) return printJson(result);
      const c = result.counts;
      printLines(
        result.status === 'unchanged'
          ? `${result.source}: unchanged (the same pages were imported already: ${result.importId})`
          : `${result.source}: imported ${c.issues} issues from ${c.files} page(s): ${c.created} new, ${c.updated} changed, ${c.unchanged} unchanged`,
        `  approvals: ${c.approved} approved, ${c.selfApproved} self-approved, ${c.unapproved} unapproved, ${c.notRequired} not required`,
        `  pull requests named: ${c.pullLinks}, of which ${c.linkedChanges} are imported changes`,
        `  evidence: ${result.evidenceIds.length} requirement(s)`,
      );
    });

  tickets
    .command('list')
    .description('tickets, newest first, with their approval and linked pull requests')
    .option('--project <key>', 'only this project')
    .option('--type <name>', 'only this issue type')
    .addOption(
      new Option('--approval <status>', 'only this approval status').choices(TICKET_APPROVAL_STATUSES),
    )
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const rows = await withOrganization(opts, (database, org) =>
        listTickets(database, org.id, {
          project: options.project,
          type: options.type,
          approval: options.approval,
        }),
      );
      if (opts.json) return printJson(rows);
      printTable(
        rows,
        [
          { header: 'OPENED', value: (t) => t.openedAt.slice(0, 10) },
          { header: 'KEY', value: (t) => t.key },
          { header: 'TYPE', value: (t) => t.type, max: 16 },
          { header: 'STATUS', value: (t) => t.status, max: 16 },
          { header: 'APPROVAL', value: approvalText, max: 36 },
          { header: 'PULLS', value: pullsText, max: 50 },
          { header: 'TITLE', value: (t) => t.title, max: 50 },
        ],
        'no tickets imported (auditready tickets import DIR)',
      );
    });

  tickets
    .command('show')
    .description('one ticket: transitions, approval, pull requests, incidents')
    .argument('<key>', 'ticket key (PAY-123) or id')
    .action(async (key, _options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const t = await withOrganization(opts, (database, org) => getTicket(database, org.id, key));
      if (opts.json) return printJson(t);
      printLines(
        `${t.key} — ${t.title}`,
        `  id           ${t.id}`,
        `  tracker      ${t.source}, project ${t.project}`,
        `  type         ${t.type}`,
        `  status       ${t.status}`,
        `  reporter     ${t.reporter?.name ?? 'unknown'}`,
        `  opened       ${t.openedAt}`,
        `  approval     ${approvalText(t)}${t.approvedAt ? ` at ${t.approvedAt}` : ''}`,
        `  proves       ${t.requirementCodes.join(', ') || 'no requirement (type not mapped)'}`,
        ...(t.url ? [`  url          ${t.url}`] : []),
        '',
        'transitions:',
        ...(t.transitions.length === 0
          ? ['  none']
          : t.transitions.map(
              (x) =>
                `  ${x.at}  ${(x.from ?? '—').padEnd(16)} → ${x.to.padEnd(16)} ${x.by?.name ?? 'automation'}`,
            )),
        '',
        'pull requests:',
        ...(t.pulls.length === 0
          ? ['  none']
          : t.pulls.map(
              (p) => `  ${p.pull}  ${p.changeId ? `change ${p.changeId} (${p.approval})` : 'not imported'}`,
            )),
        ...(t.incidentKeys.length > 0 ? ['', `incidents: ${t.incidentKeys.join(', ')}`] : []),
      );
    });
}
