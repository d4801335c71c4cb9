import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

/**
 * What a new password must be (ASVS 5.0 V6.2): at least 12 characters
 * (the standard asks for 8), up to 256 accepted (it asks that 64 be
 * allowed; the bound keeps hashing and this check bounded), any character,
 * no composition rules, never truncated or changed, and not guessable:
 * zxcvbn-ts, with its shipped common-password, English word and name
 * dictionaries and the user's own e-mail and name as extra words, must
 * estimate it at score 3 or more ("safely unguessable": about 10^8
 * guesses or more).
 */
export const PASSWORD_RULES = { minLength: 12, maxLength: 256, minScore: 3 } as const;

/** The verdict on a new password: accepted, or refused with a reason a person can act on. */
export type PasswordVerdict = { ok: true; score: number } | { ok: false; score: number; reason: string };

let factory: ZxcvbnFactory | undefined;

/** One estimator for the process (building its dictionaries takes a moment). */
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    translations: english.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...english.dictionary },
    maxLength: PASSWORD_RULES.maxLength,
  });
  return factory;
}

/**
 * The words of what the user is known by: the whole e-mail, its local
 * part and domain and their pieces, the name and its parts (a password
 * built from them is guessed first).
 */
export function userWords(inputs: readonly (string | null | undefined)[]): string[] {
  const words = new Set<string>();
  for (const input of inputs) {
    const text = input?.trim().toLowerCase();
    if (!text) continue;
    words.add(text);
    const at = text.indexOf('@');
    const local = at > 0 ? text.slice(0, at) : text;
    if (at > 0) {
      words.add(local);
      words.add(text.slice(at + 1));
    }
    const pieces = local.split(/[\s._+-]+/).filter(Boolean);
    // "jane.doe" and "Jane Doe" are also typed as "janedoe".
    if (pieces.length > 1) words.add(pieces.join(''));
    for (const piece of text.split(/[\s@._+-]+/)) if (piece.length >= 3) words.add(piece);
  }
  return [...words];
}

/**
 * Judges a new password. `userInputs` are the e-mail, name (and anything
 * else the account is known by); they count as dictionary words.
 */
export function judgePassword(
  password: string,
  userInputs: readonly (string | null | undefined)[] = [],
): PasswordVerdict {
  const { minLength, maxLength, minScore } = PASSWORD_RULES;
  if (password.length < minLength)
    return { ok: false, score: 0, reason: `a password has at least ${minLength} characters` };
  if (password.length > maxLength)
    return { ok: false, score: 0, reason: `a password has at most ${maxLength} characters` };
  const result = estimator().check(password, userWords(userInputs));
  if (result.score >= minScore) return { ok: true, score: result.score };
  const { warning, suggestions } = result.feedback;
  const why = warning ?? 'This password is too easy to guess.';
  const hint = suggestions[0] ?? 'Add more words that are less common.';
  return {
    ok: false,
    score: result.score,
    reason: `this password is too easy to guess: ${lowerFirst(stripDot(why))}. ${hint}`,
  };
}

function stripDot(text: string): string {
  return text.replace(/\.+$/, '');
}

function lowerFirst(text: string): string {
  return text.length > 0 ? text[0]!.toLowerCase() + text.slice(1) : text;
}
