import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BIN, TEMPLATE_ENV } from './server.js';

/**
 * Builds the demo organization once for the whole e2e run; each test file's server starts on a copy of
 * it (server.ts), so every file still gets a store of its own without paying for a demo build.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const template = await mkdtemp(join(tmpdir(), 'auditready-e2e-template-'));
  const { stdout } = await promisify(execFile)(BIN, ['demo', '--data', template, '--json'], {
    env: { ...process.env, DATABASE_URL: '' },
  });
  await writeFile(join(template, 'demo.json'), stdout);
  process.env[TEMPLATE_ENV] = template;
  return () => rm(template, { recursive: true, force: true });
}
