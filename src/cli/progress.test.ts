import { describe, expect, it } from 'vitest';
import { writeLockNote } from './progress.js';

describe('writeLockNote', () => {
  it('tells the user that writes wait while a SQLite import holds the lock', () => {
    expect(writeLockNote('sqlite')).toMatch(/holds the SQLite write lock.*wait.*503 busy.*retries/);
  });

  it('says nothing on PostgreSQL, where other writers go on', () => {
    expect(writeLockNote('postgres')).toBeNull();
  });
});
