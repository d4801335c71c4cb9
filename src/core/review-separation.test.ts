import { describe, expect, it } from 'vitest';
import type { Actor } from './ledger/chain.js';
import { selfAcceptanceProblem } from './review-separation.js';

const ada: Actor = { type: 'user', id: 'u-ada', label: 'ada@example.com' };
const grace: Actor = { type: 'user', id: 'u-grace', label: 'grace@example.com' };
const token: Actor = { type: 'token', id: 'u-ada', label: 'token' };
const system: Actor = { type: 'system', id: 'cli', label: 'cli:root' };

describe('selfAcceptanceProblem', () => {
  it('refuses the uploader accepting their own evidence while the setting is on', () => {
    expect(
      selfAcceptanceProblem({ separate: true, decision: 'accepted', collector: ada, reviewer: ada }),
    ).toMatch(/you uploaded this evidence/);
  });
  it('lets someone else accept, and the uploader reject (withdraw)', () => {
    expect(
      selfAcceptanceProblem({ separate: true, decision: 'accepted', collector: ada, reviewer: grace }),
    ).toBeNull();
    expect(
      selfAcceptanceProblem({ separate: true, decision: 'rejected', collector: ada, reviewer: ada }),
    ).toBeNull();
  });
  it('compares the kind of actor as well as its id', () => {
    expect(
      selfAcceptanceProblem({ separate: true, decision: 'accepted', collector: ada, reviewer: token }),
    ).toBeNull();
  });
  it('allows everything when the organization turned the setting off, and exempts the system', () => {
    expect(
      selfAcceptanceProblem({ separate: false, decision: 'accepted', collector: ada, reviewer: ada }),
    ).toBeNull();
    expect(
      selfAcceptanceProblem({ separate: true, decision: 'accepted', collector: system, reviewer: system }),
    ).toBeNull();
  });
});
