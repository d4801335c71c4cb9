/**
 * The demo's non-human identities: its own realistic sample exports
 * (`samples/`, first copied from the importers' test fixtures, kept apart so
 * that tests may change theirs without changing the demo), imported through the same service as
 * `auditready import` (so the page shows real records, lifecycle events,
 * leaks and rule findings), and two owners assigned the way a lead would.
 * Everything else stays as the exports say: team aliases and unknown logins
 * leave identities orphaned, for the demo's people to fix.
 */
import { createReadStream } from 'node:fs';
import type { IsoDate } from '../../core/dates.js';
import type { Actor } from '../../core/ledger/chain.js';
import type { NhiImportKindName } from '../../importers/nhi/index.js';
import { shippedFile } from '../../platform/files/package-root.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { importNhi } from '../nhi/import/import.service.js';
import { countNhiRows } from '../nhi/inventory/nhi.repository.js';
import { assignNhiOwner } from '../nhi/inventory/owner.service.js';
import { roleHolderEmail } from './demo-people.js';

/** The exports the demo imports, in order (the scanner report last, so that its leaks link to keys). */
const DEMO_EXPORTS: { kind: NhiImportKindName; file: string; scope?: string }[] = [
  { kind: 'aws-credential-report', file: 'aws_iam_credential_report.csv' },
  { kind: 'aws-authorization-details', file: 'aws_get_account_authorization_details.json' },
  { kind: 'github-installations', file: 'github_org_installations.json' },
  { kind: 'github-pats', file: 'github_org_personal_access_tokens.json' },
  { kind: 'kubernetes', file: 'kubectl_get_sa_secrets_bindings.json', scope: 'prod-eks' },
  { kind: 'okta-api-tokens', file: 'okta_api_tokens.json' },
  { kind: 'trufflehog', file: 'trufflehog_results.jsonl' },
];

/** Owners a lead already assigned: a glob on names and external ids, and the role holder who owns them. */
const DEMO_ASSIGNMENTS: { match: string; role: string }[] = [
  { match: '*terraform*', role: 'SRE lead' },
  { match: 'github-actions-*', role: 'Head of engineering' },
];

const sample = (file: string) => shippedFile('src', 'modules', 'demo', 'samples', file);

/** Imports the demo's exports and assigns its owners; returns how many identities the inventory holds. */
export async function seedNonHumanIdentities(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  today: IsoDate,
): Promise<number> {
  for (const e of DEMO_EXPORTS) {
    await importNhi(stores, actor, orgId, {
      kind: e.kind,
      file: e.file,
      input: createReadStream(sample(e.file)),
      scope: e.scope,
      at: today,
    });
  }
  for (const a of DEMO_ASSIGNMENTS) {
    await assignNhiOwner(
      stores.database,
      actor,
      orgId,
      { match: a.match, ownerEmail: roleHolderEmail(a.role)! },
      { at: today },
    );
  }
  return countNhiRows(stores.database.db, orgId, { includeDeleted: true });
}
