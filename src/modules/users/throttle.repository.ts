import type { ThrottleState } from '../../core/auth/sign-in-throttle.js';
import type { WriteTx } from '../../platform/db/transaction.js';

/**
 * The throttle rows of `keys`, locked for the rest of the transaction: each
 * row is created when missing (so there is a row to lock) and read FOR
 * UPDATE on PostgreSQL (SQLite's IMMEDIATE transaction already holds the
 * write lock). Keys are locked in sorted order so two attempts never
 * deadlock. A new row has no failures and reads as null.
 */
export async function lockThrottleRows(
  tx: WriteTx,
  keys: readonly string[],
  now: string,
  forUpdate: boolean,
): Promise<Map<string, ThrottleState | null>> {
  const sorted = [...new Set(keys)].sort();
  const states = new Map<string, ThrottleState | null>();
  for (const key of sorted) {
    await tx
      .insertInto('sign_in_throttle')
      .values({ key, failures: 0, window_start: now, blocked_until: null, updated_at: now })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    let q = tx.selectFrom('sign_in_throttle').selectAll().where('key', '=', key);
    if (forUpdate) q = q.forUpdate();
    const row = await q.executeTakeFirstOrThrow();
    states.set(
      key,
      Number(row.failures) === 0
        ? null
        : {
            failures: Number(row.failures),
            windowStart: row.window_start,
            blockedUntil: row.blocked_until,
            updatedAt: row.updated_at,
          },
    );
  }
  return states;
}

/** Stores the counters of one (locked) key. */
export async function saveThrottleState(tx: WriteTx, key: string, state: ThrottleState): Promise<void> {
  await tx
    .updateTable('sign_in_throttle')
    .set({
      failures: state.failures,
      window_start: state.windowStart,
      blocked_until: state.blockedUntil,
      updated_at: state.updatedAt,
    })
    .where('key', '=', key)
    .execute();
}

/** Forgets one key (its owner signed in from there). */
export async function clearThrottleKey(tx: WriteTx, key: string): Promise<void> {
  await tx.deleteFrom('sign_in_throttle').where('key', '=', key).execute();
}

/** Forgets keys untouched since `before` and no longer blocked. */
export async function pruneThrottle(tx: WriteTx, before: string, now: string): Promise<void> {
  await tx
    .deleteFrom('sign_in_throttle')
    .where('updated_at', '<', before)
    .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<=', now)]))
    .execute();
}
