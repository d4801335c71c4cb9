import { DEFAULT_PASSWORD_HASHING, type PasswordHashing } from './password.js';

/**
 * Sign-in throttling (docs/decisions/0009): failures allowed per account at
 * one client address and per address before delays start; the delay then
 * doubles from `baseDelaySeconds` up to `maxDelaySeconds`; a key quiet for
 * `windowMinutes` starts again.
 */
export interface SignInLimits {
  perAccount: number;
  perIp: number;
  windowMinutes: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
}

/** Everything authentication depends on that a deployment or a test may change. */
export interface AuthSettings {
  hashing: PasswordHashing;
  /** A session unused for this long is dead. */
  idleMinutes: number;
  /** A session is dead this long after sign-in, used or not. */
  absoluteHours: number;
  limits: SignInLimits;
  /** Lifetime of a one-time setup or invitation link. */
  setupTokenHours: number;
  /** The current instant as an ISO timestamp; injected so tests can move time instead of sleeping. */
  now: () => string;
}

/**
 * Production defaults (SPEC §12, issues 4 and 12): 60 min idle, 12 h
 * absolute; 5 free failures per account and address and 20 per address,
 * then delays of 30 s doubling up to 15 min.
 */
export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  hashing: DEFAULT_PASSWORD_HASHING,
  idleMinutes: 60,
  absoluteHours: 12,
  limits: { perAccount: 5, perIp: 20, windowMinutes: 15, baseDelaySeconds: 30, maxDelaySeconds: 900 },
  setupTokenHours: 24,
  now: () => new Date().toISOString(),
};

/** `iso` moved by a number of minutes, as an ISO timestamp. */
export function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}
