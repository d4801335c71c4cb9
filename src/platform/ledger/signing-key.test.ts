import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeSignerKey, signerFromSeed } from '../../core/ledger/signed-note.js';
import { loadSigningKey, SIGNING_KEY_ENV, signingKeyPath } from './signing-key.js';

describe('loadSigningKey', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'signing-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives null without a key unless asked to create one, then creates it once with mode 0600', async () => {
    expect(await loadSigningKey(dir, { create: false, env: {} })).toBeNull();
    const created = await loadSigningKey(dir, { create: true, env: {} });
    expect(created!.name).toMatch(/^auditready-[0-9a-f]{8}$/);
    expect(statSync(signingKeyPath(dir)).mode & 0o777).toBe(0o600);
    expect(readFileSync(signingKeyPath(dir), 'utf8')).toBe(`${encodeSignerKey(created!)}\n`);
    expect(await loadSigningKey(dir, { create: true, env: {} })).toEqual(created);
  });

  it('creates one key when processes race', async () => {
    const keys = await Promise.all(
      Array.from({ length: 8 }, () => loadSigningKey(dir, { create: true, env: {} })),
    );
    expect(new Set(keys.map((k) => k!.keyId)).size).toBe(1);
  });

  it('prefers the environment, and refuses a malformed key without echoing it', async () => {
    const signer = signerFromSeed('from-env', Buffer.alloc(32, 3));
    const env = { [SIGNING_KEY_ENV]: encodeSignerKey(signer) };
    expect(await loadSigningKey(dir, { create: true, env })).toEqual(signer);
    const err = await loadSigningKey(dir, {
      create: true,
      env: { [SIGNING_KEY_ENV]: 'PRIVATE+KEY+x+00000000+secret' },
    }).catch((e: Error) => e);
    expect((err as Error).message).toContain(`${SIGNING_KEY_ENV} is not a signing key`);
    expect((err as Error).message).not.toContain('secret');
  });

  it('refuses a key file other users can read', async () => {
    await loadSigningKey(dir, { create: true, env: {} });
    chmodSync(signingKeyPath(dir), 0o644);
    await expect(loadSigningKey(dir, { create: false, env: {} })).rejects.toThrow(
      /readable by other users.*chmod 600/,
    );
  });
});
