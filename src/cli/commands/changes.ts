import { type Command, InvalidArgumentError } from '@commander-js/extra-typings';
import { importChanges } from '../../modules/changes/changes.import.js';
import type { ChangeView, ReleaseView } from '../../modules/changes/changes.schema.js';
import { getChange, listChanges, listReleases } from '../../modules/changes/changes.service.js';
import { boundHeapGrowth, HEAP_GROWTH } from '../../platform/heap.js';
import { cliActor, type GlobalOptions, storesOf, withOrganization } from '../context.js';
import { printJson, printLines, printTable } from '../output.js';

const IMPORT_HELP = [
  '',
  'DIR is a directory of GitHub REST answers (`gh api --paginate` output) of one repository:',
  '  pulls.json                     /repos/{o}/{r}/pulls?state=closed',
  '  reviews/<number>.json          /repos/{o}/{r}/pulls/{number}/reviews (every merged PR)',
  '  check-runs/<sha>.json          /repos/{o}/{r}/commits/{head sha}/check-runs (every merged PR)',
  '  deployments.json               /repos/{o}/{r}/deployments',
  '  deployment-statuses/<id>.json  /repos/{o}/{r}/deployments/{id}/statuses',
  '  commits.json                   /repos/{o}/{r}/commits (the default branch)',
  '  releases.json                  /repos/{o}/{r}/releases (releases when there are no deployments)',
  "  git-log.tsv                    git log --first-parent --format='%H%x09%an%x09%ae%x09%aI%x09%s'",
  'or FILE one of them alone. A release is a successful deployment to an environment matching',
  '--production-env; its changes are the commits after the previous release up to its own.',
  'The release log is kept as evidence (CM-04-E1, CM-02-E2, CM-03-E2, CM-05-E1). The same export',
  'twice changes nothing; a bad record aborts the whole import with its file, line and JSON path.',
].join('\n');

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number of days');
  return Number(value);
}

const day = (iso: string) => iso.slice(0, 10);

function approvalText(c: ChangeView): string {
  const who = c.approvers.length > 0 ? ` by ${c.approvers.join(', ')}` : '';
  return `${c.approval}${who}`;
}

function flags(c: ChangeView): string {
  return c.findings.map((f) => f.rule).join(', ');
}

/** `auditready changes import|list|show` and `auditready releases list`. */
export function registerChanges(program: Command<[], GlobalOptions>): void {
  const changes = program
    .command('changes')
    .description('changes to production code (merged pull requests, direct pushes) and their approval');

  changes
    .command('import')
    .description('import a repository’s pull requests, reviews, checks, deployments and commits')
    .argument('<location>', 'export directory (or one file of it)')
    .option('--repo <owner/name>', 'the repository, when the files do not name it')
    .option('--default-branch <name>', 'the default branch (default: what the pull requests say, else main)')
    .option('--production-env <regex>', 'environment names of production (default production|prod)')
    .option('--emergency-label <label>', 'the label of emergency changes (default emergency)')
    .option(
      '--retro-days <n>',
      'days an emergency change has for its retrospective approval (default 5)',
      wholeNumber,
    )
    .option(
      '--required-check <name...>',
      'check names that must pass (default: at least one check, none failing)',
    )
    .option('--at <date>', 'judge at this date (default: today)')
    .addHelpText('after', IMPORT_HELP)
    .action(async (location, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      // A batch job like `auditready import`: keep the heap close to what it holds (src/platform/heap.ts); it
      // holds the export until it writes, so the heap may grow further between collections than a stream's.
      boundHeapGrowth(HEAP_GROWTH.holding);
      const result = await withOrganization(opts, (database, org) =>
        importChanges(storesOf(opts, database), cliActor(), org.id, {
          location,
          input: {
            ...(options.repo ? { repository: options.repo } : {}),
            ...(options.defaultBranch ? { defaultBranch: options.defaultBranch } : {}),
            ...(options.productionEnv !== undefined ? { productionEnv: options.productionEnv } : {}),
            ...(options.emergencyLabel ? { emergencyLabel: options.emergencyLabel } : {}),
            ...(options.retroDays !== undefined ? { retroDays: options.retroDays } : {}),
            ...(options.requiredCheck ? { requiredChecks: options.requiredCheck } : {}),
          },
          ...(options.at ? { at: options.at } : {}),
        }),
      );
      if (opts.json) return printJson(result);
      const c = result.counts;
      printLines(
        result.status === 'unchanged'
          ? `${result.repository}: unchanged (the same export was imported already: ${result.importId})`
          : `${result.repository}: imported ${c.pulls} merged pull requests (${c.reviews} reviews, ${c.checkRuns} check runs), ${c.commits} commits, ${c.deployments} deployments`,
        `  ${c.releases} production releases, ${c.changes} changes; findings: ${c.findingsOpened} opened, ${c.findingsResolved} resolved, ${c.findingsUpdated} updated`,
        `  evidence: ${result.evidenceIds.length} requirement(s)`,
      );
    });

  changes
    .command('list')
    .description('changes, newest first, with their approval, checks and findings')
    .option('--repo <owner/name>', 'only this repository')
    .option('--from <date>', 'on or after this day')
    .option('--to <date>', 'on or before this day')
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const rows = await withOrganization(opts, (database, org) =>
        listChanges(database, org.id, { repository: options.repo, from: options.from, to: options.to }),
      );
      if (opts.json) return printJson(rows);
      printTable(
        rows,
        [
          { header: 'DAY', value: (c) => day(c.occurredAt) },
          { header: 'CHANGE', value: (c) => c.label },
          { header: 'AUTHOR', value: (c) => c.author, max: 20 },
          { header: 'APPROVAL', value: approvalText, max: 40 },
          { header: 'CHECKS', value: (c) => c.checks },
          { header: 'FINDINGS', value: flags },
          { header: 'TITLE', value: (c) => `${c.emergency ? '[emergency] ' : ''}${c.title}`, max: 60 },
        ],
        'no changes imported (auditready changes import DIR)',
      );
    });

  changes
    .command('show')
    .description('one change: reviews, checks, release and findings')
    .argument('<id>', 'change id or label (owner/repo#412, owner/repo@abc1234)')
    .action(async (id, _options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const c = await withOrganization(opts, (database, org) => getChange(database, org.id, id));
      if (opts.json) return printJson(c);
      printLines(
        `${c.label} — ${c.title}`,
        `  id         ${c.id}`,
        `  kind       ${c.kind === 'pull' ? 'pull request' : 'commit pushed without a pull request'}${c.emergency ? ' (emergency)' : ''}`,
        `  author     ${c.author}`,
        `  merged     ${c.occurredAt}`,
        `  approval   ${approvalText(c)}`,
        `  checks     ${c.checks}${c.checkRuns ? ` (${c.checkRuns.map((r) => `${r.name}: ${r.conclusion ?? r.status}`).join(', ') || 'none'})` : ''}`,
        `  release    ${c.release ? `${c.release.label} at ${c.release.deployedAt}` : 'not released yet'}`,
        ...(c.url ? [`  url        ${c.url}`] : []),
        '',
        'reviews:',
        ...(c.reviews.length === 0
          ? ['  none']
          : c.reviews.map((r) => `  ${r.submittedAt ?? '?'}  ${r.state.padEnd(17)} ${r.reviewer}`)),
        '',
        'findings:',
        ...(c.findings.length === 0
          ? ['  none']
          : c.findings.map(
              (f) =>
                `  ${f.resolvedOn ? `resolved ${f.resolvedOn}` : `OPEN since ${f.openedOn}`}  ${f.severity.padEnd(8)} ${f.rule}\n    ${f.message ?? ''}`,
            )),
      );
    });

  program
    .command('releases')
    .description('production releases and the changes each shipped')
    .command('list')
    .description('releases, newest first, each with its changes')
    .option('--repo <owner/name>', 'only this repository')
    .option('--from <date>', 'on or after this day')
    .option('--to <date>', 'on or before this day')
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const rows = await withOrganization(opts, (database, org) =>
        listReleases(database, org.id, { repository: options.repo, from: options.from, to: options.to }),
      );
      if (opts.json) return printJson(rows);
      if (rows.length === 0)
        return printLines('no production releases imported (auditready changes import DIR)');
      const lines: string[] = [];
      for (const r of rows as ReleaseView[]) {
        const bad = r.changes.filter((c) => c.findings.length > 0).length;
        lines.push(
          `${r.deployedAt.slice(0, 16).replace('T', ' ')}  ${r.label}  ${r.environment}  ${r.changes.length} change(s)${bad ? `, ${bad} with findings` : ''}`,
        );
        if (r.emptyReason) lines.push(`    ! no change: ${r.emptyReason}`);
        for (const c of r.changes) {
          lines.push(
            `    ${c.findings.length > 0 ? '!' : ' '} ${c.label.padEnd(36)} ${approvalText(c).padEnd(28)} checks ${c.checks.padEnd(12)} ${flags(c)}`.trimEnd(),
          );
        }
      }
      printLines(...lines);
    });
}
