import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from '@commander-js/extra-typings';
import { ACCOUNT_LIST_FORMATS } from '../../core/access-reviews/account-list-formats.js';
import type { CampaignView } from '../../modules/access-reviews/access-review.schema.js';
import {
  createCampaign,
  getCampaign,
  listCampaigns,
} from '../../modules/access-reviews/access-review.service.js';
import {
  closeFollowUpWithEvidence,
  completeCampaign,
} from '../../modules/access-reviews/access-review-completion.service.js';
import { decideItems, importDecisions } from '../../modules/access-reviews/access-review-decision.service.js';
import { importAccountList } from '../../modules/access-reviews/access-review-import.service.js';
import { refreshAccessReviews } from '../../modules/access-reviews/access-review-refresh.service.js';
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

function printCampaign(c: CampaignView): void {
  printLines(
    `access review ${c.id} of ${c.system}: ${c.status}${c.completedOn ? ` on ${c.completedOn}` : ''}, due ${c.dueOn}${c.overdue ? ' (OVERDUE)' : ''}`,
    `reviewers: ${c.reviewers.map((r) => r.email).join(', ')}; ${c.decided} of ${c.total} decided (${c.revoked} revoke, ${c.changed} change)`,
    '',
  );
  printTable(
    c.items,
    [
      { header: 'TYPE', value: (i) => i.subjectType },
      { header: 'SUBJECT', value: (i) => i.subject, max: 60 },
      { header: 'ACCESS', value: (i) => i.access, max: 40 },
      { header: 'DECISION', value: (i) => i.decision ?? '-' },
      { header: 'BY', value: (i) => i.decidedBy ?? '' },
      { header: 'COMMENT', value: (i) => i.comment ?? '', max: 40 },
    ],
    'no items',
  );
  if (c.followUps.length > 0) {
    printLines('', 'follow-ups:');
    printTable(
      c.followUps,
      [
        { header: 'ID', value: (f) => f.id },
        { header: 'SUBJECT', value: (f) => f.subject, max: 60 },
        { header: 'ACTION', value: (f) => f.action },
        { header: 'OWNER', value: (f) => f.ownerEmail ?? '' },
        { header: 'DUE', value: (f) => f.dueOn },
        { header: 'CLOSED', value: (f) => (f.closedOn ? `${f.closedOn} (${f.closedBy})` : 'open') },
      ],
      '',
    );
  }
}

/** `auditready access-reviews …`: account lists, campaigns, decisions, completion and follow-ups. */
export function registerAccessReviews(program: Command<[], GlobalOptions>): void {
  const reviews = program
    .command('access-reviews')
    .description('access reviews of people accounts and non-human identities');

  const accounts = reviews.command('accounts').description('account lists of the reviewed systems');
  accounts
    .command('import')
    .description(
      'import an account list of one system, all or nothing: a CSV (system,account,email,role,last_login), an Okta users export (GET /api/v1/users) or a GitHub organization members export (GET /orgs/{org}/members with each /orgs/{org}/memberships/{user})',
    )
    .argument('<file>', 'the CSV or JSON file')
    .requiredOption('--system <name>', 'the system the list is of')
    .addOption(
      new Option('--format <format>', 'the file format (default: told from the content)').choices(
        ACCOUNT_LIST_FORMATS,
      ),
    )
    .option('--as-of <date>', 'the date the list describes (default: today)')
    .action(async (file, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const result = await withOrganization(opts, (db, org) =>
        importAccountList(storesOf(opts, db), cliActor(), org.id, {
          system: options.system,
          file: path.basename(file),
          input: readable(file),
          ...(options.asOf ? { asOf: options.asOf } : {}),
          ...(options.format ? { format: options.format } : {}),
        }),
      );
      if (opts.json) printJson(result);
      else
        printLines(
          `${result.status}: ${result.accounts} accounts of ${result.system} as of ${result.asOf} (${result.matchedPeople} joined to people), ${result.followUpsClosed} follow-up(s) closed; read as ${result.format}`,
        );
    });

  reviews
    .command('create')
    .description('open a campaign over the latest account list of a system and/or the NHIs of a provider')
    .requiredOption('--system <name>', 'the system reviewed')
    .requiredOption('--reviewer <email>', 'a reviewer (repeat for more)', collect)
    .requiredOption('--due <date>', 'the due date')
    .option('--cadence <cadence>', 'the cadence', 'quarterly')
    .option('--nhi-provider <provider>', 'also review the active NHIs of this provider')
    .option('--nhi-kind <kind>', 'only NHIs of this kind')
    .option('--no-accounts', 'review only NHIs, not the people accounts')
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const created = await withOrganization(opts, (db, org) =>
        createCampaign(db, cliActor(), org.id, {
          system: options.system,
          reviewers: options.reviewer,
          dueOn: options.due,
          cadence: options.cadence,
          accounts: options.accounts,
          nhiProvider: options.nhiProvider ?? null,
          nhiKind: options.nhiKind ?? null,
        }),
      );
      if (opts.json) printJson(created);
      else
        printLines(
          `access review ${created.id} of ${created.system}: ${created.total} items, due ${created.dueOn}`,
        );
    });

  reviews
    .command('list')
    .description('campaigns with their progress')
    .action(async (_options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const rows = await withOrganization(opts, (db, org) => listCampaigns(db, org.id));
      if (opts.json) return printJson(rows);
      printTable(
        rows,
        [
          { header: 'ID', value: (c) => c.id },
          { header: 'SYSTEM', value: (c) => c.system },
          { header: 'STATUS', value: (c) => (c.overdue ? 'overdue' : c.status) },
          { header: 'DUE', value: (c) => c.dueOn },
          { header: 'DECIDED', value: (c) => `${c.decided}/${c.total}` },
          { header: 'REVOKE', value: (c) => c.revoked },
          { header: 'CHANGE', value: (c) => c.changed },
          { header: 'OPEN FOLLOW-UPS', value: (c) => c.openFollowUps },
        ],
        'no access reviews yet',
      );
    });

  reviews
    .command('show')
    .description('one campaign with its items and follow-ups')
    .argument('<id>', 'campaign id or prefix')
    .action(async (id, _options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const campaign = await withOrganization(opts, (db, org) => getCampaign(db, org.id, id));
      if (opts.json) printJson(campaign);
      else printCampaign(campaign);
    });

  reviews
    .command('decide')
    .description("record a reviewer's decision on one item (never on the reviewer's own access)")
    .argument('<id>', 'campaign id or prefix')
    .requiredOption('--item <subject>', 'the account or NHI external id (or the item id)')
    .requiredOption('--reviewer <email>', 'the reviewer named on the campaign who decides')
    .option('--keep', 'keep the access')
    .option('--revoke', 'revoke the access')
    .option('--change', 'change the access')
    .option('--comment <text>', 'why')
    .action(async (id, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const chosen = (['keep', 'revoke', 'change'] as const).filter((d) => options[d]);
      if (chosen.length !== 1)
        throw new AppError('invalid_input', 'give exactly one of --keep, --revoke, --change');
      const result = await withOrganization(opts, async (db, org) => {
        const campaign = await getCampaign(db, org.id, id);
        return decideItems(db, cliActor(), org.id, {
          campaignId: campaign.id,
          caller: { personId: null, reviewerEmail: options.reviewer, mayRecordForOthers: true },
          decisions: [{ item: options.item, decision: chosen[0], comment: options.comment ?? null }],
        });
      });
      if (opts.json) printJson(result);
      else
        printLines(
          `${options.item}: ${chosen[0]}${result.followUpsOpened > 0 ? ' (a follow-up is open)' : ''}; ${result.campaign.decided} of ${result.campaign.total} decided`,
        );
    });

  reviews
    .command('decisions')
    .description("a reviewer's spreadsheet of decisions")
    .command('import')
    .description('import decisions from CSV (subject,decision,comment), all or nothing')
    .argument('<id>', 'campaign id or prefix')
    .argument('<file>', 'the CSV file')
    .requiredOption('--reviewer <email>', 'the reviewer named on the campaign whose decisions these are')
    .action(async (id, file, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const result = await withOrganization(opts, async (db, org) => {
        const campaign = await getCampaign(db, org.id, id);
        return importDecisions(db, cliActor(), org.id, {
          campaignId: campaign.id,
          caller: { personId: null, reviewerEmail: options.reviewer, mayRecordForOthers: true },
          file: path.basename(file),
          input: readable(file),
        });
      });
      if (opts.json) printJson(result);
      else
        printLines(
          `${result.decided} decisions imported, ${result.followUpsOpened} follow-up(s) opened; ${result.campaign.decided} of ${result.campaign.total} decided`,
        );
    });

  reviews
    .command('complete')
    .description('complete a campaign whose every item is decided (its record becomes evidence)')
    .argument('<id>', 'campaign id or prefix')
    .action(async (id, _options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const done = await withOrganization(opts, (db, org) =>
        completeCampaign(storesOf(opts, db), cliActor(), org.id, id),
      );
      if (opts.json) printJson(done);
      else
        printLines(
          `access review ${done.id} of ${done.system} completed on ${done.completedOn}; ${done.openFollowUps} follow-up(s) open`,
        );
    });

  reviews
    .command('close-follow-up')
    .description('mark a revoke or change follow-up done, naming its evidence')
    .argument('<id>', 'follow-up id')
    .requiredOption('--reference <text>', 'the ticket or change that did it')
    .action(async (id, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const f = await withOrganization(opts, (db, org) =>
        closeFollowUpWithEvidence(storesOf(opts, db), cliActor(), org.id, {
          followUpId: id,
          reference: options.reference,
        }),
      );
      if (opts.json) printJson(f);
      else printLines(`follow-up of ${f.subject} closed on ${f.closedOn}`);
    });

  reviews
    .command('refresh')
    .description('close NHI follow-ups the inventory proves done, and bring the rule findings up to date')
    .action(async (_options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const r = await withOrganization(opts, (db, org) =>
        refreshAccessReviews(storesOf(opts, db), cliActor(), org.id),
      );
      if (opts.json) printJson(r);
      else
        printLines(
          `${r.followUpsClosed} follow-up(s) closed, ${r.findingsOpened} finding(s) opened, ${r.findingsResolved} resolved`,
        );
    });
}
