import type { AppError } from '../platform/errors.js';

/**
 * The CLI flag of each input field a service error can name in
 * `details.field` (services name fields, never flags: the API and the web
 * show the field, the CLI its flag).
 */
export const FLAG_OF_FIELD: Readonly<Record<string, string>> = {
  at: '--at',
  org: '--org',
  requirementCode: '--requirement',
  scope: '--scope',
};

/**
 * The line the CLI prints for a service error: a message that starts with
 * the field's name gets the flag in its place (`at 2026-13-01: …` →
 * `--at 2026-13-01: …`), any other is prefixed with the flag
 * (`--requirement: control … has several evidence requirements; …`).
 */
export function cliErrorMessage(err: Pick<AppError, 'message' | 'details'>): string {
  const field = (err.details as { field?: unknown } | null | undefined)?.field;
  const flag = typeof field === 'string' ? FLAG_OF_FIELD[field] : undefined;
  if (flag === undefined) return err.message;
  if (err.message.startsWith(`${field} `)) return `${flag}${err.message.slice(String(field).length)}`;
  return `${flag}: ${err.message}`;
}
