import type { Command } from '@commander-js/extra-typings';
import { resolveEngagement } from '../../modules/engagements/engagement.service.js';
import type { Sample } from '../../modules/sampling/sampling.schema.js';
import { createSample, getSample, listSamples } from '../../modules/sampling/sampling.service.js';
import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { cliActor, type GlobalOptions, withOrganization } from '../context.js';
import { printJson, printLines, printTable } from '../output.js';

/** The engagement named by --engagement (id or unique prefix), else the latest. */
async function engagementIdOf(database: Database, orgId: string, ref: string | undefined): Promise<string> {
  const engagement = await resolveEngagement(database, orgId, ref);
  if (!engagement)
    throw new AppError('invalid_input', 'no engagement yet: create one with `auditready engagement create`');
  return engagement.id;
}

/** `KIND[:ARG]` split at the first colon. */
export function parsePopulation(value: string): { kind: string; arg: string | null } {
  const at = value.indexOf(':');
  return at < 0 ? { kind: value, arg: null } : { kind: value.slice(0, at), arg: value.slice(at + 1) || null };
}

function printSample(s: Sample): void {
  printLines(
    `sample ${s.id} of ${s.population.kind}${s.population.arg ? `:${s.population.arg}` : ''}: ${s.items.length} of ${s.population.count} (${s.frequency}, size ${s.size})`,
    `seed ${s.seed}`,
    `population sha256 ${s.population.hash}`,
    ...(s.requestId ? [`request ${s.requestId}`] : []),
  );
  printTable(
    s.items,
    [
      { header: '#', value: (i) => String(i.ordinal + 1) },
      { header: 'POSITION', value: (i) => String(i.position + 1) },
      { header: 'DATE', value: (i) => i.date },
      { header: 'RECORD', value: (i) => i.recordId },
      { header: 'LABEL', value: (i) => i.label },
    ],
    'the population is empty: nothing chosen',
  );
}

/** `auditready samples create|list|show`: samples drawn from an engagement's populations. */
export function registerSamples(program: Command<[], GlobalOptions>): void {
  const samples = program
    .command('samples')
    .description('samples drawn reproducibly from an engagement population (seeded, recorded)');

  samples
    .command('create')
    .description('draw a sample: the population in its stable order, chosen by a seeded generator')
    .option('--engagement <id>', 'engagement id or unique prefix (default: the latest)')
    .requiredOption(
      '--population <kind[:arg]>',
      'people-joined, people-departed, nhi-created, nhi-offboarded, findings, exceptions, evidence:REQUIREMENT',
    )
    .option('--size <n>', 'how many records (default: by frequency, the engagement sample-size table)')
    .option('--seed <seed>', 'the seed (default: random; always recorded)')
    .option('--request <id>', 'the request the sample answers')
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      let size: number | undefined;
      if (options.size !== undefined) {
        size = Number(options.size);
        if (!Number.isInteger(size) || size < 1)
          throw new AppError('invalid_input', `--size ${options.size}: a whole number of at least 1`);
      }
      const { kind, arg } = parsePopulation(options.population);
      const created = await withOrganization(opts, async (database, org) =>
        createSample(
          database,
          cliActor(),
          org.id,
          await engagementIdOf(database, org.id, options.engagement),
          {
            kind,
            arg,
            ...(size === undefined ? {} : { size }),
            ...(options.seed === undefined ? {} : { seed: options.seed }),
            ...(options.request === undefined ? {} : { requestId: options.request }),
          },
        ),
      );
      if (opts.json) printJson(created);
      else printSample(created);
    });

  samples
    .command('list')
    .description('the samples of an engagement, oldest first')
    .option('--engagement <id>', 'engagement id or unique prefix (default: the latest)')
    .option('--request <id>', 'only the samples of this request')
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const rows = await withOrganization(opts, async (database, org) =>
        listSamples(database, org.id, await engagementIdOf(database, org.id, options.engagement), {
          requestId: options.request,
        }),
      );
      if (opts.json) {
        printJson(rows);
        return;
      }
      printTable(
        rows,
        [
          { header: 'ID', value: (s) => s.id },
          {
            header: 'POPULATION',
            value: (s) => `${s.population.kind}${s.population.arg ? `:${s.population.arg}` : ''}`,
          },
          { header: 'CHOSEN', value: (s) => `${s.items.length}/${s.population.count}` },
          { header: 'SEED', value: (s) => s.seed },
          { header: 'REQUEST', value: (s) => s.requestId ?? '-' },
          { header: 'CREATED', value: (s) => s.createdAt.slice(0, 16) },
        ],
        'no samples',
      );
    });

  samples
    .command('show')
    .description('one sample with its chosen records')
    .argument('<id>', 'sample id')
    .option('--engagement <id>', 'engagement id or unique prefix (default: the latest)')
    .action(async (id, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const sample = await withOrganization(opts, async (database, org) =>
        getSample(database, org.id, await engagementIdOf(database, org.id, options.engagement), id),
      );
      if (opts.json) printJson(sample);
      else printSample(sample);
    });
}
