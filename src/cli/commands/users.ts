import type { Command } from '@commander-js/extra-typings';
import { listOrganizations, resolveOrganization } from '../../modules/organizations/organization.service.js';
import { emailSchema } from '../../modules/people/person.schema.js';
import { createAdmin, disableUser } from '../../modules/users/setup.service.js';
import { newPasswordSchema } from '../../modules/users/user.schema.js';
import { DEFAULT_AUTH_SETTINGS } from '../../platform/auth/settings.js';
import { AppError } from '../../platform/errors.js';
import { cliActor, type GlobalOptions, withDatabase } from '../context.js';
import { printJson, printLines } from '../output.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** The base URL setup links point at. */
export function publicBase(): string {
  return process.env.AUDITREADY_PUBLIC_URL?.replace(/\/+$/, '') || 'http://127.0.0.1:8080';
}

/** `auditready users create-admin EMAIL [--name NAME] [--password-stdin]` and `users disable EMAIL`. */
export function registerUsers(program: Command<[], GlobalOptions>): void {
  const users = program.command('users').description('people who can sign in');

  users
    .command('create-admin')
    .description(
      'create a user who is admin of every organization (or of --org); prints a one-time setup link unless --password-stdin',
    )
    .argument('<email>', "the admin's e-mail")
    .option('--name <name>', 'display name (default: the part of the e-mail before @)')
    .option('--password-stdin', 'read the password from standard input instead of printing a setup link')
    .action(async (rawEmail, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const email = emailSchema.safeParse(rawEmail);
      if (!email.success) throw new AppError('invalid_input', `${rawEmail} is not a valid e-mail address`);
      let password: string | undefined;
      if (options.passwordStdin) {
        const parsed = newPasswordSchema.safeParse(await readStdin());
        if (!parsed.success) throw new AppError('invalid_input', parsed.error.issues[0]!.message);
        password = parsed.data;
      }
      const result = await withDatabase(opts, async (database) => {
        const orgIds = opts.org
          ? [(await resolveOrganization(database, opts.org)).id]
          : (await listOrganizations(database.db)).map((o) => o.id);
        const name = options.name ?? email.data.split('@')[0]!;
        return createAdmin(
          database,
          cliActor(),
          { email: email.data, name, password, orgIds },
          DEFAULT_AUTH_SETTINGS,
        );
      });
      const link = result.setupToken ? `${publicBase()}/setup#token=${result.setupToken}` : null;
      if (opts.json) {
        printJson({ user: result.user, setupToken: result.setupToken, setupLink: link });
        return;
      }
      printLines(`admin ${result.user.email} created`);
      if (result.setupToken) {
        printLines(
          'one-time setup link (valid 72 h) to choose the password:',
          `  ${link}`,
          `  or: POST /api/v1/auth/setup {"token":"${result.setupToken}","password":"…"}`,
        );
      }
    });

  users
    .command('disable')
    .description(
      'disable an account everywhere (installation admins): it can no longer sign in and every session it has is revoked',
    )
    .argument('<email>', "the account's e-mail")
    .action(async (rawEmail, _options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const email = emailSchema.safeParse(rawEmail);
      if (!email.success) throw new AppError('invalid_input', `${rawEmail} is not a valid e-mail address`);
      const result = await withDatabase(opts, (database) =>
        disableUser(database, cliActor(), email.data, new Date().toISOString()),
      );
      if (opts.json) {
        printJson(result);
        return;
      }
      printLines(`${result.email} disabled; ${result.sessionsRevoked} session(s) revoked`);
    });
}
