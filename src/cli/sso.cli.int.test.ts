import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';
import { createTestStore, type TestStore } from '../../test/database.js';
import { startTestProvider, type TestProvider } from '../../test/oidc-provider.js';
import { secretKeyPath } from '../platform/auth/secret-box.js';

/** `auditready sso configure|show|test` as real child processes, against a real OpenID provider. */
describe('auditready sso', { timeout: 240_000 }, () => {
  let store: TestStore;
  let idp: TestProvider;
  const cli = (args: string[], stdin?: string) => runCli(args, store.env, stdin);

  beforeAll(async () => {
    store = await createTestStore();
    idp = await startTestProvider({
      redirectUris: ['http://127.0.0.1:8080/api/v1/auth/sso/callback'],
      postLogoutRedirectUris: [],
    });
    expect((await cli(['init', '--org', 'Cli Sso'])).code).toBe(0);
  });
  afterAll(async () => {
    await idp?.close();
    await store?.cleanup();
  });

  it('configures with the secret from standard input, shows it without the secret, and tests discovery', async () => {
    const configured = await cli(
      [
        'sso',
        'configure',
        '--issuer',
        idp.issuer,
        '--client-id',
        idp.clientId,
        '--client-secret-stdin',
        '--group-claim',
        'groups',
        '--map',
        'eng=contributor',
        '--required',
      ],
      `${idp.clientSecret}\n`,
    );
    expect(configured.stderr).toBe('');
    expect(configured.code).toBe(0);
    expect(configured.stdout).toContain('required');
    expect((await stat(secretKeyPath(store.dataDir))).mode & 0o777).toBe(0o600);

    const shown = await cli(['--json', 'sso', 'show']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).not.toContain(idp.clientSecret);
    expect(JSON.parse(shown.stdout).config).toMatchObject({
      issuer: idp.issuer,
      hasSecret: true,
      roleMapping: [{ group: 'eng', role: 'contributor' }],
      required: true,
      defaultRole: 'viewer',
    });

    const tested = await cli(['sso', 'test']);
    expect(tested.code).toBe(0);
    expect(tested.stdout).toContain(`ok: ${idp.issuer}`);

    // A partial change keeps the rest, the secret included.
    expect((await cli(['sso', 'configure', '--not-required'])).code).toBe(0);
    expect(JSON.parse((await cli(['--json', 'sso', 'show'])).stdout).config).toMatchObject({
      required: false,
      hasSecret: true,
    });
  });

  it('reports a failed discovery with exit code 1, and refuses bad settings with the field', async () => {
    expect((await cli(['sso', 'configure', '--issuer', 'http://127.0.0.1:9'])).code).toBe(0);
    const failed = await cli(['sso', 'test']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^failed: http:\/\/127\.0\.0\.1:9/);
    const bad = await cli(['sso', 'configure', '--map', 'eng=auditor']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('roleMapping');
  });
});
