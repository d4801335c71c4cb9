/** More pieces than this and a requirement's history collapses by period. */
export const COLLAPSE_AFTER = 6;

/** The evidence of one period (the month its effective date starts in), newest first. */
export interface EvidencePeriod<T> {
  /** `2026-10`. */
  key: string;
  /** `October 2026`. */
  label: string;
  items: T[];
  /** How many of them still wait for review. */
  submitted: number;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * A long history grouped by the month its pieces' effective dates start in, newest month first, each
 * month's pieces in the order given. A history of at most {@link COLLAPSE_AFTER} pieces is not grouped
 * (null): it is shown whole.
 */
export function groupByPeriod<T extends { effectiveStart: string; reviewState: string }>(
  items: readonly T[],
): EvidencePeriod<T>[] | null {
  if (items.length <= COLLAPSE_AFTER) return null;
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = item.effectiveStart.slice(0, 7);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => b.localeCompare(a))
    .map(([key, list]) => ({
      key,
      label: `${MONTHS[Number(key.slice(5, 7)) - 1] ?? key.slice(5, 7)} ${key.slice(0, 4)}`,
      items: list,
      submitted: list.filter((e) => e.reviewState === 'submitted').length,
    }));
}
