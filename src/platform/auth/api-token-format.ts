import { randomBytes } from 'node:crypto';
import { randomSecret } from './secrets.js';

/**
 * API tokens look like `ar_3f9c2a7d41be_<43 base64url characters>`: a fixed
 * marker (so secret scanners can recognise them), a 12-hex-digit public
 * prefix (shown in lists and the activity log, used to find the row) and a
 * 256-bit secret. Only the SHA-256 of the whole token is stored.
 */
const TOKEN_PATTERN = /^ar_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** A token split into its public prefix and the whole text. */
export interface ParsedApiToken {
  prefix: string;
  token: string;
}

/** A new API token and its public prefix. */
export function generateApiToken(): ParsedApiToken {
  const prefix = randomBytes(6).toString('hex');
  const token = `ar_${prefix}_${randomSecret(32)}`;
  return { prefix, token };
}

/** Splits a presented token, or null when it is not shaped like one of ours. */
export function parseApiToken(text: string): ParsedApiToken | null {
  const match = TOKEN_PATTERN.exec(text);
  return match ? { prefix: match[1]!, token: text } : null;
}

/** The bearer credential of an `Authorization` header value, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/** Reads an expiry such as `90d`, `12w`, `6m` or `1y` as a number of days. */
export function parseExpiryDays(text: string): number | null {
  const match = /^(\d{1,4})\s*([dwmy])$/i.exec(text.trim());
  if (!match) return null;
  const n = Number(match[1]);
  const unit = match[2]!.toLowerCase();
  const days = unit === 'd' ? n : unit === 'w' ? n * 7 : unit === 'm' ? n * 30 : n * 365;
  return days;
}
