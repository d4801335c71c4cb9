import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { assuranceBadge } from '../../core/vendors/rules.js';
import type { VendorSummary, VendorView } from '../../modules/vendors/vendor.schema.js';
import { getVendor, listVendors, refreshVendors } from '../../modules/vendors/vendor.service.js';
import { addCuec, mapCuec } from '../../modules/vendors/vendor-cuec.service.js';
import { addVendor, importVendorRegister } from '../../modules/vendors/vendor-register.service.js';
import { addBridgeLetter, addVendorReport } from '../../modules/vendors/vendor-report.service.js';
import { recordVendorReview } from '../../modules/vendors/vendor-review.service.js';
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

const assuranceLabel = (v: VendorSummary) => assuranceBadge(v.assurance);

function printVendor(v: VendorView): void {
  printLines(
    `vendor ${v.name} (${v.id}): ${v.service}, ${v.criticality}; data: ${v.dataTouched || '-'}`,
    `owner: ${v.ownerEmail ?? 'none'}; contract ${v.contractStart ?? '?'} to ${v.contractEnd ?? 'open'}`,
    `last assessment ${v.lastAssessedOn ?? 'never'}, next review ${v.nextReviewOn ?? 'not set'}${v.reviewOverdue ? ' (OVERDUE)' : ''}`,
    `assurance: ${assuranceLabel(v)}`,
    '',
    'reports:',
  );
  printTable(
    v.reports,
    [
      { header: 'KIND', value: (r) => r.kind },
      { header: 'PERIOD', value: (r) => `${r.periodStart} to ${r.periodEnd}` },
      { header: 'RECEIVED', value: (r) => r.receivedOn },
      { header: 'FILE', value: (r) => r.fileName, max: 40 },
      { header: 'EVIDENCE', value: (r) => r.evidenceId },
    ],
    'none',
  );
  printLines('', 'bridge letters:');
  printTable(
    v.bridgeLetters,
    [
      { header: 'COVERS', value: (b) => `${b.coveredFrom} to ${b.coveredTo}` },
      { header: 'RECEIVED', value: (b) => b.receivedOn },
      { header: 'FILE', value: (b) => b.fileName, max: 40 },
    ],
    'none',
  );
  printLines('', 'CUECs:');
  printTable(
    v.cuecList,
    [
      { header: 'REF', value: (c) => c.ref },
      { header: 'DESCRIPTION', value: (c) => c.description, max: 60 },
      { header: 'CONTROLS', value: (c) => c.controls.map((k) => k.code).join(', ') || 'NOT MAPPED' },
    ],
    'none',
  );
  if (v.findings.length > 0) {
    printLines('', 'open findings:');
    printTable(
      v.findings,
      [
        { header: 'SEVERITY', value: (f) => f.severity },
        { header: 'DUE', value: (f) => f.dueOn ?? '' },
        { header: 'TITLE', value: (f) => f.title, max: 100 },
      ],
      '',
    );
  }
}

function show(opts: GlobalOptions, v: VendorView): void {
  if (opts.json) printJson(v);
  else printVendor(v);
}

/** `auditready vendors …`: the vendor register, reviews, reports, bridge letters and CUECs. */
export function registerVendors(program: Command<[], GlobalOptions>): void {
  const vendors = program
    .command('vendors')
    .description('vendor oversight: register, reports, bridge letters, CUECs');

  vendors
    .command('import')
    .description(
      'import a CSV vendor register (name,service,criticality,data,owner_email,contract_start,contract_end,last_assessment,next_review), all or nothing, matched by name',
    )
    .argument('<file>', 'the CSV file')
    .action(async (file, _options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const r = await withOrganization(opts, (db, org) =>
        importVendorRegister(storesOf(opts, db), cliActor(), org.id, {
          file: path.basename(file),
          input: readable(file),
        }),
      );
      if (opts.json) printJson(r);
      else
        printLines(
          `${r.status}: ${r.rows} vendors (${r.created} added, ${r.updated} updated, ${r.unchanged} unchanged)`,
        );
    });

  vendors
    .command('list')
    .description('the vendor register with report ages and open findings')
    .action(async (_options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const list = await withOrganization(opts, (db, org) => listVendors(db, org.id));
      if (opts.json) printJson(list);
      else
        printTable(
          list,
          [
            { header: 'NAME', value: (v) => v.name, max: 40 },
            { header: 'CRITICALITY', value: (v) => v.criticality },
            { header: 'OWNER', value: (v) => v.ownerEmail ?? '' },
            { header: 'ASSURANCE', value: assuranceLabel },
            {
              header: 'NEXT REVIEW',
              value: (v) => `${v.nextReviewOn ?? '-'}${v.reviewOverdue ? ' OVERDUE' : ''}`,
            },
            {
              header: 'CUECS',
              value: (v) => `${v.cuecs}${v.unmappedCuecs > 0 ? ` (${v.unmappedCuecs} unmapped)` : ''}`,
            },
            { header: 'FINDINGS', value: (v) => String(v.openFindings) },
          ],
          'no vendors yet: auditready vendors import FILE',
        );
    });

  vendors
    .command('show')
    .description('one vendor with its reports, bridge letters, CUECs and open findings')
    .argument('<vendor>', 'name or id')
    .action(async (vendor, _options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      show(opts, await withOrganization(opts, (db, org) => getVendor(db, org.id, vendor)));
    });

  vendors
    .command('add')
    .description('add a vendor to the register')
    .argument('<name>', 'the vendor')
    .requiredOption('--service <text>', 'what it provides')
    .requiredOption('--criticality <level>', 'critical, high, medium or low')
    .option('--data <text>', 'the data it touches', '')
    .option('--owner <email>', 'the person who owns the relationship')
    .option('--contract-start <date>')
    .option('--contract-end <date>')
    .option('--last-assessment <date>')
    .option('--next-review <date>')
    .action(async (name, o, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const v = await withOrganization(opts, (db, org) =>
        addVendor(db, cliActor(), org.id, {
          name,
          service: o.service,
          criticality: o.criticality,
          dataTouched: o.data,
          ownerEmail: o.owner ?? null,
          contractStart: o.contractStart ?? null,
          contractEnd: o.contractEnd ?? null,
          lastAssessedOn: o.lastAssessment ?? null,
          nextReviewOn: o.nextReview ?? null,
        }),
      );
      show(opts, v);
    });

  vendors
    .command('review')
    .description('record a review of a vendor (its record becomes evidence on VM-03-E1)')
    .argument('<vendor>', 'name or id')
    .requiredOption('--notes <text>', 'what the review found')
    .option('--reviewer <email>', 'who reviewed')
    .option('--on <date>', 'the day of the review (default: today)')
    .option('--next <date>', 'the next review (default: a year later)')
    .action(async (vendor, o, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const v = await withOrganization(opts, (db, org) =>
        recordVendorReview(storesOf(opts, db), cliActor(), org.id, vendor, {
          notes: o.notes,
          reviewerEmail: o.reviewer ?? null,
          ...(o.on ? { reviewedOn: o.on } : {}),
          ...(o.next ? { nextReviewOn: o.next } : {}),
        }),
      );
      show(opts, v);
    });

  const report = vendors.command('report').description("a vendor's SOC 2 or ISO 27001 reports");
  report
    .command('add')
    .description('add a report with its file (evidence on VM-03-E1, submitted for review)')
    .argument('<vendor>', 'name or id')
    .argument('<file>', 'the report file')
    .requiredOption('--kind <kind>', 'soc2-type1, soc2-type2 or iso27001')
    .requiredOption('--period-start <date>')
    .requiredOption('--period-end <date>')
    .requiredOption('--received <date>', 'the day it was received')
    .action(async (vendor, file, o, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const v = await withOrganization(opts, (db, org) =>
        addVendorReport(
          storesOf(opts, db),
          cliActor(),
          org.id,
          vendor,
          { kind: o.kind, periodStart: o.periodStart, periodEnd: o.periodEnd, receivedOn: o.received },
          { fileName: path.basename(file), input: readable(file) },
        ),
      );
      show(opts, v);
    });

  const bridge = vendors.command('bridge').description("a vendor's bridge letters");
  bridge
    .command('add')
    .description('add a bridge letter with its file (evidence on VM-03-E2, submitted for review)')
    .argument('<vendor>', 'name or id')
    .argument('<file>', 'the letter file')
    .requiredOption('--from <date>', 'the first day it covers')
    .requiredOption('--to <date>', 'the last day it covers')
    .requiredOption('--received <date>', 'the day it was received')
    .action(async (vendor, file, o, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const v = await withOrganization(opts, (db, org) =>
        addBridgeLetter(
          storesOf(opts, db),
          cliActor(),
          org.id,
          vendor,
          { coveredFrom: o.from, coveredTo: o.to, receivedOn: o.received },
          { fileName: path.basename(file), input: readable(file) },
        ),
      );
      show(opts, v);
    });

  const cuec = vendors.command('cuec').description("complementary user entity controls of a vendor's report");
  cuec
    .command('add')
    .description('list a CUEC from the vendor’s report')
    .argument('<vendor>', 'name or id')
    .argument('<ref>', 'its reference in the report (CUEC-1)')
    .requiredOption('--description <text>', 'what the company must do')
    .option('--report <id>', 'the report that lists it')
    .action(async (vendor, ref, o, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const v = await withOrganization(opts, (db, org) =>
        addCuec(db, cliActor(), org.id, vendor, {
          ref,
          description: o.description,
          reportId: o.report ?? null,
        }),
      );
      show(opts, v);
    });

  vendors
    .command('map')
    .description('set the controls that run a CUEC (repeat --control; none unmaps it)')
    .argument('<vendor>', 'name or id')
    .argument('<cuec>', 'the CUEC reference or id')
    .option('--control <code>', 'a control code (repeat for more)', collect)
    .action(async (vendor, ref, o, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const v = await withOrganization(opts, (db, org) =>
        mapCuec(db, cliActor(), org.id, vendor, ref, { controlCodes: o.control ?? [] }),
      );
      show(opts, v);
    });

  vendors
    .command('refresh')
    .description('bring the vendor rule findings up to date today')
    .action(async (_options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const r = await withOrganization(opts, (db, org) => refreshVendors(db, cliActor(), org.id));
      if (opts.json) printJson(r);
      else printLines(`${r.findingsOpened} finding(s) opened, ${r.findingsResolved} resolved`);
    });
}
