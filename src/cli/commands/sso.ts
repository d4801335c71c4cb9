import type { Command } from '@commander-js/extra-typings';
import { ssoConfigInputSchema } from '../../modules/sso/sso.schema.js';
import { configureSso, getSsoConfig, testSso } from '../../modules/sso/sso-config.service.js';
import { loadSecretBox } from '../../platform/auth/secret-box.js';
import { AppError } from '../../platform/errors.js';
import { cliActor, dataDir, type GlobalOptions, withOrganization } from '../context.js';
import { printJson, printLines } from '../output.js';
import { publicBase } from './users.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `auditready sso configure|show|test`: an organization's OpenID Connect single sign-on (docs/decisions/0015). */
export function registerSso(program: Command<[], GlobalOptions>): void {
  const sso = program
    .command('sso')
    .description("an organization's single sign-on with OpenID Connect (--org picks the organization)");

  sso
    .command('configure')
    .description(
      'save the settings (options not given keep their saved value); the client secret is read from standard input, never from the command line',
    )
    .option('--issuer <url>', 'the issuer URL (discovery at /.well-known/openid-configuration)')
    .option('--client-id <id>', 'the client id registered at the provider')
    .option('--client-secret-stdin', 'read the client secret from standard input (sealed at rest)')
    .option('--no-client-secret', 'remove the saved client secret (a public client with PKCE)')
    .option('--scopes <scopes>', 'space-separated scopes (default "openid email profile")')
    .option('--group-claim <claim>', 'the claim that lists groups (e.g. groups)')
    .option(
      '--map <group=role>',
      'map a group to a role (repeatable; replaces the saved mapping)',
      collect,
      [],
    )
    .option('--default-role <role>', 'role of a person none of whose groups is mapped (default viewer)')
    .option('--required', 'refuse passwords for members (installation admins exempt)')
    .option('--not-required', 'allow passwords again')
    .option('--disable', 'turn single sign-on off')
    .option('--enable', 'turn single sign-on on')
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const secret = options.clientSecretStdin
        ? await readStdin()
        : options.clientSecret === false
          ? null
          : undefined;
      const mapping = options.map.map((entry) => {
        const at = entry.lastIndexOf('=');
        if (at <= 0) throw new AppError('invalid_input', `--map ${entry}: write it as group=role`);
        return { group: entry.slice(0, at), role: entry.slice(at + 1) };
      });
      const view = await withOrganization(opts, async (database, org) => {
        const current = await getSsoConfig(database, org.id);
        const raw = {
          issuer: options.issuer ?? current?.issuer,
          clientId: options.clientId ?? current?.clientId,
          ...(secret === undefined ? {} : { clientSecret: secret }),
          scopes: options.scopes ?? current?.scopes,
          groupClaim: options.groupClaim ?? current?.groupClaim ?? null,
          roleMapping: options.map.length > 0 ? mapping : (current?.roleMapping ?? []),
          defaultRole: options.defaultRole ?? current?.defaultRole,
          required: options.required ? true : options.notRequired ? false : (current?.required ?? false),
          enabled: options.disable ? false : options.enable ? true : (current?.enabled ?? true),
        };
        const parsed = ssoConfigInputSchema.safeParse(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          throw new AppError('invalid_input', `${issue.path.join('.') || 'settings'}: ${issue.message}`);
        }
        const box = await loadSecretBox(dataDir(opts));
        return configureSso(database, cliActor(), org.id, parsed.data, box, new Date().toISOString());
      });
      if (opts.json) printJson(view);
      else
        printLines(
          `single sign-on saved: ${view.issuer} (client ${view.clientId}), ${view.enabled ? 'enabled' : 'disabled'}${view.required ? ', required' : ''}`,
        );
    });

  sso
    .command('show')
    .description('print the settings (never the client secret) and the URIs to register at the provider')
    .action(async (_options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const { org, view } = await withOrganization(opts, async (database, org) => ({
        org,
        view: await getSsoConfig(database, org.id),
      }));
      const base = publicBase();
      const uris = {
        redirectUri: `${base}/api/v1/auth/sso/callback`,
        postLogoutRedirectUri: `${base}/sign-in`,
        startUrl: `${base}/api/v1/auth/sso/${org.slug}/start`,
      };
      if (opts.json) {
        printJson({ config: view, ...uris });
        return;
      }
      if (!view) printLines(`${org.slug}: no single sign-on configured`);
      else {
        printLines(
          `issuer:         ${view.issuer}`,
          `client id:      ${view.clientId}`,
          `client secret:  ${view.hasSecret ? 'set (sealed)' : 'none'}`,
          `scopes:         ${view.scopes}`,
          `group claim:    ${view.groupClaim ?? '-'}`,
          `mapping:        ${view.roleMapping.map((m) => `${m.group}=${m.role}`).join(', ') || '-'}`,
          `default role:   ${view.defaultRole}`,
          `required:       ${view.required ? 'yes' : 'no'}`,
          `enabled:        ${view.enabled ? 'yes' : 'no'}`,
        );
      }
      printLines(
        `redirect URI:   ${uris.redirectUri}`,
        `logout return:  ${uris.postLogoutRedirectUri}`,
        `start URL:      ${uris.startUrl}`,
      );
    });

  sso
    .command('test')
    .description(
      'run discovery against the saved issuer and report what the provider offers (exit 1 when it fails)',
    )
    .action(async (_options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const result = await withOrganization(opts, async (database, org) =>
        testSso(database, org.id, await loadSecretBox(dataDir(opts)), new Date().toISOString()),
      );
      if (opts.json) printJson(result);
      else
        printLines(
          result.ok ? `ok: ${result.issuer}` : `failed: ${result.issuer}: ${result.error}`,
          `authorization:  ${result.authorizationEndpoint ?? '-'}`,
          `token:          ${result.tokenEndpoint ?? '-'}`,
          `keys (JWKS):    ${result.jwksUri ?? '-'}`,
          `logout:         ${result.endSessionEndpoint ?? 'not offered'}`,
          `PKCE S256:      ${result.codeChallengeS256 ? 'yes' : 'no'}`,
        );
      if (!result.ok) process.exitCode = 1;
    });
}
