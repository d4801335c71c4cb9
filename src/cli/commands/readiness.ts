import type { Command } from '@commander-js/extra-typings';
import type { ControlReadiness, ReadinessResult, ReadinessStatus } from '../../core/readiness/index.js';
import { getReadiness } from '../../modules/readiness/readiness.service.js';
import { type GlobalOptions, withOrganization } from '../context.js';
import { printJson, printLines } from '../output.js';

const ORDER: ReadinessStatus[] = ['gap', 'at-risk', 'excepted', 'ready', 'not-applicable'];
const HEADINGS: Record<ReadinessStatus, string> = {
  gap: 'GAPS — fix these first',
  'at-risk': 'AT RISK — act before they become gaps',
  excepted: 'EXCEPTED — covered by an approved exception',
  ready: 'READY',
  'not-applicable': 'NOT APPLICABLE',
};

function pct(score: number | null): string {
  return score === null ? '-' : `${Math.round(score * 100)}%`;
}

function controlLines(c: ControlReadiness, detailed: boolean): string[] {
  const who = c.unowned
    ? `${c.ownerName ?? 'nobody active'}: unowned — assigned to the lead`
    : (c.ownerName ?? 'no owner');
  const head = `  ${c.code.padEnd(8)} ${c.title}  [${who}]`;
  if (!detailed) return [head];
  return [
    head,
    ...c.reasons.map((r) => {
      const who = r.ownerName ?? 'unassigned';
      const due = r.dueOn ? `due ${r.dueOn}` : 'no date';
      const excepted = r.exceptedBy ? ` (excepted by ${r.exceptedBy})` : '';
      const mark = r.severity === 'gap' ? '✗' : r.severity === 'at-risk' ? '!' : '·';
      return `      ${mark} ${r.message}${excepted} — ${who}, ${due}`;
    }),
  ];
}

/** Renders a readiness result as the grouped, actionable text report. */
export function formatReadiness(result: ReadinessResult): string {
  const s = result.summary;
  const lines = [
    `Readiness on ${result.at}${result.engagementId ? ` for engagement ${result.engagementId}` : ' (no engagement: every control in scope)'}`,
    `controls: ${s.controls.gap} gap, ${s.controls['at-risk']} at risk, ${s.controls.excepted} excepted, ${s.controls.ready} ready, ${s.controls['not-applicable']} not applicable — ${pct(s.controlScore)} ready`,
    s.criteria
      ? `SOC 2 criteria: ${s.criteria.ready} ready, ${s.criteria.gap} gap, ${s.criteria.unmapped} unmapped — ${pct(s.criteriaScore)} ready`
      : '',
  ].filter(Boolean);
  for (const status of ORDER) {
    const controls = result.controls.filter((c) => c.status === status);
    if (controls.length === 0) continue;
    lines.push('', `${HEADINGS[status]} (${controls.length})`);
    for (const c of controls) lines.push(...controlLines(c, status !== 'ready'));
  }
  return lines.join('\n');
}

/** `auditready readiness [--at DATE] [--engagement ID | --no-engagement] [--json]`. */
export function registerReadiness(program: Command<[], GlobalOptions>): void {
  program
    .command('readiness')
    .description('what is ready, at risk or missing, who owns it and by when')
    .option('--at <date>', 'the date to assess (default: today)')
    .option('--engagement <id>', 'engagement id (default: the latest)')
    .option('--no-engagement', 'assess without any engagement: every control in scope, no audit plan')
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      // --no-engagement sets the option to false; an id is a string; neither leaves the latest engagement.
      const engagement = options.engagement;
      const result = await withOrganization(opts, (db, org) =>
        getReadiness(db, org.id, {
          ...(options.at ? { at: options.at } : {}),
          ...(engagement === false ? { engagementId: null } : {}),
          ...(typeof engagement === 'string' ? { engagementId: engagement } : {}),
        }),
      );
      if (opts.json) printJson(result);
      else printLines(formatReadiness(result));
    });
}
