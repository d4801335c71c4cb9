/**
 * A change export on disk: a directory of the files {@link GithubExportReader}
 * knows (sub-directories reviews/, check-runs/, deployment-statuses/), or one
 * such file alone (a `git log` TSV, a deployments list …). Files are read in
 * name order, one at a time.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { AppError } from '../../platform/errors.js';
import { readHashed } from '../hashed-read.js';
import { type GithubExport, GithubExportReader } from './github-export.js';

export * from './github-export.js';

/** Files up to this size are read whole rather than streamed. */
const WHOLE_FILE_BYTES = 1024 * 1024;

const SUB_DIRECTORIES = new Set(['reviews', 'check-runs', 'deployment-statuses']);

/** The files of an export location, relative names in order (directories first level and known sub-directories). */
export async function exportFiles(
  location: string,
): Promise<{ root: string; files: string[]; dirs: string[] }> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(location);
  } catch {
    throw new AppError('not_found', `${location}: no such file or directory`);
  }
  if (info.isFile()) return { root: path.dirname(location), files: [path.basename(location)], dirs: [] };
  const files: string[] = [];
  const dirs: string[] = [];
  for (const entry of (await readdir(location, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  )) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory() && SUB_DIRECTORIES.has(entry.name)) {
      dirs.push(entry.name);
      const inner = await readdir(path.join(location, entry.name), { withFileTypes: true });
      for (const f of inner.sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (f.isFile() && !f.name.startsWith('.')) files.push(`${entry.name}/${f.name}`);
      }
    } else if (entry.isFile()) files.push(entry.name);
    else if (entry.isDirectory()) files.push(`${entry.name}/`);
  }
  return { root: location, files, dirs };
}

/** One file read: its name in the export, SHA-256 and size. */
export interface ExportFile {
  name: string;
  sha256: string;
  size: number;
}

/** Reads an export directory or file (see the module comment), hashing each file as it streams. */
export async function readChangeExport(
  location: string,
  options: { repository?: string | null; defaultBranch?: string | null } = {},
): Promise<{ export: GithubExport; files: ExportFile[] }> {
  const { root, files, dirs } = await exportFiles(location);
  const reader = new GithubExportReader(options);
  for (const d of dirs) reader.addDirectory(d);
  const read: ExportFile[] = [];
  for (const f of files) {
    const full = path.join(root, f);
    if (!f.endsWith('/')) {
      // Most files of an export are small (one pull request's reviews, one commit's check runs): read whole
      // and parsed at once, synchronously: thousands of small reads through the thread pool cost more in
      // waiting than in reading, and one such read blocks for well under a millisecond.
      const info = statSync(full);
      if (info.size <= WHOLE_FILE_BYTES) {
        const bytes = readFileSync(full);
        await reader.add(f, new TextDecoder('utf-8').decode(bytes));
        read.push({ name: f, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
        continue;
      }
    }
    // An unknown directory is refused by name like an unknown file.
    const hashed = await readHashed(
      full,
      (input) => reader.add(f, input),
      f.endsWith('/') ? Readable.from([]) : createReadStream(full),
    );
    read.push({ name: f, ...hashed });
  }
  return { export: reader.finish(), files: read };
}
