import { readFileSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import {
  collectGithubConnection,
  getGithubConnections,
  putGithubConnection,
  removeGithubConnection,
} from '../../modules/connectors/connectors.service.js';
import { loadSecretBox } from '../../platform/auth/secret-box.js';
import { systemClock, todayIso } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { blobsOf, cliActor, dataDir, type GlobalOptions, withOrganization } from '../context.js';
import { printJson, printLines, printTable } from '../output.js';

/** The token from a file or an environment variable: never an argument (a command line is visible to every user). */
function readToken(options: { tokenFile?: string; tokenEnv?: string }): string | undefined {
  if (options.tokenFile) return readFileSync(options.tokenFile, 'utf8').trim();
  if (options.tokenEnv) {
    const value = process.env[options.tokenEnv];
    if (!value) throw new AppError('invalid_input', `${options.tokenEnv} is not set`, { field: 'token' });
    return value.trim();
  }
  return undefined;
}

/** A GitHub App credential from its ids and a key file (never the key as an argument); undefined without `--app-id`. */
function readApp(options: {
  appId?: string;
  installationId?: string;
  privateKeyFile?: string;
}): { appId: string; installationId: string; privateKey: string } | undefined {
  if (
    options.appId === undefined &&
    options.installationId === undefined &&
    options.privateKeyFile === undefined
  )
    return undefined;
  if (!options.appId || !options.installationId || !options.privateKeyFile)
    throw new AppError(
      'invalid_input',
      'a GitHub App credential needs --app-id, --installation-id and --private-key-file together',
      { field: 'app' },
    );
  return {
    appId: options.appId,
    installationId: options.installationId,
    privateKey: readFileSync(options.privateKeyFile, 'utf8'),
  };
}

/** `auditready connectors github list|set|remove|collect` (docs/decisions/0033). */
export function registerConnectors(program: Command<[], GlobalOptions>): void {
  const github = program
    .command('connectors')
    .description('connectors the weekly run collects from (GitHub)')
    .command('github')
    .description('GitHub organizations: pull requests, deployments and non-human identities through the API');

  github
    .command('list')
    .description('the connected GitHub organizations and each one’s last collection')
    .action(async (_options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const rows = await withOrganization(opts, (db, org) => getGithubConnections(db, org.id));
      if (opts.json) return printJson(rows);
      printTable(
        rows,
        [
          { header: 'ACCOUNT', value: (c) => c.account },
          { header: 'API', value: (c) => c.apiUrl },
          {
            header: 'CREDENTIAL',
            value: (c) => (c.app ? `app ${c.app.appId} installation ${c.app.installationId}` : 'token'),
          },
          { header: 'REPOSITORIES', value: (c) => (c.repositories ? c.repositories.join(',') : 'all') },
          { header: 'ENABLED', value: (c) => (c.enabled ? 'yes' : 'no') },
          { header: 'LAST RUN', value: (c) => (c.lastRun ? `${c.lastRun.status} ${c.lastRun.at}` : '') },
        ],
        'no GitHub connection',
      );
    });

  github
    .command('set')
    .description(
      'connect a GitHub organization with a token or as a GitHub App, or change its repositories, API URL or credential',
    )
    .argument('<account>', 'the GitHub organization')
    .option('--token-env <name>', 'read the token from this environment variable (e.g. GITHUB_TOKEN)')
    .option('--token-file <path>', 'read the token from this file')
    .option(
      '--app-id <id>',
      'authenticate as this GitHub App (with --installation-id and --private-key-file)',
    )
    .option('--installation-id <id>', 'the GitHub App’s installation id on the organization')
    .option('--private-key-file <path>', 'the GitHub App’s private key (PEM); stored sealed')
    .option('--api-url <url>', 'the REST API base URL (GitHub Enterprise Server: https://HOST/api/v3)')
    .option(
      '--repos <names>',
      'repositories to collect, separated by commas (default: every one not archived)',
    )
    .option('--all-repos', 'collect every repository not archived')
    .option('--disable', 'keep the connection but leave it out of the weekly run')
    .option('--enable', 'collect it again in the weekly run')
    .action(async (account, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const secretBox = await loadSecretBox(dataDir(opts));
      const token = readToken(options);
      const app = readApp(options);
      const input = {
        ...(token === undefined ? {} : { token }),
        ...(app === undefined ? {} : { app }),
        ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
        ...(options.repos
          ? {
              repositories: options.repos
                .split(',')
                .map((r) => r.trim())
                .filter(Boolean),
            }
          : {}),
        ...(options.allRepos ? { repositories: null } : {}),
        ...(options.disable ? { enabled: false } : options.enable ? { enabled: true } : {}),
      };
      const c = await withOrganization(opts, (db, org) =>
        putGithubConnection(db, cliActor(), org.id, account, input, { secretBox, clock: systemClock }),
      );
      if (opts.json) return printJson(c);
      printLines(
        `GitHub organization ${c.account} connected (${c.app ? `as GitHub App ${c.app.appId}, installation ${c.app.installationId}; key` : 'token'} sealed; collected by the weekly run)`,
      );
    });

  github
    .command('remove')
    .description('disconnect a GitHub organization (what it collected stays)')
    .argument('<account>', 'the GitHub organization')
    .action(async (account, _options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      await withOrganization(opts, (db, org) => removeGithubConnection(db, cliActor(), org.id, account));
      if (opts.json) return printJson({ removed: account });
      printLines(`GitHub organization ${account} disconnected`);
    });

  github
    .command('collect')
    .description('collect a connected GitHub organization now')
    .argument('<account>', 'the GitHub organization')
    .option('--at <date>', 'the date the rules judge at (default today)')
    .action(async (account, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const secretBox = await loadSecretBox(dataDir(opts));
      const r = await withOrganization(opts, (database, org) =>
        collectGithubConnection(
          { database, blobs: blobsOf(opts), secretBox, clock: systemClock },
          cliActor(),
          org.id,
          { account },
          { at: options.at ?? todayIso() },
        ),
      );
      if (opts.json) return printJson(r);
      printLines(
        `${r.account}: ${r.repositories} repositories, ${r.stats.requests} requests, ${r.stats.rateLimitWaits} rate-limit waits`,
        ...r.imports.map((i) => `${i.status.padEnd(9)} ${i.unit} (${i.records} records)`),
        ...r.problems.map((p) => `refused   ${p.unit}: ${p.status} ${p.message}`),
      );
      if (r.problems.length > 0) process.exitCode = 1;
    });
}
