/**
 * True when a statement failed because a foreign key still points at the
 * row (SQLite `SQLITE_CONSTRAINT_FOREIGNKEY`, PostgreSQL SQLSTATE 23503):
 * how "delete only while nothing refers to it" is enforced by the schema
 * itself, for tables added later too.
 */
export function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
}

/** Why the store cannot serve a request right now, and when to try again. */
export interface StoreUnavailability {
  /** `busy`: another writer holds the lock; `unavailable`: the database cannot be reached. */
  code: 'busy' | 'unavailable';
  message: string;
  retryAfterSeconds: number;
}

/** Seconds a client is asked to wait before retrying a write that met a held lock. */
export const BUSY_RETRY_AFTER_SECONDS = 2;
/** Seconds a client is asked to wait before retrying while the database is unreachable. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** PostgreSQL SQLSTATEs that mean "a lock is held: the same request may succeed later". */
const PG_BUSY = new Set([
  '55P03', // lock_not_available (lock_timeout)
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);

/** PostgreSQL SQLSTATEs that mean "the server is restarting, full or gone". */
const PG_UNAVAILABLE = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '53400', // configuration_limit_exceeded
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
]);

/** Socket errors met while reaching a database server. */
const NETWORK_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** Messages of node-postgres errors that carry no code. */
const PG_CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
];

/**
 * Classifies a driver error that is not the request's fault: SQLite's
 * `SQLITE_BUSY` (and its extended codes) or `SQLITE_LOCKED`, PostgreSQL's
 * lock timeouts and serialization failures (busy); a PostgreSQL server
 * shutting down, refusing or out of connections, and socket failures
 * (unavailable). Anything else gives null: a defect, answered with 500.
 */
export function storeUnavailability(err: unknown): StoreUnavailability | null {
  if (err === null || typeof err !== 'object') return null;
  const { code, message } = err as { code?: unknown; message?: unknown };
  const busy = (message: string): StoreUnavailability => ({
    code: 'busy',
    message,
    retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS,
  });
  const unavailable = (message: string): StoreUnavailability => ({
    code: 'unavailable',
    message,
    retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
  });
  if (typeof code === 'string') {
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
      return busy('another writer (an import?) holds the store; try again shortly');
    if (PG_BUSY.has(code)) return busy('a record is locked by another writer; try again shortly');
    if (PG_UNAVAILABLE.has(code)) return unavailable('the database is not available; try again shortly');
    if (NETWORK_UNAVAILABLE.has(code))
      return unavailable('the database cannot be reached; try again shortly');
  }
  if (typeof message === 'string' && PG_CONNECTION_MESSAGES.some((m) => message.includes(m)))
    return unavailable('the database connection was lost; try again shortly');
  // AggregateError (a host name resolving to several addresses, all refused) carries the causes.
  const causes = (err as { errors?: unknown }).errors;
  if (Array.isArray(causes)) {
    for (const cause of causes) {
      const found = storeUnavailability(cause);
      if (found) return found;
    }
  }
  return null;
}
