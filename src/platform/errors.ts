/**
 * The one error module: every failure a user can cause or meet carries a
 * machine code, the HTTP status it maps to, a message in plain words and
 * optional structured details. The CLI prints `message`; the API sends
 * `{ error: { code, message, details } }`.
 */

/** Machine codes, each with the HTTP status it is sent with. */
export const ERROR_STATUS = {
  invalid_input: 400,
  import_failed: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  integrity_failed: 500,
  /** Another writer holds the store's lock: retry after the `Retry-After` seconds. */
  busy: 503,
  /** The database cannot be reached (restarting, full, gone): retry after the `Retry-After` seconds. */
  unavailable: 503,
  internal: 500,
} as const;

/** A machine-readable error code. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/** An expected failure with a code, a plain message and optional details (never a secret). */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  /** The HTTP status this error is sent with. */
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** Where in an input file a problem was found (1-based line and column). */
export interface InputLocation {
  file: string;
  /** The worksheet of a spreadsheet (XLSX) import. */
  sheet?: string;
  /** The 1-based row of a worksheet (a spreadsheet's own numbering; CSV says `line`). */
  row?: number;
  line?: number;
  column?: string | number;
  path?: string;
}

/** An all-or-nothing import rejected its input: names file, line, column and reason. */
export class ImportError extends AppError {
  readonly location: InputLocation;
  readonly reason: string;

  constructor(location: InputLocation, reason: string) {
    const where = [
      location.file,
      location.sheet !== undefined ? `sheet ${location.sheet}` : undefined,
      location.row !== undefined ? `row ${location.row}` : undefined,
      location.line !== undefined ? `line ${location.line}` : undefined,
      location.column !== undefined ? `column ${location.column}` : undefined,
      location.path !== undefined ? `at ${location.path}` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    super('import_failed', `${where}: ${reason}`, { ...location, reason });
    this.name = 'ImportError';
    this.location = location;
    this.reason = reason;
  }
}

/** Shorthand for a missing record, phrased the same way everywhere. */
export function notFound(what: string, key: string): AppError {
  return new AppError('not_found', `${what} ${key} not found`);
}
