import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_LOGINS_FILE, readDemoLogins, writeDemoLogins } from './demo-logins.js';

describe('the demo logins kept for serve', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps them readable by the owner only and reads them back line for line', () => {
    dir = mkdtempSync(join(tmpdir(), 'logins-'));
    expect(readDemoLogins(dir)).toBeNull();
    writeDemoLogins(dir, [
      { email: 'maya@x.example', name: 'Maya', role: 'admin', password: 'pw-1' },
      { email: 'ngozi@x.example', name: 'Ngozi', role: 'contributor', password: 'pw-2' },
    ]);
    expect(statSync(join(dir, DEMO_LOGINS_FILE)).mode & 0o777).toBe(0o600);
    expect(readDemoLogins(dir)).toEqual([
      'sign in to the web UI with (demo data only):',
      '  admin       maya@x.example  password: pw-1',
      '  contributor ngozi@x.example  password: pw-2',
    ]);
  });
});
