// Sums vitest JSON reports in a folder and prints "N passed, N failed[, N skipped]" as the last line.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? 'test-results';
let passed = 0;
let failed = 0;
let skipped = 0;
const files = existsSync(dir) ? readdirSync(dir).filter((f) => /^vitest-.*\.json$/.test(f)) : [];
for (const file of files) {
  const report = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  passed += report.numPassedTests ?? 0;
  // A file that failed without a failed test of its own (it did not load, a hook threw) counts once; a failed
  // test counts once, not again for its file and its describe blocks.
  const failedFiles = (report.testResults ?? []).filter(
    (r) => r.status === 'failed' && !(r.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
  const failedHere = (report.numFailedTests ?? 0) + failedFiles;
  failed += failedHere;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  console.log(`${file}: ${report.numPassedTests} passed, ${failedHere} failed`);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
