import { spawn } from 'node:child_process';
import path from 'node:path';

/** The CLI entry point of this checkout. */
export const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'auditready');

/** What a CLI run printed and how it exited. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `bin/auditready` as a real child process with the given arguments and environment. */
export function runCli(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, {
      env: { ...process.env, DATABASE_URL: '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // Collect bytes and decode once: a multi-byte character split across two chunks would otherwise
    // turn into replacement characters (and make byte-identical round trips fail under load).
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
    child.stdin.end(stdin ?? '');
  });
}
