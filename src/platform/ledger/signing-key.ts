import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import {
  encodeSignerKey,
  NoteError,
  type NoteSigner,
  parseSignerKey,
  signerFromSeed,
} from '../../core/ledger/signed-note.js';
import { AppError } from '../errors.js';

/** The environment variable that gives the signing key (`PRIVATE+KEY+name+keyid+base64`) instead of a file. */
export const SIGNING_KEY_ENV = 'AUDITREADY_SIGNING_KEY';

/** The file of the installation's checkpoint signing key inside a data folder (mode 0600). */
export function signingKeyPath(dataDir: string): string {
  return path.join(dataDir, 'signing-key');
}

function fromText(text: string, where: string): NoteSigner {
  try {
    return parseSignerKey(text);
  } catch (err) {
    const reason = err instanceof NoteError ? err.message : String(err);
    throw new AppError(
      'invalid_input',
      `${where} is not a signing key (PRIVATE+KEY+name+keyid+base64): ${reason}`,
    );
  }
}

async function readKeyFile(file: string): Promise<NoteSigner | null> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  // A key others can read signs for anyone: refuse it rather than sign with it.
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    throw new AppError(
      'invalid_input',
      `the signing key ${file} is readable by other users (mode ${(info.mode & 0o777).toString(8)}): chmod 600 it`,
    );
  }
  return fromText(await readFile(file, 'utf8'), `the file ${file}`);
}

/**
 * The installation's Ed25519 checkpoint signing key: from
 * `AUDITREADY_SIGNING_KEY` when set (deployments without a private data
 * folder, e.g. several PostgreSQL app servers), else the `signing-key` file
 * of the data folder. With `create`, a missing file is created (mode 0600,
 * exclusively: two processes racing read the one that won), under a random
 * name `auditready-<8 hex>`; without it, a missing key gives null.
 */
export async function loadSigningKey(
  dataDir: string,
  options: { create: boolean; env?: NodeJS.ProcessEnv },
): Promise<NoteSigner | null> {
  const fromEnv = (options.env ?? process.env)[SIGNING_KEY_ENV];
  if (fromEnv) return fromText(fromEnv, SIGNING_KEY_ENV);
  const file = signingKeyPath(dataDir);
  const existing = await readKeyFile(file);
  if (existing || !options.create) return existing;
  await mkdir(dataDir, { recursive: true });
  const signer = signerFromSeed(`auditready-${randomBytes(4).toString('hex')}`, randomBytes(32));
  // Written whole to a temp file, then linked into place: link never replaces, so two processes
  // racing both end up with the one key that won, and nobody reads a half-written file.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(`${encodeSignerKey(signer)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(file);
    throw err;
  } finally {
    await unlink(tmp);
  }
  return signer;
}
