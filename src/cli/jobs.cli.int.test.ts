import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../test/database.js';
import { addImportSource } from '../modules/cadence/cadence.service.js';
import { resolveOrganization } from '../modules/organizations/organization.service.js';
import { systemClock } from '../platform/clock.js';

/** `auditready jobs run|list|retry` as real child processes. */
describe('auditready jobs', { timeout: 240_000 }, () => {
  let store: TestStore;
  const cli = (args: string[]) => runCli(args, store.env);

  beforeAll(async () => {
    store = await createTestStore();
    expect((await cli(['init', '--org', 'Cli Jobs'])).code).toBe(0);
  });
  afterAll(() => store?.cleanup());

  it('runs the weekly run now (collecting a configured roster), lists the jobs, and retries only a dead one', async () => {
    const org = await resolveOrganization(store.database, undefined);
    const roster = path.join(store.dataDir, 'roster.csv');
    writeFileSync(
      roster,
      'email,name,team,manager_email,status,departed_on\nann@jobs.test,Ann,ops,,active,\n',
    );
    await addImportSource(
      store.database,
      TEST_ACTOR,
      org.id,
      { kind: 'roster', location: roster },
      systemClock,
    );

    const run = await cli(['jobs', 'run', 'weekly-run', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(
      JSON.parse(run.stdout).map((o: { task: string; status: string }) => `${o.task}:${o.status}`),
    ).toEqual(['weekly-run:succeeded', 'collect:succeeded', 'weekly-finish:succeeded']);
    const people = await cli(['people', 'list', '--json']);
    expect(people.stdout).toContain('ann@jobs.test');

    const list = await cli(['jobs', 'list', '--json']);
    const jobs = JSON.parse(list.stdout) as { id: string; status: string }[];
    expect(jobs.map((j) => j.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const retry = await cli(['jobs', 'retry', jobs[0]!.id]);
    expect(retry.code).toBe(1);
    expect(retry.stderr).toMatch(/only a dead job is retried/);
    const unknown = await cli(['jobs', 'run', 'no-such-task']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/not a task to run by hand/);
  });
});
