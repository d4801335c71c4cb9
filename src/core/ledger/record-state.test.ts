import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRecord, deriveRecord, type RecordEntry, trackedKindOf } from './record-state.js';

const ORG = 'org-1';
const entry = (action: string, change: unknown, orgId: string | null = ORG): RecordEntry => ({
  action,
  orgId,
  change,
});

describe('trackedKindOf', () => {
  it('reads reviews from evidence entries that accept or reject, and ignores other record types', () => {
    expect(trackedKindOf('evidence', 'create')).toBe('evidence');
    expect(trackedKindOf('evidence', 'supersede')).toBe('evidence');
    expect(trackedKindOf('evidence', 'reject')).toBe('review');
    expect(trackedKindOf('membership', 'accept-invitation')).toBe('membership');
    expect(trackedKindOf('control', 'update')).toBeNull();
  });
});

describe('deriveRecord and compareRecord', () => {
  const review = {
    evidence_id: 'e-1',
    org_id: ORG,
    decision: 'rejected',
    reason: 'wrong period',
    reviewer_type: 'user',
    reviewer_id: 'u-1',
    reviewer_label: 'a@x',
    reviewed_at: '2026-12-01T00:00:00.000Z',
  };

  it('finds a review flipped from rejected to accepted', () => {
    const derived = deriveRecord('review', [entry('reject', review)]);
    expect(compareRecord('review', 'e-1', derived, review)).toEqual([]);
    const flipped = compareRecord('review', 'e-1', derived, {
      ...review,
      decision: 'accepted',
      reason: null,
    });
    expect(flipped.map((m) => m.field)).toEqual(['decision', 'reason']);
    expect(flipped[0]!.message).toBe(
      'evidence review e-1: decision is "accepted" but the activity log says "rejected"',
    );
  });

  it('names a deleted row, a row the log never saw, and a row the log removed', () => {
    const derived = deriveRecord('evidence', [entry('create', { id: 'e-1', sha256: 'ab' })]);
    expect(compareRecord('evidence', 'e-1', derived, null)[0]!.problem).toBe('missing');
    expect(compareRecord('evidence', 'e-2', null, { id: 'e-2' })[0]!.problem).toBe('unlogged');
    const removed = deriveRecord('membership', [entry('create', { role: 'viewer' }), entry('delete', null)]);
    expect(compareRecord('membership', 'm-1', removed, { role: 'viewer' })[0]!.problem).toBe('removed');
    expect(compareRecord('membership', 'm-1', removed, null)).toEqual([]);
  });

  it('folds membership creation, diffs and disabling, and compares the e-mail of the user', () => {
    const derived = deriveRecord('membership', [
      entry('create', { email: 'a@x', role: 'viewer', personId: null, userId: 'u-1' }),
      entry('update', { role: ['viewer', 'admin'] }),
      entry('disable', { status: ['active', 'disabled'], sessionsRevoked: 2 }),
    ]);
    expect(derived.fields).toMatchObject({ orgId: ORG, userEmail: 'a@x', role: 'admin', status: 'disabled' });
    const row = {
      org_id: ORG,
      user_id: 'u-1',
      user_email: 'a@x',
      role: 'admin',
      person_id: null,
      status: 'disabled',
    };
    expect(compareRecord('membership', 'm-1', derived, row)).toEqual([]);
    const promoted = compareRecord('membership', 'm-1', derived, {
      ...row,
      status: 'active',
      user_id: 'u-2',
    });
    expect(promoted.map((m) => m.field)).toEqual(['userId', 'status']);
  });

  it('takes the organization of an installation-chain grant from its change', () => {
    const derived = deriveRecord('membership', [entry('create', { orgId: 'org-2', role: 'admin' }, null)]);
    expect(derived.fields).toEqual({ orgId: 'org-2', role: 'admin', status: 'active' });
  });

  it('compares a legacy approval by the approver e-mail, a new one by id', () => {
    const created = entry('create', {
      id: 'x-1',
      approver_id: null,
      approved_on: null,
      expires_on: '2027-01-01',
    });
    const legacy = deriveRecord('exception', [
      created,
      entry('approve', { approver: 'b@x', approvedOn: '2026-12-01' }),
    ]);
    expect(legacy.fields.approverId).toBeUndefined();
    const row = {
      org_id: ORG,
      approver_id: 'p-9',
      approver_email: 'b@x',
      approved_on: '2026-12-01',
      expires_on: '2027-01-01',
    };
    expect(compareRecord('exception', 'x-1', legacy, row)).toEqual([]);
    const current = deriveRecord('exception', [
      created,
      entry('approve', { approver: 'b@x', approverId: 'p-1', approvedOn: '2026-12-01' }),
    ]);
    expect(compareRecord('exception', 'x-1', current, row).map((m) => m.field)).toEqual(['approverId']);
  });

  it('knows a revoked token from the action, and compares sizes stored as text', () => {
    const derived = deriveRecord('api-token', [
      entry('create', { name: 'ci', prefix: 'ar_x', role: 'editor', expiresAt: 'z' }),
      entry('use', { day: '2026-12-01' }),
      entry('revoke', { prefix: 'ar_x' }),
    ]);
    const row = {
      org_id: ORG,
      name: 'ci',
      prefix: 'ar_x',
      role: 'editor',
      expires_at: 'z',
      revoked_at: null,
    };
    expect(compareRecord('api-token', 't-1', derived, row).map((m) => m.field)).toEqual(['revoked']);
    expect(compareRecord('api-token', 't-1', derived, { ...row, revoked_at: 'y' })).toEqual([]);
    const evidence = deriveRecord('evidence', [entry('create', { size: 12 })]);
    expect(compareRecord('evidence', 'e', evidence, { org_id: ORG, size: '12' })).toEqual([]);
  });

  it('reports any single changed field of a logged evidence row, and only that one (property)', () => {
    const row = {
      id: 'e-1',
      org_id: ORG,
      control_id: 'c-1',
      requirement_id: 'r-1',
      kind: 'file',
      sha256: 'a'.repeat(64),
      size: 10,
      file_name: 'x.pdf',
      media_type: 'application/pdf',
      url: null,
      description: null,
      effective_start: '2026-01-01',
      effective_end: '2026-01-31',
      collected_at: '2026-02-01T00:00:00.000Z',
      source_type: 'manual',
      collector_type: 'user',
      collector_id: 'u',
      collector_label: 'u@x',
      supersedes_id: null,
    };
    const derived = deriveRecord('evidence', [entry('create', row)]);
    const columns = Object.keys(row).filter((k) => k !== 'id');
    fc.assert(
      fc.property(fc.constantFrom(...columns), fc.string({ minLength: 1 }), (column, value) => {
        const before = (row as Record<string, unknown>)[column];
        fc.pre(String(before) !== value);
        const found = compareRecord('evidence', 'e-1', derived, { ...row, [column]: value });
        expect(found).toHaveLength(1);
        expect(found[0]!.problem).toBe('changed');
      }),
    );
  });
});
