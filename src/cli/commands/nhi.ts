import type { Command } from '@commander-js/extra-typings';
import { NHI_SEVERITIES } from '../../core/nhi/index.js';
import { nhiAccountOf, viaParentWords } from '../../core/nhi/scope-words.js';
import {
  getNhi,
  getNhiThresholds,
  listNhiFindings,
  listNhis,
  setNhiThresholds,
} from '../../modules/nhi/inventory/nhi.service.js';
import { assignNhiOwner } from '../../modules/nhi/inventory/owner.service.js';
import { nhiEventProofs } from '../../modules/nhi/inventory/proof.service.js';
import { reviewNhi } from '../../modules/nhi/inventory/review.service.js';
import type { NhiDetail, NhiFindingView, NhiRecord } from '../../modules/nhi/nhi.schema.js';
import { AppError } from '../../platform/errors.js';
import { cliActor, type GlobalOptions, withOrganization } from '../context.js';
import { printJson, printLines, printTable } from '../output.js';

const day = (iso: string | null) => iso?.slice(0, 10) ?? '';

function ownerOf(n: NhiRecord): string {
  if (n.owner) return n.owner.status === 'departed' ? `${n.owner.email} (departed)` : n.owner.email;
  if (n.ownerHint) return `? ${n.ownerHint}`;
  return n.parentExternalId ? viaParentWords(n.kind, n.parentExternalId) : '';
}

/** The legend of the owner column's `?`, printed under a list that shows one. */
const OWNER_HINT_LEGEND =
  '? = the export names this owner (a tag, label or "added by"), but nobody in the roster matches it: assign an owner (`auditready nhi assign`) or add them to the roster';

/** The order `nhi findings` prints in: open first, then by severity (critical first), then newest. */
export function sortFindingsBySeverity(rows: readonly NhiFindingView[]): NhiFindingView[] {
  const rank = (s: string) => -NHI_SEVERITIES.indexOf(s as (typeof NHI_SEVERITIES)[number]);
  return [...rows].sort(
    (a, b) =>
      Number(a.resolvedOn !== null) - Number(b.resolvedOn !== null) ||
      rank(a.severity) - rank(b.severity) ||
      b.openedOn.localeCompare(a.openedOn) ||
      a.findingId.localeCompare(b.findingId),
  );
}

function cis(f: NhiFindingView): string {
  return f.cis
    .map((c) => `${c.benchmark.replace(/^CIS /, '').replace(/ Benchmark$/, '')} v${c.version} ${c.control}`)
    .join('; ');
}

function showDetail(n: NhiDetail): void {
  printLines(
    `${n.name} — ${n.kind} (${n.provider}), ${n.status}`,
    `  id            ${n.id}`,
    `  external id   ${n.externalId}`,
    ...(n.parentExternalId ? [`  belongs to    ${n.parent?.name ?? n.parentExternalId}`] : []),
    ...(n.children.length > 0
      ? [`  holds         ${n.children.map((c) => `${c.kind} ${c.name} (${c.status})`).join(', ')}`]
      : []),
    `  owner         ${ownerOf(n) || 'nobody'}${n.owner ? ` (${n.owner.source})` : ''}${n.ownerHint && n.owner ? `; the export says ${n.ownerHint}` : ''}`,
    `  environment   ${n.environment ?? 'unknown'}`,
    `  privileges    ${n.privilegeSummary ?? 'unknown'}${n.privileged ? ' (privileged)' : ''}`,
    `  auth          ${n.authMethod}`,
    `  created ${day(n.createdAt) || '?'}, last used ${day(n.lastUsedAt) || 'never/unknown'}, rotated ${day(n.lastRotatedAt) || '?'}, expires ${day(n.expiresAt) || 'never/unknown'}`,
    `  seen by       ${n.sources.map((s) => `${s.source} (${day(s.observedAt)})`).join(', ')}`,
    '',
    'lifecycle:',
    ...n.events.map(
      (e) =>
        `  ${e.at.slice(0, 19).replace('T', ' ')}  ${e.type.padEnd(13)} ${JSON.stringify(e.details)}${e.source ? `  [${e.source}]` : ''}`,
    ),
    '',
    'findings:',
    ...(n.findings.length === 0
      ? ['  none']
      : n.findings.map(
          (f) =>
            `  ${f.resolvedOn ? `resolved ${f.resolvedOn}` : `OPEN since ${f.openedOn}`}  ${f.severity.padEnd(8)} ${f.rule}  [${[...f.owasp, ...f.soc2].join(', ')}]\n    ${f.message ?? ''}`,
        )),
    ...(n.leaks.length > 0
      ? [
          '',
          'leaks:',
          ...n.leaks.map(
            (l) => `  ${l.status.padEnd(8)} ${l.scanner} ${l.rule} ${JSON.stringify(l.location)}`,
          ),
        ]
      : []),
    ...(n.workloadLinks.length > 0
      ? [
          '',
          'workload identity:',
          ...n.workloadLinks.map(
            (l) => `  ${l.provider} ${l.reference}${l.targetId ? '' : ' (not in the inventory)'}`,
          ),
        ]
      : []),
  );
}

/** Parses `key=value` settings of `nhi thresholds --set` (values are whole numbers). */
function settings(pairs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of pairs) {
    const m = /^([A-Za-z]+)=(-?\d+)$/.exec(pair.trim());
    if (!m) throw new AppError('invalid_input', `--set ${pair}: expected key=number, e.g. rotationDays=60`);
    out[m[1]!] = Number(m[2]);
  }
  return out;
}

/** `auditready nhi list|show|findings|assign|review|thresholds`: the non-human identity inventory. */
export function registerNhi(program: Command<[], GlobalOptions>): void {
  const nhi = program
    .command('nhi')
    .description('the non-human identity inventory: list, show, findings, owners, reviews, thresholds');

  nhi
    .command('list')
    .description('list service accounts, keys, tokens, apps and secrets')
    .option('--kind <kind>', 'only this kind (access-key, role, github-pat …)')
    .option(
      '--provider <provider>',
      'only this provider (aws, gcp, azure, kubernetes, github, okta, auditready)',
    )
    .option('--orphaned', 'only identities without an active owner')
    .option('--finding <rule>', 'only identities with an open finding of this rule (e.g. rotation-overdue)')
    .option('--all', 'include deleted identities')
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const rows = await withOrganization(opts, (db, org) => listNhis(db, org.id, options));
      if (opts.json) {
        printJson(rows);
        return;
      }
      printTable(
        rows,
        [
          { header: 'ID', value: (n) => n.id },
          { header: 'KIND', value: (n) => n.kind },
          { header: 'PROVIDER', value: (n) => n.provider },
          { header: 'ACCOUNT', value: (n) => nhiAccountOf(n) ?? '', max: 28 },
          { header: 'NAME', value: (n) => n.name, max: 40 },
          { header: 'OWNER', value: ownerOf, max: 36 },
          { header: 'ENV', value: (n) => n.environment },
          { header: 'STATUS', value: (n) => n.status },
          {
            header: 'FINDINGS',
            value: (n) => n.openFindings.map((r) => r.replace(/^nhi-/, '')).join(', '),
            max: 48,
          },
        ],
        'no identities: import an export with `auditready import <kind> FILE` (see `auditready import --help`)',
      );
      if (rows.some((n) => !n.owner && n.ownerHint)) printLines('', OWNER_HINT_LEGEND);
    });

  nhi
    .command('show')
    .description('one identity with its lifecycle history, findings and leaks')
    .argument('<id>', 'identity id (or a unique prefix) or its exact external id')
    .option(
      '--proof',
      'print (as JSON) an RFC 6962 inclusion proof of each lifecycle event in the ledger entry of the import or refresh that wrote it (docs/decisions/0032)',
    )
    .action(async (id, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      if (options.proof) {
        printJson(await withOrganization(opts, (db, org) => nhiEventProofs(db, org.id, id)));
        return;
      }
      const detail = await withOrganization(opts, (db, org) => getNhi(db, org.id, id));
      if (opts.json) printJson(detail);
      else showDetail(detail);
    });

  nhi
    .command('findings')
    .description('open findings of the NHI rules, with their OWASP NHI Top 10, CIS and SOC 2 tags')
    .option('--all', 'include resolved findings')
    .option('--sort <order>', 'severity (open first, critical first) or opened (newest first)', 'severity')
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      if (options.sort !== 'severity' && options.sort !== 'opened')
        throw new AppError('invalid_input', `--sort ${options.sort}: expected severity or opened`, {
          field: 'sort',
        });
      const listed = await withOrganization(opts, (db, org) =>
        listNhiFindings(db, org.id, { all: options.all }),
      );
      const rows = options.sort === 'severity' ? sortFindingsBySeverity(listed) : listed;
      if (opts.json) {
        printJson(rows);
        return;
      }
      printTable(
        rows,
        [
          { header: 'SEVERITY', value: (f) => f.severity },
          { header: 'RULE', value: (f) => f.rule.replace(/^nhi-/, '') },
          { header: 'IDENTITY', value: (f) => `${f.nhi.kind} ${f.nhi.name}`, max: 44 },
          { header: 'OWASP', value: (f) => f.owasp.join(' ') },
          { header: 'SOC 2', value: (f) => f.soc2.join(' ') },
          { header: 'CIS', value: cis, max: 40 },
          { header: 'CONTROLS', value: (f) => f.controls.join(' ') },
          {
            header: 'STATUS',
            value: (f) => (f.resolvedOn ? `resolved ${f.resolvedOn}` : `open since ${f.openedOn}`),
          },
        ],
        'no open NHI findings',
      );
    });

  nhi
    .command('assign')
    .description(
      'make a person of the roster the owner of one identity, or of every identity matching --match',
    )
    .argument('<id-or-email>', 'identity id (or external id), or the owner e-mail when --match is given')
    .argument('[email]', 'the owner e-mail')
    .option('--match <pattern>', 'a glob on names and external ids (`svc-*`, `*/payments/*`)')
    .action(async (first, second, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const target = options.match
        ? { match: options.match, ownerEmail: second === undefined ? first : '' }
        : { id: first, ownerEmail: second ?? '' };
      if (options.match && second !== undefined)
        throw new AppError('invalid_input', 'with --match, give only the owner e-mail');
      if (!target.ownerEmail) throw new AppError('invalid_input', 'give the owner e-mail');
      const result = await withOrganization(opts, (db, org) =>
        assignNhiOwner(db, cliActor(), org.id, target),
      );
      if (opts.json) printJson(result);
      else
        printLines(
          `${result.owner.email} owns ${result.matched} identit${result.matched === 1 ? 'y' : 'ies'} (${result.changed} changed); findings resolved: ${result.refresh.findingsResolved}`,
        );
    });

  nhi
    .command('review')
    .description('record that you reviewed identities (should they exist, with these grants and this owner?)')
    .argument('<id...>', 'identity ids (or unique prefixes) or exact external ids')
    .option('--note <text>', 'what was decided, e.g. "scopes still needed for the release pipeline"')
    .action(async (ids, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const result = await withOrganization(opts, (db, org) =>
        reviewNhi(db, cliActor(), org.id, { ids, note: options.note }),
      );
      if (opts.json) printJson(result);
      else
        printLines(
          `reviewed ${result.reviewed} identit${result.reviewed === 1 ? 'y' : 'ies'} at ${result.at}${result.note ? ` (${result.note})` : ''}; findings resolved: ${result.refresh.findingsResolved}`,
        );
    });

  nhi
    .command('thresholds')
    .description('show (or --set) the thresholds of the NHI rules for this organization')
    .option(
      '--set <key=value>',
      'override one threshold (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const result = await withOrganization(opts, (db, org) =>
        options.set.length > 0
          ? setNhiThresholds(db, cliActor(), org.id, settings(options.set))
          : getNhiThresholds(db, org.id),
      );
      if (opts.json) {
        printJson(result);
        return;
      }
      printTable(
        Object.entries(result.effective).map(([key, value]) => ({
          key,
          value,
          set: key in result.overrides,
        })),
        [
          { header: 'THRESHOLD', value: (t) => t.key },
          { header: 'VALUE', value: (t) => t.value },
          { header: 'SOURCE', value: (t) => (t.set ? 'organization' : 'default') },
        ],
        'no thresholds',
      );
    });
}
