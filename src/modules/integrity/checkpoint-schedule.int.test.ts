import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, createHarness, type Harness } from '../../../test/factories.js';
import { signerFromSeed } from '../../core/ledger/signed-note.js';
import type { CheckpointOutcome } from './checkpoint.service.js';
import { startCheckpointSchedule } from './checkpoint-schedule.js';

describe('checkpoint schedule (serve)', () => {
  let h: Harness;
  let hook: Server;
  let url: string;
  const posts: string[] = [];

  beforeAll(async () => {
    h = await createHarness();
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        posts.push(body);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(hook.address() as { port: number }).port}/`;
  });
  afterAll(async () => {
    await new Promise((resolve) => hook.close(resolve));
    await h.close();
  });

  it('signs at start and on every tick that has new entries, skips the others, and posts each new export', async () => {
    const runs: CheckpointOutcome[][] = [];
    const errors: unknown[] = [];
    const signer = signerFromSeed('auditready-schedule', Buffer.alloc(32, 1));
    const schedule = startCheckpointSchedule(h.store.database, signer, {
      intervalMs: 150,
      webhookUrl: url,
      onRun: (o) => runs.push(o),
      onError: (e) => errors.push(e),
    });
    try {
      await expect.poll(() => runs.length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
      expect(runs[0]!.map((o) => o.status)).toEqual(['signed']);
      expect(runs[1]!.map((o) => o.status)).toEqual(['unchanged']);
      expect(posts).toHaveLength(1);
      await buildOrg(h, 'Grows');
      const seen = runs.length;
      await expect
        .poll(() => runs.slice(seen).some((r) => r.some((o) => o.status === 'signed')), { timeout: 5000 })
        .toBe(true);
      await expect.poll(() => posts.length, { timeout: 5000 }).toBe(2);
      const doc = JSON.parse(posts[1]!) as { checkpoints: { chain: string }[] };
      expect(doc.checkpoints).toHaveLength(2);
      expect(errors).toEqual([]);
    } finally {
      await schedule.stop();
    }
    const after = runs.length;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(runs.length).toBe(after);
  });
});
