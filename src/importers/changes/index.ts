/**
 * A change export on disk: a directory of the files {@link GithubExportReader}
 * knows (sub-directories reviews/, check-runs/, deployment-statuses/), or one
 * such file alone (a `git log` TSV, a deployments list …). Files are read in
 * name order, one at a time.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { AppError } from '../../platform/errors.js';
import { readHashed } from '../hashed-read.js';
import { type GithubExport, GithubExportReader } from './github-export.js';

export * from './github-export.js';

/** Files up to this size are read whole rather than streamed. */
const WHOLE_FILE_BYTES = 1024 * 1024;

/** Bytes per read of a large file: few trips through the thread pool, little held at once. */
const STREAM_CHUNK = 1024 * 1024;

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

/** A file's bytes when it is at most {@link WHOLE_FILE_BYTES} long (one open, one fstat, one read), else null. */
function readSmall(file: string): Buffer | null {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > WHOLE_FILE_BYTES) return null;
    const bytes = Buffer.allocUnsafe(size);
    let at = 0;
    while (at < size) {
      const n = readSync(fd, bytes, at, size - at, null);
      if (n === 0) break;
      at += n;
    }
    return at === size ? bytes : bytes.subarray(0, at);
  } finally {
    closeSync(fd);
  }
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
  const decoder = new TextDecoder('utf-8');
  for (const f of files) {
    const full = path.join(root, f);
    if (!f.endsWith('/')) {
      // Most files of an export are small (one pull request's reviews, one commit's check runs): read whole
      // and parsed at once, synchronously: thousands of small reads through the thread pool cost more in
      // waiting than in reading, and one such read blocks for well under a millisecond.
      const bytes = readSmall(full);
      if (bytes) {
        await reader.add(f, decoder.decode(bytes));
        read.push({ name: f, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
        continue;
      }
    }
    // An unknown directory is refused by name like an unknown file. A large file streams: cut into its
    // records by the scanner, or walked from a new stream when the scanner gives up (see json-lists.ts).
    const hashed = await readHashed(
      full,
      (input) => reader.add(f, input, () => createReadStream(full, { highWaterMark: STREAM_CHUNK })),
      f.endsWith('/') ? Readable.from([]) : createReadStream(full, { highWaterMark: STREAM_CHUNK }),
    );
    read.push({ name: f, ...hashed });
  }
  return { export: reader.finish(), files: read };
}
