import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';

/**
 * The text of a key file of the data folder (the checkpoint signing key, the
 * secret box's keys), or null when there is none. A key others can read is
 * refused rather than used: it would sign or open for anyone.
 */
export async function readKeyFileText(file: string, what: string): Promise<string | null> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    throw new AppError(
      'invalid_input',
      `the ${what} ${file} is readable by other users (mode ${(info.mode & 0o777).toString(8)}): chmod 600 it`,
    );
  }
  return readFile(file, 'utf8');
}

/**
 * Creates a key file with `text` (mode 0600) unless one exists, and returns
 * the text the file holds afterwards: written whole to a temp file, synced,
 * then linked into place. `link` never replaces, so two processes racing
 * both end up with the one key that won, and nobody reads a half-written file.
 */
export async function createKeyFileOnce(file: string, text: string, what: string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(tmp, file);
    return text;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const won = await readKeyFileText(file, what);
    if (won === null) throw err;
    return won;
  } finally {
    await unlink(tmp);
  }
}
