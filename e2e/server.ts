import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const BIN = join(import.meta.dirname, '..', 'bin', 'auditready');

export interface DemoServer {
  base: string;
  users: { email: string; role: string; password: string }[];
  stop: () => void;
}

/** Builds the demo into a fresh data folder and starts `auditready serve` on a free port. */
export async function startDemoServer(): Promise<DemoServer> {
  const data = await mkdtemp(join(tmpdir(), 'auditready-e2e-'));
  const { stdout } = await promisify(execFile)(BIN, ['demo', '--data', data, '--json'], {
    env: { ...process.env, DATABASE_URL: '' },
  });
  const users = (JSON.parse(stdout) as { users: DemoServer['users'] }).users;
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
  return { base, users, stop: () => child.kill('SIGTERM') };
}
