/**
 * Readers of account lists for access reviews (docs/decisions/0026): the CSV
 * `system,account,email,role,last_login`, the Okta users export (`GET
 * /api/v1/users`) and the GitHub organization members export (`GET
 * /orgs/{org}/members` with `GET /orgs/{org}/memberships/{user}` for the
 * roles), as `gh api --paginate` or a loop writes them. Each reader yields
 * rows that can say where a bad value was (file, line, column or JSON path).
 */
import type { Readable } from 'node:stream';
import type { AccountListFormat } from '../../core/access-reviews/account-list-formats.js';
import { ImportError } from '../../platform/errors.js';
import { readCsvRecords } from '../csv/read-csv.js';
import { type JsonPick, type JsonType, walkJson } from '../nhi/json-stream.js';
import { JsonRecord } from '../nhi/record.js';
import { GITHUB_MEMBERS_SHAPE, githubMemberRows } from './github-members.js';
import { OKTA_USERS_SHAPE, oktaUserRows } from './okta-users.js';

export type { AccountListFormat };

/** The columns of an account list CSV. */
export const ACCOUNT_LIST_COLUMNS = ['system', 'account', 'email', 'role', 'last_login'] as const;
/** A field of an account row, named as the CSV column. */
export type AccountField = (typeof ACCOUNT_LIST_COLUMNS)[number];

/** One account as a reader found it, before the service checks it. */
export interface AccountRow {
  format: AccountListFormat;
  /** The CSV's system column; null for exports, which are of the system the import names. */
  system: string | null;
  account: string;
  email: string;
  role: string;
  /** An ISO-8601 date or time as the file wrote it, or ''. */
  lastLogin: string;
  /** Where this row's value of `field` is: `file:line` and column, or the JSON path. */
  error(field: AccountField, reason: string): Error;
}

/**
 * The format of a file from its first bytes: JSON exports start with `[` or
 * `{`, a CSV with its header. Okta and GitHub JSON are told apart record by record.
 */
export function sniffAccountList(head: string): 'csv' | 'json' {
  const first = head.replace(/^\uFEFF/, '').trimStart()[0];
  return first === '[' || first === '{' ? 'json' : 'csv';
}

/** Reads the rows of an account list; `format` 'json' accepts either export, whichever the records are. */
export async function* readAccountRows(
  input: Readable,
  file: string,
  format: AccountListFormat | 'json',
): AsyncGenerator<AccountRow> {
  if (format === 'csv') {
    for await (const record of readCsvRecords(input, file, {
      required: ['system', 'account', 'email', 'role'],
      known: ACCOUNT_LIST_COLUMNS,
    })) {
      yield {
        format: 'csv',
        system: record.get('system'),
        account: record.get('account'),
        email: record.get('email'),
        role: record.get('role'),
        lastLogin: record.get('last_login'),
        error: (field, reason) => record.error(field, reason),
      };
    }
    return;
  }
  if (format === 'okta-users') {
    yield* oktaUserRows(readRecords(input, file, OKTA_USERS_SHAPE));
    return;
  }
  if (format === 'github-members') {
    yield* githubMemberRows(readRecords(input, file, GITHUB_MEMBERS_SHAPE));
    return;
  }
  const records = readRecords(input, file, JSON_SHAPES);
  const first = await records.next();
  if (first.done) return;
  const rest = prepend(first.value, records);
  if (first.value.raw('profile') !== undefined) yield* oktaUserRows(rest);
  else if (first.value.raw('login') !== undefined || first.value.raw('user') !== undefined)
    yield* githubMemberRows(rest);
  else throw first.value.error(`expected ${JSON_SHAPES}: the first record has no profile, login or user`);
}

async function* prepend(head: JsonRecord, tail: AsyncIterator<JsonRecord>): AsyncGenerator<JsonRecord> {
  yield head;
  for (let next = await tail.next(); !next.done; next = await tail.next()) yield next.value;
}

/** The JSON account lists in words, used in errors. */
const JSON_SHAPES = `${OKTA_USERS_SHAPE}, or ${GITHUB_MEMBERS_SHAPE}`;

/**
 * The records of a JSON export as the API clients write them: arrays (pages
 * of a list, concatenated `[…][…]` by `gh api --paginate`) and single objects
 * (one answer per call of a loop, `{…}{…}`), in any mix. A record's JSON
 * path counts across the file (`$[17]` is its 18th record), its line says
 * where it starts.
 */
async function* readRecords(input: Readable, file: string, shape: string): AsyncGenerator<JsonRecord> {
  let rootType: JsonType | null = null;
  let index = 0;
  const decide = (path: readonly (string | number)[], type: JsonType): JsonPick => {
    if (path.length === 0) {
      rootType = type;
      return type === 'array' ? 'enter' : 'take';
    }
    return rootType === 'array' && path.length === 1 ? 'take' : 'skip';
  };
  for await (const ev of walkJson(input, file, decide, { multipleRoots: true })) {
    if (ev.kind !== 'value') continue;
    if (ev.path.length === 0 && !ev.record.isObject)
      throw new ImportError({ file, line: ev.line, path: '$' }, `expected ${shape}`);
    yield new JsonRecord(ev.record.value, file, `$[${index++}]`, ev.line);
  }
}
