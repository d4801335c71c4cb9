/**
 * The demo's sign-in lines, kept beside its store so that `serve` can print
 * them last (under its own start-up lines, where `npm run demo` leaves them in
 * sight). Only `auditready demo` writes the file (mode 0600, demo data only);
 * a store built any other way has none, and serve prints nothing.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoUser } from '../modules/demo/demo-users.js';

/** The file in the data folder. */
export const DEMO_LOGINS_FILE = 'demo-logins.txt';

/** The sign-in lines of the demo's users. */
export function demoLoginLines(users: readonly DemoUser[]): string[] {
  return [
    'sign in to the web UI with (demo data only):',
    ...users.map((u) => `  ${u.role.padEnd(11)} ${u.email}  password: ${u.password}`),
  ];
}

/** Keeps the lines in DIR/demo-logins.txt, readable by the owner only. */
export function writeDemoLogins(dir: string, users: readonly DemoUser[]): void {
  const path = join(dir, DEMO_LOGINS_FILE);
  writeFileSync(path, `${demoLoginLines(users).join('\n')}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** The kept lines, or null when the store is not a demo's. */
export function readDemoLogins(dir: string): string[] | null {
  const path = join(dir, DEMO_LOGINS_FILE);
  if (!existsSync(path)) return null;
  return readFileSync(path, 'utf8').trimEnd().split('\n');
}
