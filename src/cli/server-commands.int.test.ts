import { spawn } from 'node:child_process';
import { readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../../test/cli.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/database.js';

describe('auditready serve, users, orgs and tokens', () => {
  let store: TestStore;
  const cli = (args: string[], stdin?: string) => runCli(args, store.env, stdin);

  beforeAll(async () => {
    store = await createTestStore();
    expect((await cli(['init', '--org', 'Acme'])).code).toBe(0);
  });
  afterAll(() => store.cleanup());

  it('serve prints a one-time setup link on first run, answers, and shuts down on SIGTERM', async () => {
    const child = spawn(BIN, ['serve', '--port', '0'], {
      env: { ...process.env, DATABASE_URL: '', ...store.env, AUDITREADY_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 30_000);
      child.stdout.on('data', () => {
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match && out.includes('setup#token=')) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    const token = /setup#token=([A-Za-z0-9_-]+)/.exec(out)![1]!;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const setup = await fetch(`${base}/api/v1/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token,
        email: 'root@example.test',
        name: 'Root',
        password: 'first admin password',
      }),
    });
    expect(setup.status).toBe(200);
    const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  // The signal handling is the same on both engines; the moment start-up is under way is easy to see on SQLite
  // only (the process holds the store's file open).
  it.skipIf(TEST_DIALECT !== 'sqlite')(
    'serve stopped by SIGTERM while still starting finishes starting and exits 0',
    async () => {
      const child = spawn(BIN, ['serve', '--port', '0'], {
        env: { ...process.env, DATABASE_URL: '', ...store.env, AUDITREADY_LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      // Start-up is under way once the process holds the store open (it opens it before it listens).
      const holdsTheStore = () => {
        try {
          return readdirSync(`/proc/${child.pid}/fd`).some((fd) => {
            try {
              return readlinkSync(`/proc/${child.pid}/fd/${fd}`).endsWith('auditready.sqlite');
            } catch {
              return false;
            }
          });
        } catch {
          return false;
        }
      };
      const deadline = Date.now() + 30_000;
      while (!holdsTheStore()) {
        if (Date.now() > deadline) throw new Error(`serve never opened its store: ${out}`);
        await new Promise((r) => setTimeout(r, 2));
      }
      const listeningBeforeTheSignal = out.includes('listening on');
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
      expect(listeningBeforeTheSignal).toBe(false);
    },
  );

  it('serve prints the logins of a demo store last, under its own start-up lines', async () => {
    writeFileSync(
      join(store.env.AUDITREADY_DATA!, 'demo-logins.txt'),
      'sign in to the web UI with (demo data only):\n  admin       maya@x.example  password: pw-1\n',
      { mode: 0o600 },
    );
    // A write since the last checkpoint, so that the start-up's checkpoint run signs one and logs it.
    expect((await cli(['users', 'create-admin', 'logins@example.test'])).code).toBe(0);
    const child = spawn(BIN, ['serve', '--port', '0'], {
      env: { ...process.env, DATABASE_URL: '', ...store.env, AUDITREADY_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not print the logins: ${out}`)), 30_000);
      child.stdout.on('data', () => {
        if (out.includes('password: pw-1')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    expect(out.indexOf('listening on')).toBeGreaterThanOrEqual(0);
    expect(out.indexOf('sign in to the web UI')).toBeGreaterThan(out.indexOf('listening on'));
    // The first checkpoint run's log lines come before the logins, not after them.
    expect(out.lastIndexOf('checkpoint:')).toBeGreaterThan(out.indexOf('listening on'));
    expect(out.indexOf('sign in to the web UI'), out).toBeGreaterThan(out.lastIndexOf('checkpoint:'));
    // (A clean SIGTERM shutdown is the first test's.)
    const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
    child.kill('SIGTERM');
    await closed;
    rmSync(join(store.env.AUDITREADY_DATA!, 'demo-logins.txt'));
  });

  it('users create-admin prints a setup link, or takes a password on stdin', async () => {
    const link = await cli(['users', 'create-admin', 'ops@example.test']);
    expect(link.code).toBe(0);
    expect(link.stdout).toMatch(/setup#token=[A-Za-z0-9_-]{43}/);
    const withPassword = await cli(
      ['users', 'create-admin', 'sec@example.test', '--password-stdin'],
      'a long enough password\n',
    );
    expect(withPassword.code).toBe(0);
    expect(withPassword.stdout).not.toContain('setup#token');
    const again = await cli(
      ['users', 'create-admin', 'sec@example.test', '--password-stdin'],
      'a long enough password\n',
    );
    expect(again.code).toBe(1);
    const short = await cli(['users', 'create-admin', 'x@example.test', '--password-stdin'], 'short\n');
    expect(short.code).toBe(1);
    const guessable = await cli(
      ['users', 'create-admin', 'x@example.test', '--password-stdin'],
      'Password123!\n',
    );
    expect(guessable.code).toBe(1);
    expect(guessable.stderr).toContain('too easy to guess');
  });

  it('users disable disables an account everywhere', async () => {
    const disabled = await cli(['users', 'disable', 'ops@example.test']);
    expect(disabled.code).toBe(0);
    expect(disabled.stdout).toContain('ops@example.test disabled; 0 session(s) revoked');
    expect((await cli(['users', 'disable', 'nobody@example.test'])).code).toBe(1);
  });

  it('orgs create and list', async () => {
    const created = await cli(['orgs', 'create', 'Beta Corp', '--admin', 'sec@example.test']);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('organization: Beta Corp (beta-corp)');
    // An existing account becomes admin at once: no setup link.
    expect(created.stdout).toContain('admin: sec@example.test');
    expect(created.stdout).not.toContain('setup#token');
    const list = JSON.parse((await cli(['orgs', 'list', '--json'])).stdout) as { slug: string }[];
    expect(list.map((o) => o.slug)).toEqual(['acme', 'beta-corp']);
  });

  it('tokens create prints the token once; list shows its prefix; revoke revokes it', async () => {
    const created = await cli([
      'tokens',
      'create',
      '--name',
      'ci-evidence',
      '--role',
      'contributor',
      '--expires',
      '90d',
      '--org',
      'acme',
    ]);
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^ar_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(
      (await cli(['tokens', 'create', '--name', 'x', '--role', 'viewer', '--expires', '2y', '--org', 'acme']))
        .code,
    ).toBe(1);
    expect(
      (await cli(['tokens', 'create', '--name', 'x', '--role', 'root', '--expires', '1d', '--org', 'acme']))
        .code,
    ).toBe(2);
    const list = JSON.parse((await cli(['tokens', 'list', '--org', 'acme', '--json'])).stdout) as {
      id: string;
      prefix: string;
      role: string;
    }[];
    expect(list).toEqual([expect.objectContaining({ prefix: secret.split('_')[1], role: 'contributor' })]);
    // The random part (base64url, which may itself contain "_"), never shown again.
    expect(JSON.stringify(list)).not.toContain(secret.slice(`ar_${list[0]!.prefix}_`.length));
    const revoked = await cli(['tokens', 'revoke', list[0]!.id]);
    expect(revoked.code).toBe(0);
    expect((await cli(['tokens', 'list', '--org', 'acme'])).stdout).toContain('revoked');
  });
});
