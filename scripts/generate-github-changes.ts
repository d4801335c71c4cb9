/**
 * Writes a realistic GitHub export of one repository (pull requests with
 * reviews and check runs, deployments with statuses, commits) for
 * `auditready changes import DIR`:
 *
 *   node --import tsx scripts/generate-github-changes.ts OUT_DIR [--pulls 200] [--deployments 40] [--seed 7] [--clean]
 *
 * By default it plants one self-approved pull request, one merged with a
 * failing check, one direct push and one emergency change without a
 * retrospective approval (`--clean` plants none); what was planted is printed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateGithubChanges } from '../src/importers/changes/generator.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

const out = process.argv[2];
if (!out || out.startsWith('--')) {
  process.stderr.write(
    'usage: generate-github-changes.ts OUT_DIR [--pulls N] [--deployments N] [--seed N] [--clean]\n',
  );
  process.exit(2);
}
const { files, planted } = generateGithubChanges({
  seed: option('seed', 7),
  repository: 'example-org/checkout-service',
  pulls: option('pulls', 200),
  deployments: option('deployments', 40),
  start: '2026-07-01',
  violations: !process.argv.includes('--clean'),
});
for (const [name, content] of files) {
  const file = path.join(out, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}
process.stdout.write(`${JSON.stringify({ out, files: files.size, planted }, null, 2)}\n`);
