import { type Command, Option } from '@commander-js/extra-typings';
import { resolveEngagement } from '../../modules/engagements/engagement.service.js';
import { listOrganizations, resolveOrganization } from '../../modules/organizations/organization.service.js';
import { emailSchema } from '../../modules/people/person.schema.js';
import { inviteMember } from '../../modules/users/invitation.service.js';
import { createAdmin, disableUser } from '../../modules/users/setup.service.js';
import { newPasswordSchema } from '../../modules/users/user.schema.js';
import { ROLES } from '../../platform/auth/policy.js';
import { DEFAULT_AUTH_SETTINGS } from '../../platform/auth/settings.js';
import { AppError } from '../../platform/errors.js';
import { cliActor, type GlobalOptions, withDatabase, withOrganization } from '../context.js';
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

/** `auditready users create-admin EMAIL [--name NAME] [--password-stdin]`, `users invite EMAIL --role R [--engagement E]` and `users disable EMAIL`. */
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
    .command('invite')
    .description(
      'invite an e-mail address to the organization with a role; an auditor names the one engagement they see (--engagement)',
    )
    .argument('<email>', "the invitee's e-mail")
    .addOption(new Option('--role <role>', 'their role').choices(ROLES).makeOptionMandatory())
    .option(
      '--engagement <id>',
      'the engagement an auditor is scoped to (id or unique prefix; auditors only)',
    )
    .option('--name <name>', 'display name (default: the part of the e-mail before @)')
    .action(async (rawEmail, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const email = emailSchema.safeParse(rawEmail);
      if (!email.success) throw new AppError('invalid_input', `${rawEmail} is not a valid e-mail address`);
      if (options.role === 'auditor' && !options.engagement)
        throw new AppError('invalid_input', '--engagement: an auditor is scoped to one engagement: name it');
      if (options.role !== 'auditor' && options.engagement)
        throw new AppError('invalid_input', `--engagement: only an auditor is scoped to an engagement`);
      const issued = await withOrganization(opts, async (database, org) => {
        const engagement = options.engagement
          ? await resolveEngagement(database, org.id, options.engagement)
          : null;
        return inviteMember(
          database,
          cliActor(),
          org.id,
          {
            email: email.data,
            name: options.name ?? email.data.split('@')[0]!,
            role: options.role,
            engagementId: engagement?.id ?? null,
          },
          new Date().toISOString(),
        );
      });
      const link = `${publicBase()}/invite#token=${issued.inviteToken}`;
      if (opts.json) {
        printJson({ ...issued, link });
        return;
      }
      printLines(
        `invited ${issued.invitation.email} as ${issued.invitation.role}${issued.invitation.engagementId ? ` of engagement ${issued.invitation.engagementId}` : ''} (expires ${issued.invitation.expiresAt})`,
        'one-time invitation link (shown once):',
        `  ${link}`,
      );
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
