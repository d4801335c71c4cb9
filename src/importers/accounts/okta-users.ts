/**
 * Okta `GET /api/v1/users` (an array of users; pages concatenated as
 * `[…][…]`): the account is `profile.login`, the e-mail `profile.email`, the
 * access the user's `status` (`ACTIVE`, `SUSPENDED`, `LOCKED_OUT` …: a
 * `change` decision is done when the status differs), the last login
 * `lastLogin`. `DEPROVISIONED` users hold no access and are left out (Okta
 * lists them only when asked to).
 */
import type { JsonRecord } from '../nhi/record.js';
import type { AccountRow } from './index.js';

/** The shape in words, used in errors. */
export const OKTA_USERS_SHAPE =
  'an Okta users export (`GET /api/v1/users`: [{id, status, lastLogin, profile: {login, email}}])';

const FIELDS = { system: null, account: 'login', email: 'email', role: 'status', last_login: 'lastLogin' };

/** The accounts of an Okta users export. */
export async function* oktaUserRows(records: AsyncIterable<JsonRecord>): AsyncGenerator<AccountRow> {
  for await (const user of records) {
    user.object('an Okta user');
    const profile = user.child('profile');
    if (!profile.isObject) throw user.error(`expected ${OKTA_USERS_SHAPE}: no profile object`, 'profile');
    const status = user.str('status');
    if (status === 'DEPROVISIONED') continue;
    const lastLogin = user.optDate('lastLogin');
    yield {
      format: 'okta-users',
      system: null,
      account: profile.str('login'),
      email: profile.optStr('email') ?? '',
      role: status,
      lastLogin: lastLogin ?? '',
      error: (field, reason) => {
        const key = FIELDS[field];
        if (key === null) return user.error(reason);
        return field === 'account' || field === 'email'
          ? profile.error(reason, key)
          : user.error(reason, key);
      },
    };
  }
}
