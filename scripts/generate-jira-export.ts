/**
 * Writes a realistic Jira export (the pages of `GET /rest/api/3/search` with
 * `expand=changelog`) for `auditready tickets import DIR`:
 *
 *   node --import tsx scripts/generate-jira-export.ts OUT_DIR [--issues 500] [--pages 5] [--seed 7] [--clean]
 *
 * Product stories, bugs and tasks name the pull requests of
 * example-org/checkout-service from #1000 on (the repository
 * `scripts/generate-github-changes.ts` writes, so both imports link); by
 * default one self-approved and one unapproved story are planted (`--clean`
 * plants none); what was planted is printed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateJiraExport } from '../src/importers/tickets/generator.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

const out = process.argv[2];
if (!out || out.startsWith('--')) {
  process.stderr.write(
    'usage: generate-jira-export.ts OUT_DIR [--issues N] [--pages N] [--seed N] [--clean]\n',
  );
  process.exit(2);
}
const { files, planted } = generateJiraExport({
  seed: option('seed', 7),
  issues: option('issues', 500),
  pages: option('pages', 5),
  start: '2026-07-01',
  repository: 'example-org/checkout-service',
  firstPull: 1000,
  violations: !process.argv.includes('--clean'),
});
mkdirSync(out, { recursive: true });
for (const [name, content] of files) writeFileSync(path.join(out, name), content);
process.stdout.write(
  `${out}: ${files.size} pages; ${planted.pullOf.size} tickets name a pull request, ${planted.incidents.length} incidents, ${planted.accessRequests.length} access requests\n` +
    `planted: self-approved ${planted.selfApproved ?? 'none'}, unapproved ${planted.unapproved ?? 'none'}\n`,
);
