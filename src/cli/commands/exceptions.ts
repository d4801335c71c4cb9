import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import { EXCEPTION_REVIEW_CADENCES } from '../../core/exceptions/review.js';
import { RISK_RATINGS, type StoredException } from '../../modules/exceptions/exception.schema.js';
import {
  addException,
  approveException,
  closeException,
  getExceptions,
  reviewException,
} from '../../modules/exceptions/exception.service.js';
import { addFinding, getFindings, resolveFinding } from '../../modules/findings/finding.service.js';
import { todayIso } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { cliActor, type GlobalOptions, withOrganization } from '../context.js';
import { printJson, printLines, printTable } from '../output.js';

/** What an exception excepts, in a few words. */
function exceptedText(x: StoredException): string {
  if (x.scope === 'requirement') return `requirement ${x.requirementCode ?? x.requirementId}`;
  if (x.scope === 'finding') return `finding ${x.findingId}`;
  return 'whole control';
}

/** `auditready exceptions add|list|approve|review|close` and `auditready findings add|list|resolve`. */
export function registerExceptionsAndFindings(program: Command<[], GlobalOptions>): void {
  const exceptions = program
    .command('exceptions')
    .description('approved, time-bound deviations from controls');

  exceptions
    .command('add')
    .description('record an exception on a control')
    .requiredOption('--control <code>', 'control code')
    .option('--requirement <code>', 'except only this evidence requirement of the control')
    .option('--finding <id>', 'except only this finding on the control')
    .requiredOption('--summary <text>', 'what is not met')
    .requiredOption('--reason <text>', 'why')
    .option('--compensating <text>', 'the compensating control')
    .addOption(new Option('--risk <rating>', 'risk rating').choices(RISK_RATINGS).makeOptionMandatory())
    .option('--approver <email>', 'who approved it')
    .option('--approved-on <date>', 'when it was approved')
    .requiredOption('--expires <date>', 'when it expires')
    .addOption(
      new Option(
        '--review-cadence <cadence>',
        'how often it is reviewed (default by risk: high monthly, medium quarterly, low semiannual)',
      ).choices(EXCEPTION_REVIEW_CADENCES),
    )
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const created = await withOrganization(opts, (db, org) =>
        addException(db, cliActor(), org.id, {
          controlCode: options.control,
          requirementCode: options.requirement ?? null,
          findingId: options.finding ?? null,
          summary: options.summary,
          reason: options.reason,
          compensatingControl: options.compensating ?? null,
          riskRating: options.risk,
          approverEmail: options.approver ?? null,
          approvedOn: options.approvedOn ?? null,
          expiresOn: options.expires,
          reviewCadence: options.reviewCadence ?? null,
        }),
      );
      if (opts.json) printJson(created);
      else
        printLines(
          `exception ${created.id} on ${created.controlCode} (${exceptedText(created)})${created.approvedOn ? '' : ' (not approved yet: it has no effect until approved)'}`,
        );
    });

  exceptions
    .command('approve')
    .description('approve an exception')
    .argument('<id>', 'exception id or prefix')
    .requiredOption('--approver <email>', 'who approves it')
    .option('--on <date>', 'approval date (default: today)')
    .action(async (id, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const x = await withOrganization(opts, (db, org) =>
        approveException(db, cliActor(), org.id, {
          id,
          approverEmail: options.approver,
          approvedOn: options.on ?? todayIso(),
        }),
      );
      if (opts.json) printJson(x);
      else
        printLines(
          `exception ${x.id} approved by ${x.approverEmail} on ${x.approvedOn}, expires ${x.expiresOn}`,
        );
    });

  exceptions
    .command('review')
    .description('review an exception: continue it, close it or escalate it')
    .argument('<id>', 'exception id or prefix')
    .option('--continue', 'keep the exception (with --expires, until a new date)')
    .option('--close', 'close the exception on the review day')
    .option('--escalate', 'keep the exception with its risk one level higher')
    .requiredOption('--note <text>', 'what the review found')
    .option('--expires <date>', 'a new expiry')
    .option('--reviewer <email>', 'who reviewed it (default: the approver)')
    .option('--on <date>', 'review date (default: today)')
    .addOption(
      new Option('--review-cadence <cadence>', 'a new review cadence from this review on').choices(
        EXCEPTION_REVIEW_CADENCES,
      ),
    )
    .action(async (id, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const decisions = (['continue', 'close', 'escalate'] as const).filter((d) => options[d]);
      if (decisions.length !== 1)
        throw new AppError('invalid_input', 'say one decision: --continue, --close or --escalate');
      const x = await withOrganization(opts, (db, org) =>
        reviewException(db, cliActor(), org.id, id, {
          decision: decisions[0],
          note: options.note,
          reviewedOn: options.on ?? todayIso(),
          reviewerEmail: options.reviewer ?? null,
          newExpiresOn: options.expires ?? null,
          reviewCadence: options.reviewCadence ?? null,
        }),
      );
      if (opts.json) printJson(x);
      else
        printLines(
          `exception ${x.id} reviewed (${decisions[0]}): ${x.closedOn ? `closed on ${x.closedOn}` : `${x.riskRating} risk, expires ${x.expiresOn}, next review ${x.nextReviewOn ?? 'none before it expires'}`}`,
        );
    });

  exceptions
    .command('close')
    .description('close an exception once the deviation is remediated')
    .argument('<id>', 'exception id or prefix')
    .option('--on <date>', 'closing date (default: today)')
    .action(async (id, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const x = await withOrganization(opts, (db, org) =>
        closeException(db, cliActor(), org.id, { id, closedOn: options.on ?? todayIso() }),
      );
      if (opts.json) printJson(x);
      else printLines(`exception ${x.id} closed on ${x.closedOn}`);
    });

  exceptions
    .command('list')
    .description('list exceptions by expiry')
    .action(async (_options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const rows = await withOrganization(opts, (db, org) => getExceptions(db, org.id));
      if (opts.json) {
        printJson(rows);
        return;
      }
      const today = todayIso();
      printTable(
        rows,
        [
          { header: 'ID', value: (x) => x.id },
          { header: 'CONTROL', value: (x) => x.controlCode },
          { header: 'EXCEPTS', value: (x) => exceptedText(x) },
          { header: 'RISK', value: (x) => x.riskRating },
          {
            header: 'STATE',
            value: (x) =>
              x.closedOn
                ? `closed ${x.closedOn}`
                : !x.approvedOn
                  ? 'not approved'
                  : x.expiresOn < today
                    ? 'EXPIRED'
                    : 'active',
          },
          { header: 'EXPIRES', value: (x) => x.expiresOn },
          { header: 'NEXT REVIEW', value: (x) => x.nextReviewOn },
          { header: 'APPROVER', value: (x) => x.approverEmail },
          { header: 'SUMMARY', value: (x) => x.summary, max: 60 },
        ],
        'no exceptions',
      );
    });

  const findings = program.command('findings').description('problems found by rules, auditors or people');

  findings
    .command('add')
    .description('raise a finding')
    .requiredOption('--title <text>', 'what is wrong')
    .addOption(new Option('--severity <level>', 'severity').choices(RISK_RATINGS).makeOptionMandatory())
    .option('--controls <codes>', 'comma-separated control codes it touches')
    .option('--criteria <list>', 'comma-separated framework:code, e.g. soc2:CC6.1')
    .option('--owner <email>', 'who owns the fix')
    .option('--due <date>', 'when it must be fixed')
    .option('--opened <date>', 'when it was found (default: today)')
    .option('--description <text>', 'details')
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const split = (v?: string) =>
        v
          ? v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : [];
      const created = await withOrganization(opts, (db, org) =>
        addFinding(db, cliActor(), org.id, {
          title: options.title,
          description: options.description ?? null,
          severity: options.severity,
          controlCodes: split(options.controls),
          criteria: split(options.criteria).map((c) => {
            const [frameworkId, ...code] = c.split(':');
            return { frameworkId, code: code.join(':') };
          }),
          ownerEmail: options.owner ?? null,
          dueOn: options.due ?? null,
          openedOn: options.opened ?? todayIso(),
        }),
      );
      if (opts.json) printJson(created);
      else printLines(`finding ${created.id}: ${created.title}`);
    });

  findings
    .command('resolve')
    .description('resolve a finding')
    .argument('<id>', 'finding id or prefix')
    .option('--on <date>', 'resolution date (default: today)')
    .option('--resolution <text>', 'what was done')
    .action(async (id, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const f = await withOrganization(opts, (db, org) =>
        resolveFinding(db, cliActor(), org.id, {
          id,
          resolvedOn: options.on ?? todayIso(),
          resolution: options.resolution ?? null,
        }),
      );
      if (opts.json) printJson(f);
      else printLines(`finding ${f.id} resolved on ${f.resolvedOn}`);
    });

  findings
    .command('list')
    .description('list findings, open first')
    .option('--open', 'only open findings')
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const rows = (await withOrganization(opts, (db, org) => getFindings(db, org.id))).filter(
        (f) => !options.open || !f.resolvedOn,
      );
      if (opts.json) {
        printJson(rows);
        return;
      }
      printTable(
        rows,
        [
          { header: 'ID', value: (f) => f.id },
          { header: 'SEVERITY', value: (f) => f.severity },
          { header: 'STATE', value: (f) => (f.resolvedOn ? `resolved ${f.resolvedOn}` : 'open') },
          { header: 'DUE', value: (f) => f.dueOn },
          { header: 'OWNER', value: (f) => f.ownerEmail },
          { header: 'CONTROLS', value: (f) => f.controls.map((c) => c.code).join(', ') },
          { header: 'TITLE', value: (f) => f.title, max: 60 },
        ],
        'no findings',
      );
    });
}
