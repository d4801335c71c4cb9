import type { Command } from '@commander-js/extra-typings';
import { encodeVerifierKey, verifierOf } from '../../core/ledger/signed-note.js';
import { initializeInstallation } from '../../modules/installation/initialize.js';
import { loadSigningKey, SIGNING_KEY_ENV, signingKeyPath } from '../../platform/ledger/signing-key.js';
import { cliActor, dataDir, type GlobalOptions, withDatabase } from '../context.js';
import { printJson, printLines } from '../output.js';

/** `auditready init [--org NAME]`: creates the store, installs catalogs, the first organization and its starter controls. */
export function registerInit(program: Command<[], GlobalOptions>): void {
  program
    .command('init')
    .description(
      'create the data store, load the framework catalogs and create the organization with the starter controls',
    )
    .action(async (_opts, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      await withDatabase(opts, async (database) => {
        const result = await initializeInstallation(database, cliActor(), opts.org);
        // The checkpoint signing key (docs/decisions/0010): the given one, or a new file (mode 0600).
        const signer = (await loadSigningKey(dataDir(opts), { create: true }))!;
        const keyLine = `checkpoint signing key: ${encodeVerifierKey(verifierOf(signer))} (${
          process.env[SIGNING_KEY_ENV] ? `from $${SIGNING_KEY_ENV}` : signingKeyPath(dataDir(opts))
        })`;
        if (opts.json) {
          printJson({ ...result, verifierKey: encodeVerifierKey(verifierOf(signer)) });
          return;
        }
        const catalogs = result.catalogsInstalled.length
          ? `frameworks installed: ${result.catalogsInstalled.join(', ')}`
          : 'frameworks are current';
        if (!result.created) {
          printLines(
            `already initialized: ${result.organizations.map((o) => `${o.name} (${o.slug})`).join(', ')}`,
            catalogs,
          );
          return;
        }
        const org = result.organizations[0]!;
        printLines(
          `initialized ${database.description}`,
          `organization: ${org.name} (${org.slug})`,
          catalogs,
          `starter controls: ${result.starterControls}`,
          keyLine,
          '',
          'next: import your people    auditready people import roster.csv',
          `      then assign owners    auditready controls assign CODE EMAIL --data ${dataDir(opts)}`,
        );
      });
    });
}
