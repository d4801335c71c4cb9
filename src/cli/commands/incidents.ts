import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import type { IncidentView } from '../../modules/incidents/incident.schema.js';
import { getIncident, listIncidents } from '../../modules/incidents/incident.service.js';
import { importIncidentRegister } from '../../modules/incidents/incident-import.service.js';
import { createIrTest, listIrTests } from '../../modules/incidents/incident-ir-test.service.js';
import {
  addFollowUp,
  addTimelineEntry,
  completeFollowUp,
  createIncident,
  updateIncident,
} from '../../modules/incidents/incident-record.service.js';
import { refreshIncidents } from '../../modules/incidents/incident-refresh.service.js';
import { nowIso } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { cliActor, type GlobalOptions, storesOf, withOrganization } from '../context.js';
import { printJson, printLines, printTable } from '../output.js';

function readable(file: string) {
  if (!existsSync(file)) throw new AppError('not_found', `file ${file} not found`);
  return createReadStream(file);
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function printIncident(i: IncidentView): void {
  printLines(
    `${i.externalId} (${i.id}): ${i.title}`,
    `severity ${i.severity}, ${i.status}; owner ${i.ownerEmail ?? '-'}`,
    `detected ${i.detectedAt}, contained ${i.containedAt ?? '-'}, resolved ${i.resolvedAt ?? '-'}`,
    `root cause: ${i.rootCause ?? '(none yet)'}`,
    `customer impact: ${i.customerImpact ?? '-'}`,
    '',
    'timeline:',
  );
  printTable(
    i.timeline,
    [
      { header: 'AT', value: (e) => e.at },
      { header: 'ENTRY', value: (e) => e.entry, max: 100 },
    ],
    '  (no entries)',
  );
  printLines('', 'follow-ups:');
  printTable(
    i.followUpActions,
    [
      { header: 'ID', value: (f) => f.id },
      { header: 'ACTION', value: (f) => f.action, max: 60 },
      { header: 'OWNER', value: (f) => f.ownerEmail ?? '' },
      { header: 'DUE', value: (f) => f.dueOn },
      {
        header: 'DONE',
        value: (f) => (f.doneOn ? `${f.doneOn} (${f.evidence})` : f.overdue ? 'OVERDUE' : 'open'),
      },
    ],
    '  (none)',
  );
  const open = i.findings.filter((f) => f.resolvedOn === null);
  if (open.length > 0) printLines('', 'open findings:', ...open.map((f) => `  ${f.severity}: ${f.title}`));
}

/** The incident fields the `add` and `update` options name, as the service takes them. */
function incidentFields(options: {
  title?: string;
  severity?: string;
  status?: string;
  detected?: string;
  contained?: string;
  resolved?: string;
  rootCause?: string;
  impact?: string;
  owner?: string;
}) {
  return {
    ...(options.title !== undefined ? { title: options.title } : {}),
    ...(options.severity !== undefined ? { severity: options.severity } : {}),
    ...(options.status !== undefined ? { status: options.status } : {}),
    ...(options.detected !== undefined ? { detectedAt: options.detected } : {}),
    ...(options.contained !== undefined ? { containedAt: options.contained } : {}),
    ...(options.resolved !== undefined ? { resolvedAt: options.resolved } : {}),
    ...(options.rootCause !== undefined ? { rootCause: options.rootCause } : {}),
    ...(options.impact !== undefined ? { customerImpact: options.impact } : {}),
    ...(options.owner !== undefined ? { owner: options.owner } : {}),
  };
}

/** `auditready incidents …`: the incident register, timelines and follow-up actions. */
export function registerIncidents(program: Command<[], GlobalOptions>): void {
  const incidents = program
    .command('incidents')
    .description('the incident register, timelines and follow-ups');

  incidents
    .command('import')
    .description(
      'import an incident register CSV (external_id,title,severity,status,detected_at,contained_at,resolved_at,owner,root_cause,customer_impact), all or nothing',
    )
    .argument('<file>', 'the CSV file')
    .action(async (file, _options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const r = await withOrganization(opts, (db, org) =>
        importIncidentRegister(storesOf(opts, db), cliActor(), org.id, {
          file: path.basename(file),
          input: readable(file),
        }),
      );
      if (opts.json) printJson(r);
      else
        printLines(
          `${r.status}: ${r.rows} incidents (${r.created} new, ${r.updated} updated, ${r.unchanged} unchanged)`,
        );
    });

  incidents
    .command('list')
    .description('the register, newest detection first')
    .action(async (_options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const rows = await withOrganization(opts, (db, org) => listIncidents(db, org.id));
      if (opts.json) return printJson(rows);
      printTable(
        rows,
        [
          { header: 'ID', value: (i) => i.externalId },
          { header: 'SEVERITY', value: (i) => i.severity },
          { header: 'STATUS', value: (i) => i.status },
          { header: 'DETECTED', value: (i) => i.detectedAt },
          { header: 'TITLE', value: (i) => i.title, max: 50 },
          { header: 'OWNER', value: (i) => i.ownerEmail ?? '' },
          { header: 'ROOT CAUSE', value: (i) => (i.hasRootCause ? 'yes' : 'no') },
          { header: 'FOLLOW-UPS', value: (i) => `${i.openFollowUps} open, ${i.overdueFollowUps} overdue` },
          { header: 'FINDINGS', value: (i) => i.findings.length },
        ],
        'no incidents yet',
      );
    });

  incidents
    .command('show')
    .description('one incident with its timeline, follow-ups and findings')
    .argument('<id>', 'the incident id or external id (INC-42)')
    .action(async (id, _options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const incident = await withOrganization(opts, (db, org) => getIncident(db, org.id, id));
      if (opts.json) printJson(incident);
      else printIncident(incident);
    });

  incidents
    .command('add')
    .description('declare an incident')
    .requiredOption('--title <text>', 'what happened')
    .requiredOption('--severity <severity>', 'low, medium, high or critical')
    .requiredOption('--detected <time>', 'when it was detected (a date or an ISO-8601 time with its zone)')
    .option('--id <external-id>', 'its id in the tracker (default: the next INC-n)')
    .option('--status <status>', 'open, contained, resolved or closed')
    .option('--contained <time>', 'when it was contained')
    .option('--resolved <time>', 'when it was resolved')
    .option('--root-cause <text>', 'the root cause')
    .option('--impact <text>', 'the customer impact')
    .option('--owner <email>', 'the incident commander')
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const created = await withOrganization(opts, (db, org) =>
        createIncident(storesOf(opts, db), cliActor(), org.id, {
          ...incidentFields(options),
          ...(options.id !== undefined ? { externalId: options.id } : {}),
        }),
      );
      if (opts.json) printJson(created);
      else printLines(`incident ${created.externalId} declared (${created.severity}, ${created.status})`);
    });

  incidents
    .command('update')
    .description(
      'change an incident (status, times, root cause, impact, owner); the timeline and follow-ups with their own options',
    )
    .argument('<id>', 'the incident id or external id')
    .option('--title <text>', 'what happened')
    .option('--severity <severity>', 'low, medium, high or critical')
    .option('--status <status>', 'open, contained, resolved or closed')
    .option('--detected <time>', 'when it was detected')
    .option('--contained <time>', 'when it was contained')
    .option('--resolved <time>', 'when it was resolved')
    .option('--root-cause <text>', 'the root cause')
    .option('--impact <text>', 'the customer impact')
    .option('--owner <email>', 'the incident commander')
    .option('--timeline <text>', 'add a timeline entry (with --at)')
    .option('--at <time>', 'when the timeline entry happened (default: now)')
    .option('--follow-up <action>', 'add a follow-up action (with --follow-up-owner and --due)')
    .option('--follow-up-owner <email>', 'who owns the follow-up action')
    .option('--due <date>', 'when the follow-up action is due')
    .option('--done <follow-up-id>', 'mark a follow-up action done (with --evidence)')
    .option('--evidence <reference>', 'the ticket or change that did it')
    .action(async (id, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const fields = incidentFields(options);
      const result = await withOrganization(opts, async (db, org) => {
        const stores = storesOf(opts, db);
        let incident = await getIncident(db, org.id, id);
        if (Object.keys(fields).length > 0)
          incident = await updateIncident(stores, cliActor(), org.id, incident.id, fields);
        if (options.timeline !== undefined)
          incident = await addTimelineEntry(stores, cliActor(), org.id, incident.id, {
            at: options.at ?? nowIso(),
            entry: options.timeline,
          });
        if (options.followUp !== undefined)
          incident = await addFollowUp(stores, cliActor(), org.id, incident.id, {
            action: options.followUp,
            owner: options.followUpOwner ?? '',
            dueOn: options.due ?? '',
          });
        if (options.done !== undefined) {
          await completeFollowUp(stores, cliActor(), org.id, {
            followUpId: options.done,
            evidence: options.evidence ?? '',
          });
          incident = await getIncident(db, org.id, incident.id);
        }
        return incident;
      });
      if (opts.json) printJson(result);
      else printIncident(result);
    });

  incidents
    .command('refresh')
    .description(
      'bring the incident rule findings up to date (overdue follow-ups, missing root causes, a lapsed IR test)',
    )
    .action(async (_options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const r = await withOrganization(opts, (db, org) =>
        refreshIncidents(storesOf(opts, db), cliActor(), org.id),
      );
      if (opts.json) printJson(r);
      else printLines(`${r.opened} finding(s) opened, ${r.resolved} resolved`);
    });
}

/** `auditready ir-tests …`: incident-response tests (tabletop or live). */
export function registerIrTests(program: Command<[], GlobalOptions>): void {
  const tests = program
    .command('ir-tests')
    .description('incident-response tests (tabletop or live exercises)');

  tests
    .command('add')
    .description('record an IR test once held; its record becomes evidence on IR-03')
    .requiredOption('--kind <kind>', 'tabletop or live')
    .requiredOption('--held-on <date>', 'the day it was held')
    .requiredOption('--scenario <text>', 'the scenario exercised')
    .requiredOption('--participant <email>', 'a participant (repeat for more)', collect)
    .requiredOption('--results <text>', 'what it showed')
    .option(
      '--follow-up <action>',
      'a follow-up action (repeat; with as many --follow-up-owner and --due)',
      collect,
    )
    .option('--follow-up-owner <email>', 'the owner of each follow-up, in order', collect)
    .option('--due <date>', 'the due date of each follow-up, in order', collect)
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const actions = options.followUp ?? [];
      if (
        (options.followUpOwner ?? []).length !== actions.length ||
        (options.due ?? []).length !== actions.length
      )
        throw new AppError('invalid_input', 'give one --follow-up-owner and one --due per --follow-up');
      const test = await withOrganization(opts, (db, org) =>
        createIrTest(storesOf(opts, db), cliActor(), org.id, {
          kind: options.kind,
          heldOn: options.heldOn,
          scenario: options.scenario,
          participants: options.participant,
          results: options.results,
          followUps: actions.map((action, i) => ({
            action,
            owner: options.followUpOwner![i],
            dueOn: options.due![i],
          })),
        }),
      );
      if (opts.json) printJson(test);
      else
        printLines(
          `${test.kind} of ${test.heldOn} recorded: ${test.participants.length} participant(s), ${test.followUps.length} follow-up(s); the next is due ${test.nextDueOn}`,
        );
    });

  tests
    .command('list')
    .description('IR tests, newest first')
    .action(async (_options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const rows = await withOrganization(opts, (db, org) => listIrTests(db, org.id));
      if (opts.json) return printJson(rows);
      printTable(
        rows,
        [
          { header: 'HELD ON', value: (t) => t.heldOn },
          { header: 'KIND', value: (t) => t.kind },
          { header: 'SCENARIO', value: (t) => t.scenario, max: 50 },
          { header: 'PARTICIPANTS', value: (t) => t.participants.length },
          {
            header: 'FOLLOW-UPS',
            value: (t) => `${t.followUps.filter((f) => f.doneOn === null).length} open`,
          },
          { header: 'NEXT DUE', value: (t) => t.nextDueOn },
        ],
        'no IR tests yet',
      );
    });
}
