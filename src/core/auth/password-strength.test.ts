import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgePassword, PASSWORD_RULES, userWords } from './password-strength.js';

describe('password strength (ASVS 5.0 V6.2)', () => {
  it('refuses common and guessable passwords, whatever their composition', () => {
    for (const weak of [
      'password1234',
      'Password123!',
      'qwertyuiop12',
      'iloveyou2024',
      'abcabcabcabc',
      '123456789012',
    ]) {
      const verdict = judgePassword(weak);
      expect(verdict, weak).toMatchObject({ ok: false });
      if (!verdict.ok) expect(verdict.reason).toMatch(/^this password is too easy to guess: /);
    }
  });

  it('accepts long passphrases without any composition rule (no digit, capital or symbol needed)', () => {
    for (const strong of [
      'correct horse battery staple',
      'tangerine quietly orbits lamps',
      'my cat eats paper boats at noon',
    ]) {
      expect(judgePassword(strong), strong).toMatchObject({ ok: true });
    }
  });

  it('counts the e-mail and the name as guessable words', () => {
    const inputs = ['jane.doe@northwind.example', 'Jane Doe'];
    for (const guess of ['jane.doe@northwind.example', 'northwind.example1', 'jane.doe.1990']) {
      expect(judgePassword(guess, inputs), guess).toMatchObject({ ok: false });
    }
    // Without the user's words the same password would pass: the inputs are what refuses it.
    expect(judgePassword('northwind.example1', [])).toMatchObject({ ok: true });
    expect(userWords(['Jane.Doe@Northwind.example', 'Jane Doe'])).toEqual(
      expect.arrayContaining([
        'jane.doe@northwind.example',
        'jane.doe',
        'janedoe',
        'northwind.example',
        'jane',
        'doe',
      ]),
    );
  });

  it('takes 64 characters and more, up to the maximum, and judges every character (no truncation)', () => {
    const long = 'the quick brown fox jumps over the lazy dog and keeps running far away';
    expect(long.length).toBeGreaterThan(64);
    expect(judgePassword(long)).toMatchObject({ ok: true });
    expect(judgePassword('a'.repeat(PASSWORD_RULES.maxLength + 1))).toEqual({
      ok: false,
      score: 0,
      reason: `a password has at most ${PASSWORD_RULES.maxLength} characters`,
    });
  });

  it('refuses every password shorter than the minimum, and every verdict below score 3', {
    timeout: 60_000,
  }, () => {
    fc.assert(
      fc.property(fc.string({ maxLength: PASSWORD_RULES.minLength - 1 }), (short) => {
        expect(judgePassword(short)).toEqual({
          ok: false,
          score: 0,
          reason: `a password has at least ${PASSWORD_RULES.minLength} characters`,
        });
      }),
    );
    fc.assert(
      fc.property(fc.string({ minLength: PASSWORD_RULES.minLength, maxLength: 24 }), (candidate) => {
        const verdict = judgePassword(candidate);
        expect(verdict.ok).toBe(verdict.score >= PASSWORD_RULES.minScore);
      }),
      { numRuns: 10 },
    );
  });
});
