import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import { parseEffective } from '../../core/dates.js';
import { planFigures } from '../../core/plan/index.js';
import { TRUST_CATEGORIES } from '../../core/records.js';
import { createEngagement, getEngagements } from '../../modules/engagements/engagement.service.js';
import { listPeople } from '../../modules/people/person.service.js';
import { completePlanItem, getPlan } from '../../modules/plan/plan.service.js';
import { todayIso } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { cliActor, type GlobalOptions, withOrganization } from '../context.js';
import { printJson, printLines, printTable } from '../output.js';

function parseWindow(value: string) {
  try {
    const range = parseEffective(value);
    if (range.start === range.end) throw new Error('a window is START..END');
    return range;
  } catch (err) {
    throw new AppError('invalid_input', `--window ${value}: ${err instanceof Error ? err.message : err}`);
  }
}

/** `auditready engagement create|list` and `auditready plan`. */
export function registerEngagement(program: Command<[], GlobalOptions>): void {
  const engagement = program.command('engagement').description('audit engagements: create, list');

  engagement
    .command('create')
    .description('create a SOC 2 engagement (Type I on a date, Type II over a window)')
    .addOption(new Option('--type <type>', 'report type').choices(['1', '2'] as const).makeOptionMandatory())
    .option('--date <date>', 'Type I: the audit date')
    .option('--window <start..end>', 'Type II: the observation window')
    .requiredOption('--fieldwork <date>', 'fieldwork start')
    .option('--report-due <date>', 'when the report is due')
    .option(
      '--categories <list>',
      `in-scope categories besides security (${TRUST_CATEGORIES.slice(1).join(',')})`,
    )
    .option('--firm <name>', 'the audit firm')
    .option('--lead <email>', 'the compliance lead who owns the milestones')
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const window = options.window ? parseWindow(options.window) : null;
      const input = {
        type: options.type === '1' ? 'type1' : 'type2',
        auditDate: options.date ?? null,
        windowStart: window?.start ?? null,
        windowEnd: window?.end ?? null,
        fieldworkStart: options.fieldwork,
        reportDue: options.reportDue ?? null,
        categories: options.categories
          ? options.categories
              .split(',')
              .map((c) => c.trim())
              .filter(Boolean)
          : [],
        firmName: options.firm ?? null,
        ...(options.lead ? { leadEmail: options.lead } : {}),
      };
      const created = await withOrganization(opts, (db, org) =>
        createEngagement(db, cliActor(), org.id, input),
      );
      if (opts.json) printJson(created);
      else
        printLines(
          `created engagement ${created.id} (${created.type === 'type1' ? `Type I on ${created.auditDate}` : `Type II ${created.windowStart}..${created.windowEnd}`})`,
        );
    });

  engagement
    .command('list')
    .description('list engagements, newest first (the first is the one readiness uses by default)')
    .action(async (_options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const rows = await withOrganization(opts, (db, org) => getEngagements(db, org.id));
      if (opts.json) {
        printJson(rows);
        return;
      }
      printTable(
        rows,
        [
          { header: 'ID', value: (e) => e.id },
          { header: 'TYPE', value: (e) => (e.type === 'type1' ? 'Type I' : 'Type II') },
          {
            header: 'DATES',
            value: (e) => (e.type === 'type1' ? e.auditDate : `${e.windowStart}..${e.windowEnd}`),
          },
          { header: 'FIELDWORK', value: (e) => e.fieldworkStart },
          { header: 'SCOPE', value: (e) => ['security', ...e.categories].join(', ') },
          { header: 'FIRM', value: (e) => e.firmName },
        ],
        'no engagement yet: create one with `auditready engagement create`',
      );
    });

  const plan = program
    .command('plan')
    .description(
      'the plan worked back from the engagement dates: milestones, evidence due dates and the current gap work',
    )
    .option('--engagement <id>', 'engagement id (default: the latest)')
    .option('--all', 'list every item, not only the next 60 days and the overdue ones')
    .option('--owner <email>', "only this person's items")
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const { result, people } = await withOrganization(opts, async (db, org) => ({
        result: await getPlan(db, org.id, options.engagement ? { engagementId: options.engagement } : {}),
        people: await listPeople(db.db, org.id),
      }));
      const names = new Map(people.map((p) => [p.id, p.name]));
      let ownerId: string | undefined;
      if (options.owner) {
        const person = people.find((p) => p.email.toLowerCase() === options.owner?.toLowerCase());
        if (!person)
          throw new AppError('not_found', `--owner ${options.owner}: nobody on the roster has this e-mail`, {
            field: 'owner',
          });
        ownerId = person.id;
      }
      const mine = <T extends { ownerId: string | null }>(items: T[]) =>
        ownerId === undefined ? items : items.filter((i) => i.ownerId === ownerId);
      if (opts.json) {
        printJson(
          ownerId === undefined
            ? result
            : {
                ...result,
                plan: {
                  ...result.plan,
                  milestones: mine(result.plan.milestones),
                  items: mine(result.plan.items),
                },
              },
        );
        return;
      }
      const today = todayIso();
      const status = (i: { doneOn: string | null; dueOn: string }) =>
        i.doneOn ? `done ${i.doneOn}` : i.dueOn < today ? 'OVERDUE' : 'due';
      const owner = (i: { ownerId: string | null }) =>
        i.ownerId ? (names.get(i.ownerId) ?? i.ownerId) : 'unowned';
      const all = [...mine(result.plan.milestones), ...mine(result.plan.items)];
      const f = planFigures(all, today);
      printLines(
        `${f.overdue} overdue, ${f.dueThisWeek} due this week, ${f.open} open, ${f.done} done of ${all.length} items` +
          ` (${f.gapWork} of the open ones are gap work from readiness)`,
        '',
        'MILESTONES',
      );
      printTable(
        mine(result.plan.milestones),
        [
          { header: 'DUE', value: (m) => m.dueOn },
          { header: 'STATUS', value: status },
          { header: 'MILESTONE', value: (m) => m.title, max: 80 },
          { header: 'KEY', value: (m) => m.key },
        ],
        'no milestones',
      );
      const horizon = new Date(Date.parse(`${today}T00:00:00Z`) + 60 * 86_400_000).toISOString().slice(0, 10);
      const items = mine(result.plan.items).filter((i) => options.all || (!i.doneOn && i.dueOn <= horizon));
      printLines('', options.all ? 'EVIDENCE DUE DATES AND GAP WORK' : 'DUE IN THE NEXT 60 DAYS OR OVERDUE');
      printTable(
        items,
        [
          { header: 'DUE', value: (i) => i.dueOn },
          { header: 'STATUS', value: status },
          { header: 'OWNER', value: owner, max: 24 },
          { header: 'CONTROL', value: (i) => i.controlCode },
          {
            header: 'WORK',
            value: (i) =>
              i.kind === 'gap'
                ? `${i.label}${i.requirementCode ? ` (${i.requirementCode})` : ''}`
                : `${i.gap ? `${i.gap.label}: ` : 'Evidence '}${i.requirementCode}${
                    i.period ? ` for ${i.period.start}..${i.period.end}` : ''
                  }`,
            max: 90,
          },
        ],
        'nothing due',
      );
    });

  plan
    .command('done')
    .description(
      'mark a plan item done: a milestone, or past evidence that needs no record (gap work closes by itself)',
    )
    .argument('<key>', 'item key, e.g. milestone:policies-approved')
    .option('--on <date>', 'when it was done (default: today)')
    .option('--note <text>', 'a note')
    .action(async (key, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      await withOrganization(opts, (db, org) =>
        completePlanItem(db, cliActor(), org.id, {
          key,
          ...(options.on ? { doneOn: options.on } : {}),
          note: options.note ?? null,
        }),
      );
      printLines(`${key}: done`);
    });
}
