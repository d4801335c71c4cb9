import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSecretBox, SECRET_KEY_ENV, secretBoxOf, secretKeyPath } from './secret-box.js';

describe('secret box', () => {
  it('seals and opens, never showing the secret, bound to its context', () => {
    const box = secretBoxOf([randomBytes(32)]);
    const sealed = box.seal('s3cr3t-value', 'org-1');
    expect(sealed).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(sealed).not.toContain('s3cr3t');
    expect(box.open(sealed, 'org-1')).toBe('s3cr3t-value');
    expect(() => box.open(sealed, 'org-2')).toThrow(/does not open/);
    expect(box.seal('s3cr3t-value', 'org-1')).not.toBe(sealed);
  });

  it('opens secrets sealed with an older key after rotation; seals with the newest', () => {
    const old = randomBytes(32);
    const sealed = secretBoxOf([old]).seal('kept', 'ctx');
    const rotated = secretBoxOf([randomBytes(32), old]);
    expect(rotated.open(sealed, 'ctx')).toBe('kept');
    expect(rotated.seal('new', 'ctx').split('.')[1]).toBe(rotated.keyId);
    expect(() => secretBoxOf([randomBytes(32)]).open(sealed, 'ctx')).toThrow(/no longer has/);
  });

  it('refuses an altered ciphertext', () => {
    const box = secretBoxOf([randomBytes(32)]);
    const parts = box.seal('value', 'ctx').split('.');
    parts[4] = Buffer.from('other').toString('base64url');
    expect(() => box.open(parts.join('.'), 'ctx')).toThrow(/does not open/);
  });

  it('creates a 0600 key file once, reads it after, and prefers the environment', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'secret-box-'));
    try {
      const first = await loadSecretBox(dir, {});
      expect((await stat(secretKeyPath(dir))).mode & 0o777).toBe(0o600);
      const again = await loadSecretBox(dir, {});
      expect(again.keyId).toBe(first.keyId);
      expect(again.open(first.seal('x', 'c'), 'c')).toBe('x');
      const key = randomBytes(32);
      const fromEnv = await loadSecretBox(dir, { [SECRET_KEY_ENV]: key.toString('base64') });
      expect(fromEnv.keyId).not.toBe(first.keyId);
      await expect(loadSecretBox(dir, { [SECRET_KEY_ENV]: 'short' })).rejects.toThrow(/32 bytes/);
      await writeFile(secretKeyPath(dir), await readFile(secretKeyPath(dir)), { mode: 0o644 });
      const { chmod } = await import('node:fs/promises');
      await chmod(secretKeyPath(dir), 0o644);
      await expect(loadSecretBox(dir, {})).rejects.toThrow(/readable by other users/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
