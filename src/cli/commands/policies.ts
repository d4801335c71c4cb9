import { createReadStream, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import type { PolicyView } from '../../modules/policies/policy.schema.js';
import { getPolicy, listPolicies, refreshPolicies } from '../../modules/policies/policy.service.js';
import { importAcknowledgements } from '../../modules/policies/policy-acknowledgement.service.js';
import {
  addPolicyVersion,
  approvePolicy,
  createPolicy,
} from '../../modules/policies/policy-version.service.js';
import { AppError } from '../../platform/errors.js';
import { cliActor, type GlobalOptions, storesOf, withOrganization } from '../context.js';
import { printJson, printLines, printTable } from '../output.js';

function readText(file: string): string {
  if (!existsSync(file)) throw new AppError('not_found', `file ${file} not found`);
  return readFileSync(file, 'utf8');
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function printPolicy(p: PolicyView): void {
  printLines(
    `policy ${p.key}: ${p.title}`,
    `owner ${p.owner?.email ?? '-'}, approver ${p.approver?.email ?? '-'}, review ${p.reviewCadence}${p.reviewDueOn ? ` (due ${p.reviewDueOn}${p.reviewOverdue ? ', OVERDUE' : ''})` : ''}`,
    `in force: ${p.current ? `version ${p.current.version}, approved on ${p.current.approvedOn} by ${p.current.approvedBy ?? '-'}` : 'none (not approved)'}; latest version ${p.latestVersion}`,
    `governs: ${p.controls.map((c) => c.code).join(', ') || '-'}`,
    `acknowledged: ${p.acknowledged} of ${p.asked} asked (${p.overdue} overdue)`,
    '',
  );
  printTable(
    p.teams,
    [
      { header: 'TEAM', value: (t) => t.team ?? '(no team)' },
      { header: 'ACKNOWLEDGED', value: (t) => `${t.acknowledged}/${t.asked}` },
      { header: 'SHARE', value: (t) => `${Math.round(t.share * 100)}%` },
    ],
    'nobody is asked yet',
  );
  printLines('', 'versions:');
  printTable(
    p.versions,
    [
      { header: 'VERSION', value: (v) => v.version },
      { header: 'WRITTEN', value: (v) => v.createdOn },
      {
        header: 'APPROVED',
        value: (v) => (v.approvedOn ? `${v.approvedOn} by ${v.approvedBy ?? '-'}` : 'draft'),
      },
      { header: 'SHA-256', value: (v) => v.sha256.slice(0, 16) },
      { header: 'SUMMARY', value: (v) => v.summary ?? '', max: 60 },
    ],
    '',
  );
}

/** `auditready policies …`: policies, versions, approvals and acknowledgement imports. */
export function registerPolicies(program: Command<[], GlobalOptions>): void {
  const policies = program.command('policies').description('policies, their versions and acknowledgements');

  policies
    .command('add')
    .description('add a policy with its first version (a Markdown file), a draft until approved')
    .argument('<key>', 'a short stable name (acceptable-use)')
    .argument('<file>', 'the Markdown file')
    .requiredOption('--title <title>', 'the title')
    .requiredOption('--owner <email>', 'the owner')
    .option('--approver <email>', 'the person who approves its versions')
    .option('--cadence <cadence>', 'the review cadence', 'annual')
    .option('--control <code>', 'a control it governs (repeat for more)', collect)
    .option('--summary <text>', 'a note on this version')
    .action(async (key, file, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const created = await withOrganization(opts, (db, org) =>
        createPolicy(storesOf(opts, db), cliActor(), org.id, {
          key,
          title: options.title,
          owner: options.owner,
          approver: options.approver ?? null,
          reviewCadence: options.cadence,
          controls: options.control ?? [],
          text: readText(file),
          summary: options.summary ?? null,
        }),
      );
      if (opts.json) printJson(created);
      else
        printLines(
          `added policy ${created.key}, version 1 (draft: approve it with \`policies approve ${created.key}\`)`,
        );
    });

  policies
    .command('version')
    .description('add a new version of a policy from a Markdown file (a draft until approved)')
    .argument('<policy>', 'the policy key or id')
    .argument('<file>', 'the Markdown file')
    .option('--summary <text>', 'what changed')
    .action(async (policy, file, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const updated = await withOrganization(opts, (db, org) =>
        addPolicyVersion(storesOf(opts, db), cliActor(), org.id, policy, {
          text: readText(file),
          summary: options.summary ?? null,
        }),
      );
      if (opts.json) printJson(updated);
      else printLines(`${updated.key}: version ${updated.latestVersion} added (draft)`);
    });

  policies
    .command('approve')
    .description(
      'approve a version (the latest unless named): it comes into force and everyone is asked again',
    )
    .argument('<policy>', 'the policy key or id')
    .option('--version <n>', 'the version to approve')
    .option('--approver <email>', 'who approves (default: the policy’s approver)')
    .option('--on <date>', 'the approval date (default: today)')
    .action(async (policy, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const approved = await withOrganization(opts, (db, org) =>
        approvePolicy(storesOf(opts, db), cliActor(), org.id, policy, {
          ...(options.version ? { version: Number(options.version) } : {}),
          ...(options.approver ? { approver: options.approver } : {}),
          ...(options.on ? { approvedOn: options.on } : {}),
        }),
      );
      if (opts.json) printJson(approved);
      else
        printLines(
          `${approved.key}: version ${approved.current?.version} approved on ${approved.current?.approvedOn} by ${approved.current?.approvedBy}; ${approved.asked} people asked to acknowledge it`,
        );
    });

  policies
    .command('list')
    .description('policies with their version in force and acknowledgement progress')
    .action(async (_options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const rows = await withOrganization(opts, (db, org) => listPolicies(db, org.id));
      if (opts.json) return printJson(rows);
      printTable(
        rows,
        [
          { header: 'KEY', value: (p) => p.key },
          { header: 'TITLE', value: (p) => p.title, max: 40 },
          { header: 'OWNER', value: (p) => p.owner?.email ?? '' },
          {
            header: 'IN FORCE',
            value: (p) => (p.current ? `v${p.current.version} (${p.current.approvedOn})` : 'not approved'),
          },
          {
            header: 'REVIEW DUE',
            value: (p) => (p.reviewDueOn ? `${p.reviewDueOn}${p.reviewOverdue ? ' OVERDUE' : ''}` : ''),
          },
          { header: 'ACKNOWLEDGED', value: (p) => `${p.acknowledged}/${p.asked}` },
          { header: 'OVERDUE', value: (p) => p.overdue },
        ],
        'no policies yet',
      );
    });

  policies
    .command('show')
    .description('one policy: its versions, who is asked and the share per team')
    .argument('<policy>', 'the policy key or id')
    .option('--text', 'print the text of the version in force (else the latest)')
    .action(async (policy, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const shown = await withOrganization(opts, (db, org) => getPolicy(storesOf(opts, db), org.id, policy));
      if (opts.json) return printJson(shown);
      if (options.text) {
        const version = shown.versions.find((v) => v.id === shown.current?.id) ?? shown.versions[0]!;
        process.stdout.write(version.text);
        return;
      }
      printPolicy(shown);
    });

  policies
    .command('refresh')
    .description('bring the policy rule findings up to date (overdue reviews and acknowledgements)')
    .action(async (_options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const result = await withOrganization(opts, (db, org) => refreshPolicies(db, cliActor(), org.id));
      if (opts.json) printJson(result);
      else printLines(`findings: ${result.findingsOpened} opened, ${result.findingsResolved} resolved`);
    });

  const ack = policies.command('ack').description('acknowledgements of policies');
  ack
    .command('import')
    .description(
      'import acknowledgements from an HR or LMS export (CSV email,policy,version,acknowledged_at), all or nothing',
    )
    .argument('<file>', 'the CSV file')
    .action(async (file, _options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      if (!existsSync(file)) throw new AppError('not_found', `file ${file} not found`);
      const result = await withOrganization(opts, (db, org) =>
        importAcknowledgements(storesOf(opts, db), cliActor(), org.id, {
          file: path.basename(file),
          input: createReadStream(file),
        }),
      );
      if (opts.json) printJson(result);
      else
        printLines(
          `${result.status}: ${result.rows} row(s), ${result.added} acknowledgement(s) added, ${result.alreadyStored} already stored`,
        );
    });
}
