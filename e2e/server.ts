import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const BIN = join(import.meta.dirname, '..', 'bin', 'auditready');
/** Where global-setup.ts built the demo (a data folder plus demo.json, the demo's output). */
export const TEMPLATE_ENV = 'AUDITREADY_E2E_DEMO';

export interface DemoServer {
  base: string;
  /** The server's data folder (a CLI run against the same store passes `--data`). */
  data: string;
  users: { email: string; role: string; password: string }[];
  stop: () => void;
}

/**
 * Copies the demo built for this run into a fresh data folder (or builds it there when the run has
 * none, e.g. a file run on its own outside the e2e project) and starts `auditready serve` on a free port.
 */
export async function startDemoServer(): Promise<DemoServer> {
  const data = await mkdtemp(join(tmpdir(), 'auditready-e2e-'));
  const template = process.env[TEMPLATE_ENV];
  let demo: string;
  if (template) {
    await cp(template, data, { recursive: true });
    demo = await readFile(join(data, 'demo.json'), 'utf8');
  } else {
    demo = (
      await promisify(execFile)(BIN, ['demo', '--data', data, '--json'], {
        env: { ...process.env, DATABASE_URL: '' },
      })
    ).stdout;
  }
  const users = (JSON.parse(demo) as { users: DemoServer['users'] }).users;
  const child: ChildProcess = spawn(BIN, ['serve', '--data', data, '--port', '0'], {
    env: { ...process.env, DATABASE_URL: '', AUDITREADY_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
  return { base, data, users, stop: () => child.kill('SIGTERM') };
}
