import { describe, expect, it } from 'vitest';
import { isForeignKeyViolation, storeUnavailability } from './errors.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('storeUnavailability', () => {
  it.each([
    ['SQLITE_BUSY', 'busy'],
    ['SQLITE_BUSY_SNAPSHOT', 'busy'],
    ['SQLITE_LOCKED', 'busy'],
    ['55P03', 'busy'],
    ['40001', 'busy'],
    ['40P01', 'busy'],
    ['57P01', 'unavailable'],
    ['57P03', 'unavailable'],
    ['53300', 'unavailable'],
    ['08006', 'unavailable'],
    ['ECONNREFUSED', 'unavailable'],
    ['ECONNRESET', 'unavailable'],
  ])('%s → %s, with a Retry-After', (code, expected) => {
    const found = storeUnavailability(withCode(code));
    expect(found?.code).toBe(expected);
    expect(found?.retryAfterSeconds).toBe(expected === 'busy' ? 2 : 5);
  });

  it('recognizes node-postgres connection losses without a code, and causes inside an AggregateError', () => {
    expect(storeUnavailability(new Error('Connection terminated unexpectedly'))?.code).toBe('unavailable');
    expect(storeUnavailability(new AggregateError([withCode('ECONNREFUSED')]))?.code).toBe('unavailable');
  });

  it('leaves defects and bad input alone (they stay 500 or their own status)', () => {
    for (const err of [
      new Error('boom'),
      withCode('23505'),
      withCode('SQLITE_CONSTRAINT_FOREIGNKEY'),
      withCode('22P05'),
      null,
      'text',
    ]) {
      expect(storeUnavailability(err)).toBeNull();
    }
    expect(isForeignKeyViolation(withCode('23503'))).toBe(true);
  });
});
