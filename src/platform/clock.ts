/** The current instant as an ISO-8601 UTC timestamp with milliseconds (`2026-11-29T04:27:27.000Z`). */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Today's date in UTC as `YYYY-MM-DD`. */
export function todayIso(): string {
  return nowIso().slice(0, 10);
}
