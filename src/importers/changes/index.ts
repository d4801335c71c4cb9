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
import { type ReadAheadFile, SmallFileReadAhead } from './read-ahead.js';

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

/** A file's bytes and SHA-256 when it is at most {@link WHOLE_FILE_BYTES} long (one open, fstat, read), else null. */
function readSmall(file: string): { bytes: Buffer; sha256: string } | null {
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
    const read = at === size ? bytes : bytes.subarray(0, at);
    return { bytes: read, sha256: createHash('sha256').update(read).digest('hex') };
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

/** From this many files in its sub-directories, an export's small files are read ahead on a second thread. */
const READ_AHEAD_FILES = 256;

/** The read-ahead thread, or null when it cannot be started (the main thread then reads every file). */
function startReadAhead(paths: string[], maxBytes: number): SmallFileReadAhead | null {
  try {
    return new SmallFileReadAhead(paths, maxBytes);
  } catch {
    return null;
  }
}

/**
 * Reads an export directory or file (see the module comment), hashing each
 * file as it is read. The top-level files (the large lists) are read first,
 * in name order, then the files of the sub-directories (reviews, check runs,
 * statuses), which from {@link READ_AHEAD_FILES} on a worker thread reads and
 * hashes ahead meanwhile (read-ahead.ts; `readAhead` forces it on or off).
 * The result does not depend on that order: the files list is in name
 * order, only the lists name the repository, and when files are bad the
 * error is the one of the first bad file in name order, as if they had been
 * read one after the other.
 */
export async function readChangeExport(
  location: string,
  options: { repository?: string | null; defaultBranch?: string | null; readAhead?: boolean } = {},
): Promise<{ export: GithubExport; files: ExportFile[] }> {
  const { root, files, dirs } = await exportFiles(location);
  const reader = new GithubExportReader(options);
  for (const d of dirs) reader.addDirectory(d);
  const read: ExportFile[] = new Array(files.length);
  const decoder = new TextDecoder('utf-8');
  const readOne = async (i: number, early?: ReadAheadFile): Promise<void> => {
    const f = files[i]!;
    const full = path.join(root, f);
    if (!f.endsWith('/')) {
      // Most files of an export are small (one pull request's reviews, one commit's check runs): read whole
      // and parsed at once, synchronously: thousands of small reads through the thread pool cost more in
      // waiting than in reading, and one such read blocks for well under a millisecond.
      const small = early ?? readSmall(full);
      if (small) {
        await reader.add(f, decoder.decode(small.bytes));
        read[i] = { name: f, sha256: small.sha256, size: small.bytes.length };
        return;
      }
    }
    // An unknown directory is refused by name like an unknown file. A large file streams: cut into its
    // records by the scanner, or walked from a new stream when the scanner gives up (see json-lists.ts).
    const hashed = await readHashed(
      full,
      (input) => reader.add(f, input, () => createReadStream(full, { highWaterMark: STREAM_CHUNK })),
      f.endsWith('/') ? Readable.from([]) : createReadStream(full, { highWaterMark: STREAM_CHUNK }),
    );
    read[i] = { name: f, ...hashed };
  };

  const top: number[] = [];
  const nested: number[] = [];
  files.forEach((f, i) => {
    (f.includes('/') && !f.endsWith('/') ? nested : top).push(i);
  });
  const ahead =
    nested.length > 0 && (options.readAhead ?? nested.length >= READ_AHEAD_FILES)
      ? startReadAhead(
          nested.map((i) => path.join(root, files[i]!)),
          WHOLE_FILE_BYTES,
        )
      : null;
  // The first bad file in name order decides the error; files after it need not be read.
  const failed = { index: Number.POSITIVE_INFINITY, error: undefined as unknown };
  const attempt = async (i: number, early?: ReadAheadFile) => {
    try {
      await readOne(i, early);
    } catch (error) {
      if (i < failed.index) Object.assign(failed, { index: i, error });
    }
  };
  try {
    for (const i of top) {
      if (i > failed.index) break;
      await attempt(i);
    }
    for (const i of nested) {
      if (i > failed.index) break;
      await attempt(i, ahead ? await ahead.take() : undefined);
    }
  } finally {
    await ahead?.close();
  }
  if (failed.index !== Number.POSITIVE_INFINITY) throw failed.error;
  return { export: reader.finish(), files: read };
}
