import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { AppError } from '../errors.js';
import { createKeyFileOnce, readKeyFileText } from '../files/key-file.js';

/**
 * The one mechanism for secrets auditready keeps at rest (docs/decisions/0015):
 * the OpenID Connect client secrets today, connector credentials later.
 * AES-256-GCM with a 32-byte installation key; every ciphertext names the
 * key that sealed it (`v1.<key id>.<iv>.<tag>.<ciphertext>`, base64url), so
 * a new key can be added while old secrets still open, and resealed later.
 * The organization id is bound as associated data: a sealed secret copied
 * to another organization's row does not open.
 */

/** The environment variable that gives the key (base64 of 32 bytes, or several `id:base64` separated by commas, newest first). */
export const SECRET_KEY_ENV = 'AUDITREADY_SECRET_KEY';

/** The key file inside a data folder (mode 0600). */
export function secretKeyPath(dataDir: string): string {
  return path.join(dataDir, 'secret-key');
}

/** Seals and opens secrets with the installation's keys. */
export interface SecretBox {
  /** The id of the key new secrets are sealed with. */
  readonly keyId: string;
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

const VERSION = 'v1';

/** A key's id: the first 8 hex of its SHA-256 (never the key itself). */
function idOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** A box over keys, newest first: seals with the first, opens with whichever sealed. */
export function secretBoxOf(keys: readonly Buffer[]): SecretBox {
  if (keys.length === 0) throw new AppError('invalid_input', 'a secret box needs at least one key');
  for (const key of keys) {
    if (key.length !== 32)
      throw new AppError('invalid_input', 'a secret key is 32 bytes (base64 in the key file)');
  }
  const byId = new Map(keys.map((k) => [idOf(k), k]));
  const current = keys[0]!;
  const keyId = idOf(current);
  return {
    keyId,
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
      return [VERSION, keyId, ...parts].join('.');
    },
    open(sealed, context) {
      const [version, id, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || !id || iv === undefined || tag === undefined || body === undefined) {
        throw new AppError('internal', 'a stored secret is not in a known sealed format');
      }
      const key = byId.get(id);
      if (!key)
        throw new AppError(
          'unavailable',
          `a stored secret was sealed with key ${id}, which this installation no longer has`,
        );
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new AppError(
          'internal',
          'a stored secret does not open with its key (altered, or moved to another record)',
        );
      }
    },
  };
}

function parseKeys(text: string, where: string): Buffer[] {
  const entries = text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
  const keys = entries.map((entry) =>
    Buffer.from(entry.includes(':') ? entry.split(':')[1]! : entry, 'base64'),
  );
  if (keys.length === 0 || keys.some((k) => k.length !== 32)) {
    throw new AppError(
      'invalid_input',
      `${where} must hold base64 keys of 32 bytes (newest first, one per line or comma)`,
    );
  }
  return keys;
}

async function readKeyFile(file: string): Promise<Buffer[] | null> {
  const text = await readKeyFileText(file, 'secret key');
  return text === null ? null : parseKeys(text, `the file ${file}`);
}

/**
 * The installation's secret box: keys from `AUDITREADY_SECRET_KEY` when set
 * (several app servers sharing one PostgreSQL), else the `secret-key` file of
 * the data folder, created on first use (mode 0600, exclusively: two
 * processes racing both read the key that won). Rotation: put a new key on
 * the first line (or first in the variable), keep the old ones below until
 * every secret was saved again.
 */
export async function loadSecretBox(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SecretBox> {
  const fromEnv = env[SECRET_KEY_ENV];
  if (fromEnv) return secretBoxOf(parseKeys(fromEnv, SECRET_KEY_ENV));
  const file = secretKeyPath(dataDir);
  const existing = await readKeyFile(file);
  if (existing) return secretBoxOf(existing);
  const text = await createKeyFileOnce(file, `${randomBytes(32).toString('base64')}\n`, 'secret key');
  return secretBoxOf(parseKeys(text, `the file ${file}`));
}
