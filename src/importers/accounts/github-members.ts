/**
 * GitHub organization members: `GET /orgs/{org}/members` (users `{login,
 * id, …}`, pages concatenated by `gh api --paginate`) and the roles from
 * `GET /orgs/{org}/memberships/{user}` (`{state, role, user: {login}}`, one
 * object per user, concatenated by a loop or collected into an array), in one
 * file or the two concatenated (`cat members.json memberships.json`). The
 * members list alone does not say who is an owner, so every member needs its
 * membership; memberships alone are a complete list. Pending memberships
 * (invitations not accepted) hold no access and are left out. GitHub lists
 * carry no last login and an e-mail only where the user made one public.
 */
import type { JsonRecord } from '../nhi/record.js';
import type { AccountRow } from './index.js';

/** The shape in words, used in errors. */
export const GITHUB_MEMBERS_SHAPE =
  'a GitHub organization members export (`GET /orgs/{org}/members`: [{login, id}], with `GET /orgs/{org}/memberships/{user}`: {state, role, user: {login}} for each member)';

const FIELDS = { system: null, account: 'login', email: 'email', role: 'role', last_login: null };

interface Membership {
  record: JsonRecord;
  user: JsonRecord;
  login: string;
  role: string;
  state: string;
}

/** The accounts of a GitHub members export, in the order of their first appearance. */
export async function* githubMemberRows(records: AsyncIterable<JsonRecord>): AsyncGenerator<AccountRow> {
  const members = new Map<string, JsonRecord>();
  const memberships = new Map<string, Membership>();
  const order: string[] = [];
  for await (const record of records) {
    record.object('a GitHub member or membership');
    if (record.raw('user') !== undefined || record.raw('role') !== undefined) {
      const user = record.child('user');
      if (!user.isObject) throw record.error(`expected ${GITHUB_MEMBERS_SHAPE}: no user object`, 'user');
      const login = user.str('login');
      const state = record.str('state');
      if (state !== 'active' && state !== 'pending')
        throw record.error(`expected "active" or "pending", found "${state.slice(0, 40)}"`, 'state');
      const before = memberships.get(login);
      if (before)
        throw user.error(`login "${login}" already has a membership at ${before.record.path}`, 'login');
      memberships.set(login, { record, user, login, role: record.str('role'), state });
      if (!members.has(login)) order.push(login);
    } else if (record.raw('login') !== undefined) {
      const login = record.str('login');
      const before = members.get(login);
      if (before) throw record.error(`login "${login}" is already listed at ${before.path}`, 'login');
      members.set(login, record);
      if (!memberships.has(login)) order.push(login);
    } else {
      throw record.error(`expected ${GITHUB_MEMBERS_SHAPE}: the record has no login, user or role`);
    }
  }
  for (const login of order) {
    const membership = memberships.get(login);
    if (!membership) {
      throw members
        .get(login)!
        .error(
          `member "${login}" has no membership, so its role is unknown: add the output of \`gh api /orgs/{org}/memberships/${login}\``,
          'login',
        );
    }
    if (membership.state === 'pending') continue;
    const { record, user } = membership;
    const email = user.optStr('email') ?? members.get(login)?.optStr('email') ?? '';
    yield {
      format: 'github-members',
      system: null,
      account: login,
      email,
      role: membership.role,
      lastLogin: '',
      error: (field, reason) => {
        const key = FIELDS[field];
        if (key === null) return record.error(reason);
        return field === 'role' ? record.error(reason, key) : user.error(reason, key);
      },
    };
  }
}
