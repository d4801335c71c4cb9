import { describe, expect, it } from 'vitest';
import { buildOwnerIndex, matchOwner, type RosterPerson, ruleOwner } from './owners.js';

const person = (
  email: string,
  name: string,
  status = 'active',
  departedOn: string | null = null,
): RosterPerson => ({
  id: email,
  email,
  name,
  status,
  departedOn,
});
const ROSTER = [
  person('alice.nguyen@example.com', 'Alice Nguyen'),
  person('bob.smith@example.com', 'Bob Smith', 'departed', '2026-06-30'),
  person('fatima.zahra@example.com', 'Fatima Zahra'),
  person('sam@example.com', 'Sam One'),
  person('sam@other.example', 'Sam Two'),
];
const index = buildOwnerIndex(ROSTER);

describe('matchOwner', () => {
  it('matches e-mails case-insensitively', () => {
    expect(matchOwner(index, 'Fatima.Zahra@Example.com')?.id).toBe('fatima.zahra@example.com');
    expect(matchOwner(index, ' alice.nguyen@example.com ')?.id).toBe('alice.nguyen@example.com');
  });

  it('matches a login or user name to the local part of one e-mail', () => {
    expect(matchOwner(index, 'alice-nguyen')?.id).toBe('alice.nguyen@example.com');
    expect(matchOwner(index, 'alice.nguyen')?.id).toBe('alice.nguyen@example.com');
    expect(matchOwner(index, 'bsmith-ex')).toBeNull();
  });

  it('matches a full name, and nobody when two people share a handle', () => {
    expect(matchOwner(index, 'bob smith')?.id).toBe('bob.smith@example.com');
    expect(matchOwner(index, 'sam')).toBeNull();
  });

  it('leaves team aliases, other domains and empty hints unmatched', () => {
    expect(matchOwner(index, 'platform-team@example.com')).toBeNull();
    expect(matchOwner(index, 'alice.nguyen@acme.example')).toBeNull();
    expect(matchOwner(index, '')).toBeNull();
    expect(matchOwner(index, null)).toBeNull();
  });
});

describe('ruleOwner', () => {
  it('says departed, active, unknown or none', () => {
    expect(ruleOwner(ROSTER[1]!, 'bob.smith@example.com')).toEqual({
      status: 'departed',
      personId: 'bob.smith@example.com',
      email: 'bob.smith@example.com',
      departedOn: '2026-06-30',
    });
    expect(ruleOwner(ROSTER[0]!, null).status).toBe('active');
    expect(ruleOwner(null, 'jordan.blake@example.com')).toEqual({
      status: 'unknown',
      email: 'jordan.blake@example.com',
    });
    expect(ruleOwner(null, '  ')).toEqual({ status: 'none' });
  });
});
