import type { Command } from '@commander-js/extra-typings';
import { installStarterLibrary } from '../../modules/controls/control.service.js';
import { ensureCatalogs } from '../../modules/frameworks/framework.service.js';
import { createOrganization, listOrganizations } from '../../modules/organizations/organization.service.js';
import { emailSchema } from '../../modules/people/person.schema.js';
import { makeOrgAdmin } from '../../modules/users/setup.service.js';
import { AppError } from '../../platform/errors.js';
import { write } from '../../platform/ledger/ledger.js';
import { cliActor, type GlobalOptions, withDatabase } from '../context.js';
import { printJson, printLines, printTable } from '../output.js';
import { publicBase } from './users.js';

/** `auditready orgs create NAME [--admin EMAIL]` and `auditready orgs list`. */
export function registerOrgs(program: Command<[], GlobalOptions>): void {
  const orgs = program.command('orgs').description('the organizations (tenants) of this installation');

  orgs
    .command('create')
    .description('create an organization with the starter control library')
    .argument('<name>', 'organization name')
    .option('--admin <email>', 'make this user (created if new) its admin')
    .action(async (name, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const admin = options.admin === undefined ? undefined : emailSchema.safeParse(options.admin);
      if (admin && !admin.success)
        throw new AppError('invalid_input', `${options.admin} is not a valid e-mail address`);
      const result = await withDatabase(opts, async (database) => {
        const actor = cliActor();
        await ensureCatalogs(database, actor);
        const org = await createOrganization(database, actor, name);
        const starter = await write(database, { actor, orgId: org.id }, (w) =>
          installStarterLibrary(w, org.id),
        );
        const added = admin?.success ? await makeOrgAdmin(database, actor, org.id, admin.data) : null;
        return { org, starterControls: starter.created, admin: added };
      });
      if (opts.json) {
        printJson(result);
        return;
      }
      printLines(
        `organization: ${result.org.name} (${result.org.slug}), ${result.starterControls} starter controls`,
      );
      if (result.admin) printLines(`admin: ${result.admin.email}`);
      if (result.admin?.setupToken) {
        printLines(`one-time setup link: ${publicBase()}/setup#token=${result.admin.setupToken}`);
      }
    });

  orgs
    .command('list')
    .description('list the organizations')
    .action(async (_options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const rows = await withDatabase(opts, (database) => listOrganizations(database.db));
      if (opts.json) {
        printJson(rows);
        return;
      }
      printTable(
        rows,
        [
          { header: 'SLUG', value: (o) => o.slug },
          { header: 'NAME', value: (o) => o.name },
          { header: 'ID', value: (o) => o.id },
          { header: 'CREATED', value: (o) => o.createdAt.slice(0, 10) },
        ],
        'no organizations yet: run `auditready init`',
      );
    });
}
