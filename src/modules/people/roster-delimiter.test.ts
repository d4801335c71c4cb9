import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readRoster } from './person.service.js';

describe('roster delimiter', () => {
  const semicolons = 'email;name;team\nann@example.test;Ann Example;Ops, EU\n';

  it('reads a roster separated by the delimiter it is told', async () => {
    const people = await readRoster(Readable.from([semicolons]), 'roster.csv', ';');
    expect(people).toMatchObject([{ email: 'ann@example.test', name: 'Ann Example', team: 'Ops, EU' }]);
  });

  it('never guesses: a semicolon file read as comma-separated names the likely delimiter', async () => {
    await expect(readRoster(Readable.from([semicolons]), 'roster.csv')).rejects.toThrow(
      'roster.csv, line 1: missing required column "email" (the header holds ";": is the file separated by semicolon? say so with the delimiter option)',
    );
  });
});
