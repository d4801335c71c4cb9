import { v5 as uuidv5 } from 'uuid';

/**
 * The namespace every auditready OSCAL UUID is derived in (itself the v5
 * UUID of `https://auditready.dev/oscal` in the RFC 4122 URL namespace).
 * Never change it: every exported UUID would change with it.
 */
export const OSCAL_NAMESPACE = uuidv5('https://auditready.dev/oscal', uuidv5.URL);

/**
 * A stable OSCAL UUID (version 5) for one object of ours: the same kind and
 * key give the same UUID in every export, so a re-export diffs cleanly. The
 * key parts are joined with `|` (ids of ours never hold it).
 */
export function oscalUuid(kind: string, ...key: readonly string[]): string {
  return uuidv5(`${kind}|${key.join('|')}`, OSCAL_NAMESPACE);
}

/**
 * An id as an OSCAL token (an XML NCName: a letter or `_` first, then
 * letters, digits, `.`, `-`, `_`). Our control codes already are tokens
 * unless they start with a digit, which gains a leading `_`; any other
 * character becomes `_`.
 */
export function oscalToken(code: string): string {
  const cleaned = code.replace(/[^\p{L}\p{N}._-]/gu, '_');
  return /^[\p{L}_]/u.test(cleaned) ? cleaned : `_${cleaned}`;
}

/** A date T as an OSCAL date-time with a time zone (midnight UTC). */
export function oscalDateTime(date: string): string {
  return date.length === 10 ? `${date}T00:00:00Z` : date;
}
