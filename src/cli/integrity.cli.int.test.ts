import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';
import { createTestStore, type TestStore } from '../../test/database.js';
import { encodeSignerKey, signerFromSeed } from '../core/ledger/signed-note.js';

describe('auditready checkpoint, verify --checkpoints and blobs gc', () => {
  let store: TestStore;
  let hook: Server;
  let hookUrl: string;
  const received: { contentType: string | undefined; body: string }[] = [];
  const cli = (...args: string[]) => runCli(args, store.env);

  beforeAll(async () => {
    store = await createTestStore();
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        received.push({ contentType: req.headers['content-type'], body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/checkpoints`;
    expect((await cli('init', '--org', 'Acme')).code).toBe(0);
  });
  afterAll(async () => {
    await new Promise((resolve) => hook.close(resolve));
    await store.cleanup();
  });

  it('signs every chain, skips unchanged ones, exports to a file and a webhook, and verify uses the file', async () => {
    const first = await cli('checkpoint', 'create');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^signed +chain installation: signed \d+ entries$/m);
    const again = await cli('checkpoint', 'create');
    expect(again.stdout).not.toContain('signed ');
    expect(again.stdout).toMatch(/^unchanged chain installation: no entry since checkpoint \d+$/m);

    const file = path.join(store.dataDir, '..', `${path.basename(store.dataDir)}-checkpoints.json`);
    const exported = await cli('checkpoint', 'export', '--out', file, '--webhook', hookUrl);
    expect(exported.code).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as {
      verifierKey: string;
      checkpoints: { note: string }[];
    };
    expect(doc.checkpoints).toHaveLength(2);
    expect(doc.checkpoints[0]!.note).toMatch(/\n\n\u2014 auditready-[0-9a-f]{8} [A-Za-z0-9+/]+=*\n$/);
    expect(received).toHaveLength(1);
    expect(received[0]!.contentType).toBe('application/json');
    expect(JSON.parse(received[0]!.body)).toEqual(doc);

    const ok = await cli('verify', '--checkpoints', file);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('OK     Checkpoint file: 2 checkpoints from');

    // Cut the organization chain's last entry and rewind its head; drop the stored checkpoints.
    const org = await store.database.db.selectFrom('organizations').select('id').executeTakeFirstOrThrow();
    const head = await store.database.db
      .selectFrom('ledger_heads')
      .selectAll()
      .where('chain', '=', org.id)
      .executeTakeFirstOrThrow();
    const seq = Number(head.seq);
    await sql`delete from activity where chain = ${org.id} and seq = ${seq}`.execute(store.database.db);
    await sql`update ledger_heads set seq = ${seq - 1}, hash = (select hash from activity where chain = ${org.id} and seq = ${seq - 1}) where chain = ${org.id}`.execute(
      store.database.db,
    );
    await sql`delete from checkpoints`.execute(store.database.db);
    expect((await cli('verify')).code).toBe(0);
    const cut = await cli('verify', '--checkpoints', file);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toContain('FAILED Checkpoint file');
    expect(cut.stderr).toContain(
      `signed ${seq} entries of chain ${org.id}, but the log now holds ${seq - 1}`,
    );
  });

  it('refuses a checkpoint file that is not an export, naming it', async () => {
    const file = path.join(store.dataDir, 'not-an-export.json');
    writeFileSync(file, '{"format":"something else"}');
    const run = await cli('verify', '--checkpoints', file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file}: not a checkpoint export: format`);
  });

  it('signs with the key given by AUDITREADY_SIGNING_KEY, and refuses a malformed one', async () => {
    const signer = signerFromSeed('auditready-env', Buffer.alloc(32, 9));
    const env = { ...store.env, AUDITREADY_SIGNING_KEY: encodeSignerKey(signer) };
    expect((await runCli(['orgs', 'create', 'Env Org'], env)).code).toBe(0);
    const run = await runCli(['checkpoint', 'create'], env);
    expect(run.stderr).toBe('');
    const exported = JSON.parse((await runCli(['checkpoint', 'export'], env)).stdout) as {
      verifierKey: string;
      checkpoints: { note: string }[];
    };
    expect(exported.verifierKey.startsWith('auditready-env+')).toBe(true);
    expect(exported.checkpoints.length).toBeGreaterThan(0);
    const bad = await runCli(['checkpoint', 'create'], { ...store.env, AUDITREADY_SIGNING_KEY: 'nonsense' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('AUDITREADY_SIGNING_KEY is not a signing key');
    expect(bad.stderr).not.toContain('nonsense');
  });

  it('blobs gc --dry-run lists unreferenced old files; gc removes them and records it', async () => {
    const blobs = path.join(store.dataDir, 'blobs', 'sha256');
    const orphan = 'ab'.padEnd(64, '0');
    const file = path.join(blobs, 'ab', orphan.slice(2));
    const { mkdirSync, utimesSync, existsSync } = await import('node:fs');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'orphan');
    const old = new Date(Date.now() - 48 * 3600_000);
    utimesSync(file, old, old);
    const dry = await cli('blobs', 'gc', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would remove 1 unreferenced files (6 bytes)');
    expect(existsSync(file)).toBe(true);
    const gc = await cli('blobs', 'gc');
    expect(gc.stdout).toContain(`removed 1 unreferenced files (6 bytes)\n  ${orphan}`);
    expect(existsSync(file)).toBe(false);
    const entry = await store.database.db
      .selectFrom('activity')
      .select(['chain', 'change'])
      .where('record_type', '=', 'blobs')
      .executeTakeFirstOrThrow();
    expect(entry.chain).toBe('installation');
    expect(JSON.parse(entry.change)).toMatchObject({ removed: [orphan], count: 1, bytes: 6 });
  });
});
