import { type Command, Option } from '@commander-js/extra-typings';
import { MAX_TOKEN_DAYS } from '../../modules/api-tokens/api-token.schema.js';
import {
  createApiToken,
  listApiTokens,
  revokeTokenById,
} from '../../modules/api-tokens/api-token.service.js';
import { parseExpiryDays } from '../../platform/auth/api-token-format.js';
import { ROLES } from '../../platform/auth/policy.js';
import { AppError } from '../../platform/errors.js';
import { cliActor, type GlobalOptions, withDatabase, withOrganization } from '../context.js';
import { printJson, printLines, printTable } from '../output.js';

function status(t: { revokedAt: string | null; expiresAt: string }): string {
  if (t.revokedAt) return 'revoked';
  return t.expiresAt <= new Date().toISOString() ? 'expired' : 'active';
}

/** `auditready tokens create|list|revoke`: API tokens for automation. */
export function registerTokens(program: Command<[], GlobalOptions>): void {
  const tokens = program.command('tokens').description('API tokens for automation (Authorization: Bearer)');

  tokens
    .command('create')
    .description('create a token for the organization; the token is printed once')
    .requiredOption('--name <name>', 'what the token is for, e.g. ci-evidence')
    .addOption(new Option('--role <role>', 'its role').choices(ROLES).makeOptionMandatory())
    .requiredOption(
      '--expires <duration>',
      `lifetime such as 30d, 12w, 6m, 1y (at most ${MAX_TOKEN_DAYS} days)`,
    )
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const days = parseExpiryDays(options.expires);
      if (days === null)
        throw new AppError('invalid_input', `--expires ${options.expires}: use e.g. 90d, 12w, 6m, 1y`);
      if (days < 1 || days > MAX_TOKEN_DAYS) {
        throw new AppError('invalid_input', `--expires: a token lives 1 to ${MAX_TOKEN_DAYS} days`);
      }
      const created = await withOrganization(opts, (database, org) =>
        createApiToken(database, cliActor(), org.id, {
          name: options.name,
          role: options.role,
          expiresInDays: days,
        }),
      );
      if (opts.json) {
        printJson(created);
        return;
      }
      printLines(created.secret);
      process.stderr.write(
        `token ${created.token.name} (prefix ${created.token.prefix}, role ${created.token.role}) expires ${created.token.expiresAt}; it is shown only this once\n`,
      );
    });

  tokens
    .command('list')
    .description("list the organization's tokens (never their secrets)")
    .action(async (_options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const rows = await withOrganization(opts, (database, org) =>
        listApiTokens(database, org.id, { limit: 10_000 }),
      );
      if (opts.json) {
        printJson(rows);
        return;
      }
      printTable(
        rows,
        [
          { header: 'ID', value: (t) => t.id },
          { header: 'PREFIX', value: (t) => t.prefix },
          { header: 'NAME', value: (t) => t.name },
          { header: 'ROLE', value: (t) => t.role },
          { header: 'EXPIRES', value: (t) => t.expiresAt.slice(0, 10) },
          { header: 'LAST USED', value: (t) => t.lastUsedAt?.slice(0, 16) ?? '-' },
          { header: 'STATUS', value: status },
        ],
        'no tokens',
      );
    });

  tokens
    .command('revoke')
    .description('revoke a token by id')
    .argument('<id>', 'token id (from tokens list)')
    .action(async (id, _options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const token = await withDatabase(opts, (database) => revokeTokenById(database, cliActor(), id));
      if (opts.json) printJson(token);
      else printLines(`revoked ${token.name} (prefix ${token.prefix})`);
    });
}
