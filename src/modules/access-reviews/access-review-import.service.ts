// Account lists: the all-or-nothing import of one system's accounts (CSV, Okta or GitHub export), which
// closes the follow-ups a later list proves done (docs/decisions/0026).
import type { Readable } from 'node:stream';
import { followUpClosedBy } from '../../core/access-reviews/rules.js';
import { isIsoDate } from '../../core/dates.js';
import type { Actor } from '../../core/ledger/chain.js';
import { type AccountListFormat, readAccountRows, sniffAccountList } from '../../importers/accounts/index.js';
import { nowIso, todayIso } from '../../platform/clock.js';
import type { AccessAccountsTable } from '../../platform/db/schema.js';
import { ImportError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { listPeople } from '../people/person.repository.js';
import { emailSchema } from '../people/person.schema.js';
import {
  closeFollowUp,
  insertAccountList,
  listAccountLists,
  listFollowUps,
} from './access-review.repository.js';
import { type AccountListResult, accountListFormatSchema, systemSchema } from './access-review.schema.js';
import { checkDate, invalid } from './access-review.service.js';
import { followUpRecordsAfterClosing, recordFollowUpEvidence } from './access-review-completion.service.js';
import { syncRuleFindings } from './access-review-findings.service.js';

const MAX_CELL = 500;

/** One account list file to import. */
export interface AccountListImport {
  system: string;
  /** The file name the errors name. */
  file: string;
  input: Readable;
  /** The file's format; by default told from its content (CSV, or an Okta or GitHub JSON export). */
  format?: AccountListFormat | string;
  /** The date the list describes (today by default). */
  asOf?: string;
  /** T for follow-up closure and rule findings (today by default). */
  at?: string;
}

/** Whether a stored file is a CSV or a JSON export, from its first bytes. */
async function sniffBlob(blobs: EvidenceStores['blobs'], sha256: string): Promise<'csv' | 'json'> {
  const stream = await blobs.open(sha256);
  let head = '';
  for await (const chunk of stream) {
    head += String(chunk);
    if (head.trim() !== '' || head.length > 4096) break;
  }
  stream.destroy();
  return sniffAccountList(head);
}

/**
 * Imports a snapshot of one system's accounts (CSV
 * `system,account,email,role,last_login`, an Okta users export or a GitHub
 * organization members export), all or nothing: a bad row names its file,
 * line and column (or JSON path) and reason, and nothing is stored. The original file
 * is kept content-addressed; accounts join to people by e-mail
 * (case-insensitive). A later list closes the follow-ups it proves done.
 * The same file for the same date again changes nothing.
 */
export async function importAccountList(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  options: AccountListImport,
): Promise<AccountListResult> {
  const parsedSystem = systemSchema.safeParse(options.system);
  if (!parsedSystem.success) throw invalid('system', parsedSystem.error.issues[0]!.message);
  const system = parsedSystem.data;
  const at = checkDate(options.at ?? todayIso(), 'at');
  const asOf = checkDate(options.asOf ?? at, 'asOf');
  const chosen = options.format === undefined ? null : accountListFormatSchema.safeParse(options.format);
  if (chosen && !chosen.success) throw invalid('format', chosen.error.issues[0]!.message);
  const { database, blobs } = stores;
  const blob = await blobs.put(options.input);
  const format = chosen?.data ?? (await sniffBlob(blobs, blob.sha256));
  const people = new Map((await listPeople(database.db, orgId)).map((p) => [p.email, p]));
  const accounts: AccessAccountsTable[] = [];
  const seen = new Set<string>();
  const listId = newId();
  let listFormat: AccountListFormat = format === 'json' ? 'okta-users' : format;
  for await (const row of readAccountRows(await blobs.open(blob.sha256), options.file, format)) {
    listFormat = row.format;
    for (const field of ['account', 'email', 'role', 'last_login'] as const)
      if ((field === 'last_login' ? row.lastLogin : row[field]).length > MAX_CELL)
        throw row.error(field, `longer than ${MAX_CELL} characters`);
    if (row.system !== null && row.system !== system)
      throw row.error('system', `the list is of system "${system}", this row says "${row.system}"`);
    const account = row.account;
    if (account === '') throw row.error('account', 'the account name is empty');
    if (seen.has(account)) throw row.error('account', `account "${account}" is listed twice`);
    seen.add(account);
    let email: string | null = null;
    if (row.email !== '') {
      const parsed = emailSchema.safeParse(row.email);
      if (!parsed.success) throw row.error('email', `"${row.email}" is not a valid e-mail address`);
      email = parsed.data;
    }
    const role = row.role;
    if (role === '') throw row.error('role', 'say the role, group or privilege of the account');
    const lastLogin = row.lastLogin;
    if (lastLogin !== '' && (!isIsoDate(lastLogin.slice(0, 10)) || Number.isNaN(Date.parse(lastLogin))))
      throw row.error('last_login', `"${lastLogin}" is not an ISO-8601 date or time`);
    accounts.push({
      list_id: listId,
      org_id: orgId,
      account,
      email,
      person_id: email ? (people.get(email)?.id ?? null) : null,
      role,
      last_login: lastLogin === '' ? null : lastLogin,
    });
  }
  if (accounts.length === 0)
    throw new ImportError({ file: options.file }, 'the account list has no accounts');

  const [latest] = await listAccountLists(database.db, orgId, system);
  const matchedPeople = accounts.filter((a) => a.person_id !== null).length;
  if (latest && latest.sha256 === blob.sha256 && latest.as_of === asOf) {
    return {
      status: 'unchanged',
      listId: latest.id,
      system,
      format: listFormat,
      asOf,
      accounts: latest.account_count,
      matchedPeople,
      followUpsClosed: 0,
    };
  }
  const current = new Map(accounts.map((a) => [a.account, { access: a.role, active: true }]));
  const isLatest = !latest || latest.as_of <= asOf;
  const open = isLatest
    ? (await listFollowUps(database.db, orgId, { open: true })).filter(
        (f) => f.subject_type === 'account' && f.system === system,
      )
    : [];
  const closing = open.filter((f) =>
    followUpClosedBy(
      { action: f.action as 'revoke' | 'change', access: f.access },
      current.get(f.subject) ?? null,
    ),
  );
  const followUpRecords = await followUpRecordsAfterClosing(
    stores,
    orgId,
    closing.map((f) => f.id),
    asOf,
  );
  await write(database, { actor, orgId }, async (w) => {
    const list = {
      id: listId,
      org_id: orgId,
      system,
      as_of: asOf,
      format: listFormat,
      file_name: options.file.split(/[\\/]/).pop()!.slice(0, 200),
      sha256: blob.sha256,
      account_count: accounts.length,
      imported_at: nowIso(),
    };
    await insertAccountList(w.tx, list, accounts);
    for (const f of closing)
      await closeFollowUp(w.tx, orgId, f.id, {
        closed_on: asOf,
        closed_by: 'account-list',
        closure_ref: listId,
      });
    w.record({
      action: 'import',
      recordType: 'access-account-list',
      recordId: listId,
      change: { ...list, matchedPeople, followUpsClosed: closing.map((f) => f.id) },
    });
    await recordFollowUpEvidence(w, orgId, followUpRecords);
    await syncRuleFindings(w, orgId, at);
  });
  return {
    status: 'imported',
    listId,
    system,
    format: listFormat,
    asOf,
    accounts: accounts.length,
    matchedPeople,
    followUpsClosed: closing.length,
  };
}
