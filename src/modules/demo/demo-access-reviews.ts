/**
 * The demo's quarter of access reviews: the GitHub organization's review,
 * completed last month (one revocation, closed by the next account list), and
 * the AWS production review in progress (people accounts and the IAM users
 * of the inventory), reviewed by the SRE lead and the security lead, with two
 * revocations: one decided ten days ago whose follow-up is overdue, one
 * recent. The SRE lead's own account and the identities they own show as
 * theirs to leave to the other reviewer.
 */
import { Readable } from 'node:stream';
import { addDays, type IsoDate } from '../../core/dates.js';
import type { Actor } from '../../core/ledger/chain.js';
import { createCampaign } from '../access-reviews/access-review.service.js';
import { completeCampaign } from '../access-reviews/access-review-completion.service.js';
import { decideItems } from '../access-reviews/access-review-decision.service.js';
import { importAccountList } from '../access-reviews/access-review-import.service.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import type { Person } from '../people/person.schema.js';
import { roleHolderEmail } from './demo-people.js';

function list(system: string, accounts: { account: string; email: string; role: string }[]): Readable {
  const rows = accounts.map((a) => `${system},${a.account},${a.email},${a.role},`);
  return Readable.from([`system,account,email,role,last_login\n${rows.join('\n')}\n`]);
}

const handle = (email: string) => email.split('@')[0]!;

/** Seeds two access-review campaigns; returns how many there are. */
export async function seedAccessReviews(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  people: readonly Person[],
  today: IsoDate,
): Promise<number> {
  const { database } = stores;
  const sre = roleHolderEmail('SRE lead')!;
  const security = roleHolderEmail('Security lead')!;
  const engineers = people
    .filter((p) => p.status === 'active' && ['Engineering', 'Platform', 'Security'].includes(p.team ?? ''))
    .map((p) => p.email)
    .sort();
  const withLeads = (n: number) =>
    [
      ...new Set([sre, security, ...engineers.filter((e) => e !== sre && e !== security).slice(0, n - 2)]),
    ].sort();

  // GitHub: reviewed and completed last month; the revoked member is gone from the next list.
  const github = withLeads(14).map((email, i) => ({
    account: handle(email).replace('.', '-'),
    email,
    role: i % 5 === 0 ? 'owner' : 'member',
  }));
  const leaver = github.find((a) => a.email !== sre && a.email !== security && a.role === 'member')!;
  await importAccountList(stores, actor, orgId, {
    system: 'github-org',
    file: 'github-org-members.csv',
    input: list('github-org', github),
    asOf: addDays(today, -50),
    at: addDays(today, -50),
  });
  const done = await createCampaign(
    database,
    actor,
    orgId,
    { system: 'github-org', reviewers: [security, sre], dueOn: addDays(today, -30), cadence: 'quarterly' },
    { at: addDays(today, -48) },
  );
  const decisionsBy = (reviewer: string) =>
    github
      .filter((a) => a.email !== reviewer)
      .map((a) => ({
        item: a.account,
        decision: a === leaver ? ('revoke' as const) : ('keep' as const),
        comment: a === leaver ? 'moved to the data team; no longer commits to these repositories' : null,
      }));
  await decideItems(database, actor, orgId, {
    campaignId: done.id,
    caller: { personId: null, reviewerEmail: security, mayRecordForOthers: true },
    decisions: decisionsBy(security),
    at: addDays(today, -41),
  });
  await decideItems(database, actor, orgId, {
    campaignId: done.id,
    caller: { personId: null, reviewerEmail: sre, mayRecordForOthers: true },
    decisions: [{ item: github.find((a) => a.email === security)!.account, decision: 'keep', comment: null }],
    at: addDays(today, -40),
  });
  await completeCampaign(stores, actor, orgId, done.id, { at: addDays(today, -38) });
  await importAccountList(stores, actor, orgId, {
    system: 'github-org',
    file: 'github-org-members-2.csv',
    input: list(
      'github-org',
      github.filter((a) => a !== leaver),
    ),
    asOf: addDays(today, -33),
    at: addDays(today, -33),
  });

  // AWS production: in progress, people accounts and the IAM users of the inventory.
  const aws = withLeads(20).map((email, i) => ({
    account: handle(email),
    email,
    role: i % 4 === 0 ? 'AdministratorAccess' : i % 4 === 1 ? 'PowerUserAccess' : 'ReadOnlyAccess',
  }));
  await importAccountList(stores, actor, orgId, {
    system: 'aws-prod',
    file: 'aws-prod-accounts.csv',
    input: list('aws-prod', aws),
    asOf: addDays(today, -12),
    at: addDays(today, -12),
  });
  const open = await createCampaign(
    database,
    actor,
    orgId,
    {
      system: 'aws-prod',
      reviewers: [sre, security],
      dueOn: addDays(today, 10),
      cadence: 'quarterly',
      nhiProvider: 'aws',
      nhiKind: 'iam-user',
    },
    { at: addDays(today, -12) },
  );
  const others = aws.filter((a) => a.email !== security && a.email !== sre);
  await decideItems(database, actor, orgId, {
    campaignId: open.id,
    caller: { personId: null, reviewerEmail: security, mayRecordForOthers: true },
    decisions: [
      { item: others[0]!.account, decision: 'keep', comment: null },
      { item: others[1]!.account, decision: 'revoke', comment: 'contractor engagement ended' },
      { item: others[2]!.account, decision: 'keep', comment: null },
    ],
    at: addDays(today, -10),
  });
  await decideItems(database, actor, orgId, {
    campaignId: open.id,
    caller: { personId: null, reviewerEmail: security, mayRecordForOthers: true },
    decisions: [
      { item: others[3]!.account, decision: 'revoke', comment: 'admin no longer needed; on-call rota only' },
    ],
    at: addDays(today, -2),
  });
  return 2;
}
