import type { ActivityFilter } from './queries';

const KEYS = ['recordType', 'recordId', 'action', 'actor', 'from', 'to'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The activity log's filters from the address (`?recordType=finding&recordId=…`); unknown or malformed values dropped. */
export function validateActivitySearch(search: Record<string, unknown>): ActivityFilter {
  const out: ActivityFilter = {};
  for (const key of KEYS) {
    const value = search[key];
    if (typeof value !== 'string' || !value.trim()) continue;
    if ((key === 'from' || key === 'to') && !DAY.test(value)) continue;
    out[key] = value.trim();
  }
  return out;
}
