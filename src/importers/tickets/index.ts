/**
 * A ticket export on disk: one page file, or a directory of page files
 * (`*.json`, read in natural name order: page-2 before page-10), each
 * streamed once through {@link TicketExportReader} and hashed as it streams.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { TicketProjectSettings, TicketSource } from '../../core/tickets/types.js';
import { AppError, ImportError } from '../../platform/errors.js';
import { readHashed } from '../hashed-read.js';
import { type TicketExport, TicketExportReader } from './ticket-export.js';

export * from './ticket-export.js';

/** One file read: its name in the export, SHA-256 and size. */
export interface TicketExportFile {
  name: string;
  sha256: string;
  size: number;
}

const natural = new Intl.Collator('en', { numeric: true });

/** The page files of a location (a file, or a directory's `*.json` files in natural order). */
async function pageFiles(location: string): Promise<{ root: string; files: string[] }> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(location);
  } catch {
    throw new AppError('not_found', `${location}: no such file or directory`);
  }
  if (info.isFile()) return { root: path.dirname(location), files: [path.basename(location)] };
  const files: string[] = [];
  for (const entry of await readdir(location, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    if (!entry.isFile() || !/\.json$/i.test(entry.name))
      throw new ImportError(
        { file: entry.name },
        'not a page of a ticket export: expected *.json page files only',
      );
    files.push(entry.name);
  }
  if (files.length === 0) throw new ImportError({ file: location }, 'no *.json page files in the directory');
  return { root: location, files: files.sort(natural.compare) };
}

/** Reads an export (see the module comment); `settingsOf` gives each project's settings. */
export async function readTicketExport(
  location: string,
  options: {
    source?: TicketSource | null;
    settingsOf: (source: TicketSource, project: string) => TicketProjectSettings;
  },
): Promise<{ export: TicketExport; files: TicketExportFile[] }> {
  const { root, files } = await pageFiles(location);
  const reader = new TicketExportReader(options.settingsOf, options.source ?? null);
  const read: TicketExportFile[] = [];
  for (const f of files) {
    read.push({ name: f, ...(await readHashed(path.join(root, f), (input) => reader.add(f, input))) });
  }
  return { export: reader.finish(), files: read };
}
