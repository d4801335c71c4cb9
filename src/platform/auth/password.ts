import { hash, verify } from '@node-rs/argon2';
import { judgePassword, PASSWORD_RULES } from '../../core/auth/password-strength.js';
import { AppError } from '../errors.js';

/** Argon2id cost parameters (memory in KiB). */
export interface PasswordHashing {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP's recommended Argon2id floor: 19 MiB, 2 passes, 1 lane (about 20–40 ms per hash here). */
export const DEFAULT_PASSWORD_HASHING: PasswordHashing = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** The cheapest valid parameters: for tests only, so suites that sign in many users stay fast. */
export const TEST_PASSWORD_HASHING: PasswordHashing = { memoryCost: 64, timeCost: 1, parallelism: 1 };

/** The shortest and longest passwords accepted (the upper bound keeps hashing cost bounded). */
export const PASSWORD_LENGTH = { min: PASSWORD_RULES.minLength, max: PASSWORD_RULES.maxLength } as const;

/**
 * Refuses a new password that is too short, too long or guessable (400
 * invalid_input with the reason), judged with what the account is known by
 * (e-mail, name) as extra dictionary words: src/core/auth/password-strength.ts.
 */
export function assertStrongPassword(
  password: string,
  userInputs: readonly (string | null | undefined)[],
): void {
  const verdict = judgePassword(password, userInputs);
  if (!verdict.ok) throw new AppError('invalid_input', verdict.reason, { field: 'password' });
}

/** An Argon2id PHC string (`$argon2id$v=19$m=…`) for a password. */
export function hashPassword(password: string, params: PasswordHashing): Promise<string> {
  // @node-rs/argon2 defaults to Argon2id; its Algorithm enum is a const enum we cannot import here.
  return hash(password, { ...params, outputLen: 32 });
}

/** True when `password` matches the PHC string; false on mismatch or a malformed hash. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * Verifies against a throw-away hash so that an unknown e-mail takes as long
 * as a wrong password: response time must not tell which accounts exist.
 */
export async function burnPasswordCheck(password: string, params: PasswordHashing): Promise<void> {
  dummy ??= hashPassword('auditready-timing-equaliser', params);
  await verifyPassword(await dummy, password);
}
