/**
 * Which identities a re-evaluation at a later date must look at again when
 * nothing but the date changed (issue 20 item 5, docs/decisions/0035). Four
 * rules read the date T: rotation overdue (T against the last rotation or
 * creation plus the policy, and four times it for the severity), unused (T
 * against the last use or creation plus the threshold), long-lived
 * credentials (T against the expiry, and the expiry minus the longest
 * lifetime when the issue date is unknown), third-party grants (T against
 * the last review, which is a lifecycle event: every possible third-party
 * grant is looked at again, they are few). The leak rule reads T too; an
 * organization with leaks is always evaluated whole.
 *
 * Each rule compares T with an identity's date `a` plus a constant `c`, so
 * its result can differ between the last date L and the new one N only when
 * `a + c` lies in [L, N]. Stored timestamps are the exports' text (any
 * offset, `instantOf`): the UTC day of a parseable one is its first ten
 * characters' date give or take a day, so a window over that text with two
 * days of margin on each side holds every identity whose day can cross, and
 * a value that does not start with a digit (leading blanks) is always taken.
 * Taking too many is only slower; a property test holds the windows to the
 * rules (`reevaluation.test.ts`).
 */
import { fromDayNumber, type IsoDate, toDayNumber } from '../dates.js';
import type { NhiThresholds } from './thresholds.js';

/** The date columns of `nhis` the windows read, with the rule identity's field of each. */
export const WINDOW_COLUMNS = {
  provider_created_at: 'createdAt',
  last_used_at: 'lastUsedAt',
  last_rotated_at: 'lastRotatedAt',
  expires_at: 'expiresAt',
} as const;
export type WindowColumn = keyof typeof WINDOW_COLUMNS;

/** Identities whose `column` text starts with a date in [from, to] (or not with a digit) are looked at again. */
export interface DateWindow {
  column: WindowColumn;
  from: IsoDate;
  to: IsoDate;
}

/** Kinds that are third-party grants unless the `thirdParty` attribute says otherwise (`third-party-unreviewed`). */
export const THIRD_PARTY_KINDS: readonly string[] = ['github-app-installation', 'oauth-app'];

const MARGIN_DAYS = 2;
const FIRST_DAY = toDayNumber('0000-01-01');
const LAST_DAY = toDayNumber('9999-12-31');
const clampDay = (day: number) => fromDayNumber(Math.min(LAST_DAY, Math.max(FIRST_DAY, day)));

/**
 * The windows between `last` and `next` (`last` ≤ `next`) for these
 * thresholds and the identities' own rotation policies (`policies`, the
 * distinct positive values of the organization's identities).
 */
export function reevaluationWindows(
  last: IsoDate,
  next: IsoDate,
  thresholds: NhiThresholds,
  policies: readonly number[],
): DateWindow[] {
  const l = toDayNumber(last);
  const n = toDayNumber(next);
  if (n < l) throw new Error(`re-evaluation windows need ${next} on or after ${last}`);
  const windows: DateWindow[] = [];
  const add = (columns: WindowColumn[], offset: number) => {
    for (const column of columns) {
      windows.push({
        column,
        from: clampDay(l - offset - MARGIN_DAYS),
        to: clampDay(n - offset + MARGIN_DAYS),
      });
    }
  };
  add(['last_used_at', 'provider_created_at'], thresholds.unusedDays);
  const rotation = new Set([
    thresholds.rotationDays,
    ...policies.filter((p) => Number.isInteger(p) && p > 0),
  ]);
  for (const policy of [...rotation].sort((a, b) => a - b)) {
    add(['last_rotated_at', 'provider_created_at'], policy);
    add(['last_rotated_at', 'provider_created_at'], 4 * policy);
  }
  add(['expires_at'], 0);
  add(['expires_at'], -thresholds.maxTokenLifetimeDays);
  return windows;
}

/** What the SQL of a window does, on one stored value (for tests and for callers without SQL). */
export function inDateWindow(value: string | null | undefined, w: Pick<DateWindow, 'from' | 'to'>): boolean {
  if (value === null || value === undefined) return false;
  const first = value.slice(0, 1);
  if (!(first >= '0' && first <= '9')) return true;
  const prefix = value.slice(0, 10);
  return prefix >= w.from && prefix <= w.to;
}
