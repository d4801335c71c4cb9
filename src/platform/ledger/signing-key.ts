import { randomBytes } from 'node:crypto';
import path from 'node:path';
import {
  encodeSignerKey,
  NoteError,
  type NoteSigner,
  parseSignerKey,
  signerFromSeed,
} from '../../core/ledger/signed-note.js';
import { AppError } from '../errors.js';
import { createKeyFileOnce, readKeyFileText } from '../files/key-file.js';

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
  const text = await readKeyFileText(file, 'signing key');
  return text === null ? null : fromText(text, `the file ${file}`);
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
  const signer = signerFromSeed(`auditready-${randomBytes(4).toString('hex')}`, randomBytes(32));
  const written = `${encodeSignerKey(signer)}\n`;
  const text = await createKeyFileOnce(file, written, 'signing key');
  return text === written ? signer : fromText(text, `the file ${file}`);
}
