import type { Command } from '@commander-js/extra-typings';
import { InvalidArgumentError } from '@commander-js/extra-typings';
import { getJobs, retryJob } from '../../modules/cadence/cadence.service.js';
import { RUNNABLE_TASKS, runTaskNow } from '../../modules/cadence/cadence-runtime.js';
import { loadSecretBox } from '../../platform/auth/secret-box.js';
import { systemClock } from '../../platform/clock.js';
import { JOB_STATUSES, type JobStatus } from '../../platform/jobs/job.js';
import { tableJobQueue } from '../../platform/jobs/queue.js';
import { blobsOf, cliActor, dataDir, type GlobalOptions, withOrganization } from '../context.js';
import { printJson, printLines, printTable } from '../output.js';

function parseStatus(value: string): JobStatus {
  if (!(JOB_STATUSES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`one of ${JOB_STATUSES.join(', ')}`);
  return value as JobStatus;
}

/** `auditready jobs list|run NAME|retry ID`: the job queue of an organization (docs/decisions/0025). */
export function registerJobs(program: Command<[], GlobalOptions>): void {
  const jobs = program
    .command('jobs')
    .description('the job queue: scheduled runs, collections, dead letters');

  jobs
    .command('list')
    .description('the organization’s jobs, newest first')
    .option(
      '--status <status>',
      `only jobs in this state (${JOB_STATUSES.join(', ')}; dead: the dead letters)`,
      parseStatus,
    )
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const rows = await withOrganization(opts, (db, org) =>
        getJobs(tableJobQueue(db), org.id, options.status ? { status: options.status } : {}),
      );
      if (opts.json) return printJson(rows);
      printTable(
        rows,
        [
          { header: 'ID', value: (j) => j.id },
          { header: 'TASK', value: (j) => j.task },
          { header: 'STATUS', value: (j) => j.status },
          { header: 'ATTEMPTS', value: (j) => `${j.attempts}/${j.maxAttempts}` },
          { header: 'RUN AFTER', value: (j) => j.runAfter },
          { header: 'LAST ERROR', value: (j) => j.lastError ?? '' },
        ],
        'no jobs',
      );
    });

  jobs
    .command('run')
    .description(`queue a task now and work the queue until nothing is ready (${RUNNABLE_TASKS.join(', ')})`)
    .argument('<name>', 'the task')
    .action(async (name, _options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const secretBox = await loadSecretBox(dataDir(opts));
      const outcomes = await withOrganization(opts, (database, org) =>
        runTaskNow({ database, blobs: blobsOf(opts), secretBox }, cliActor(), org.id, name),
      );
      if (opts.json) return printJson(outcomes);
      printLines(
        ...outcomes.map((o) => `${o.status.padEnd(9)} ${o.task} ${o.jobId}${o.error ? `: ${o.error}` : ''}`),
      );
      if (outcomes.some((o) => o.status !== 'succeeded')) process.exitCode = 1;
    });

  jobs
    .command('retry')
    .description('queue a dead job again with fresh attempts')
    .argument('<id>', 'the job id')
    .action(async (id, _options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const job = await withOrganization(opts, (db, org) =>
        retryJob(tableJobQueue(db), cliActor(), org.id, id, systemClock),
      );
      if (opts.json) return printJson(job);
      printLines(
        `queued ${job.task} ${job.id} again (run by the next worker: \`auditready jobs run\` or serve)`,
      );
    });
}
