import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateGithubChanges } from './generator.js';
import { readChangeExport } from './index.js';
import { SmallFileReadAhead } from './read-ahead.js';

/** A repository of 160 pull requests: over 300 small files, so read ahead by default too. */
const generated = () =>
  generateGithubChanges({
    seed: 3,
    repository: 'example-org/read-ahead',
    pulls: 160,
    deployments: 30,
    start: '2025-01-01',
    violations: true,
  });

let root: string;
let exportDir: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'read-ahead-'));
  exportDir = copyWith('export', {});
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The generated export written under `name`, with some files replaced. */
function copyWith(name: string, replace: Record<string, (text: string) => string>): string {
  const dir = path.join(root, name);
  const { files } = generated();
  for (const [file, content] of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    const edit = replace[file];
    writeFileSync(path.join(dir, file), edit ? edit(content) : content);
  }
  return dir;
}

/** What a read gives: the export and its files, or the error's message. */
async function outcome(dir: string, readAhead: boolean): Promise<unknown> {
  try {
    return await readChangeExport(dir, { readAhead });
  } catch (err) {
    return (err as Error).message;
  }
}

describe('reading the small files ahead on a worker thread', () => {
  it('reads the same export and the same files, hashes and sizes as a read on the main thread', async () => {
    const inline = await readChangeExport(exportDir, { readAhead: false });
    const ahead = await readChangeExport(exportDir, { readAhead: true });
    expect(inline.files.length).toBeGreaterThan(300);
    expect(ahead).toEqual(inline);
  });

  it('names the first bad file in name order, whichever thread read it and in whatever order', async () => {
    const breakPulls = (text: string) => text.replace('"merged_at": "2', '"merged_at": "not a date 2');
    const reviewName = `reviews/${readdirSync(path.join(exportDir, 'reviews')).sort()[4]}`;
    const checkNames = readdirSync(path.join(exportDir, 'check-runs'))
      .sort()
      .map((f) => `check-runs/${f}`);
    const breakJson = (text: string) => text.replace('[', '[{,');
    const cases: [string, Record<string, (text: string) => string>, RegExp][] = [
      // check-runs/ comes before pulls.json: its error wins although pulls.json is read first.
      [
        'a check run file and the pulls',
        { [checkNames[3]!]: breakJson, 'pulls.json': breakPulls },
        /check-runs\//,
      ],
      // reviews/ comes after pulls.json: the pulls' error wins, the reviews need not be read.
      [
        'the pulls and a review file',
        { 'pulls.json': breakPulls, [reviewName]: breakJson },
        /pulls\.json, line/,
      ],
      [
        'two small files',
        { [checkNames[9]!]: breakJson, [checkNames[2]!]: breakJson },
        new RegExp(checkNames[2]!),
      ],
    ];
    for (const [name, edits, expected] of cases) {
      const dir = copyWith(name.replaceAll(' ', '-'), edits);
      const inline = await outcome(dir, false);
      expect(inline, name).toMatch(expected);
      expect(await outcome(dir, true), name).toBe(inline);
    }
  });

  it('hands a file it cannot read back to the main thread, which reads it itself (and every file once it stopped)', async () => {
    const files = ['reviews/missing.json', 'check-runs'].map((f) => path.join(exportDir, f));
    const real = path.join(exportDir, 'deployments.json');
    const ahead = new SmallFileReadAhead([...files, real], 1024);
    try {
      expect(await ahead.take()).toBeNull();
      expect(await ahead.take()).toBeNull();
      // Over the size bound: read (and streamed) by the main thread.
      expect(await ahead.take()).toBeNull();
    } finally {
      await ahead.close();
    }
    // A worker that stopped leaves the rest to the main thread.
    const stopped = new SmallFileReadAhead([real, real, real], 64 * 1024 * 1024);
    await stopped.close();
    const after = [await stopped.take(), await stopped.take(), await stopped.take()];
    // Every take answers (none waits forever): what was read before the stop, then null for the rest.
    const firstNull = after.indexOf(null);
    const read = firstNull === -1 ? after : after.slice(0, firstNull);
    expect(read.every((r) => r!.bytes.equals(readFileSync(real)))).toBe(true);
    expect(after.slice(read.length).every((r) => r === null)).toBe(true);
    const small = new SmallFileReadAhead([real], 64 * 1024 * 1024);
    try {
      const read = await small.take();
      expect(read?.bytes.equals(readFileSync(real))).toBe(true);
    } finally {
      await small.close();
    }
  });
});
