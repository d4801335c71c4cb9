import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decideSignIn,
  groupsOf,
  type RoleMappingRow,
  roleFor,
  SSO_ROLES,
  type SsoRole,
  verifiedEmail,
} from './sso-rules.js';

const RANK: Record<SsoRole, number> = { viewer: 0, contributor: 1, 'compliance-lead': 2, admin: 3 };

describe('groupsOf', () => {
  it('reads an array of strings, a single string, or nothing', () => {
    expect(groupsOf({ groups: ['a', 'b'] }, 'groups')).toEqual(['a', 'b']);
    expect(groupsOf({ groups: 'a' }, 'groups')).toEqual(['a']);
    expect(groupsOf({ groups: '' }, 'groups')).toEqual([]);
    expect(groupsOf({ groups: ['a', 3, null, 'b'] }, 'groups')).toEqual(['a', 'b']);
    expect(groupsOf({ groups: { a: 1 } }, 'groups')).toEqual([]);
    expect(groupsOf({ roles: ['x'] }, 'groups')).toEqual([]);
    expect(groupsOf({ groups: ['a'] }, null)).toEqual([]);
  });
});

describe('roleFor', () => {
  const mapping: RoleMappingRow[] = [
    { group: 'admins', role: 'admin' },
    { group: 'compliance', role: 'compliance-lead' },
    { group: 'eng', role: 'contributor' },
  ];
  it('gives the default role when no group is mapped', () => {
    expect(roleFor([], mapping, 'viewer')).toBe('viewer');
    expect(roleFor(['sales'], mapping, 'contributor')).toBe('contributor');
  });
  it('gives the most privileged mapped role, whatever the order', () => {
    expect(roleFor(['eng', 'compliance'], mapping, 'viewer')).toBe('compliance-lead');
    expect(roleFor(['compliance', 'eng', 'admins'], mapping, 'viewer')).toBe('admin');
  });
  it('a mapped group wins over the default even when the default is higher', () => {
    expect(roleFor(['eng'], mapping, 'compliance-lead')).toBe('contributor');
  });
  it('is the maximum over the mapped groups held (property)', () => {
    const role = fc.constantFrom(...SSO_ROLES);
    const group = fc.constantFrom('a', 'b', 'c', 'd', 'e');
    fc.assert(
      fc.property(
        fc.array(fc.record({ group, role }), { maxLength: 8 }),
        fc.array(group, { maxLength: 5 }),
        role,
        (rows, held, fallback) => {
          const result = roleFor(held, rows, fallback);
          const matched = rows.filter((r) => held.includes(r.group)).map((r) => r.role);
          if (matched.length === 0) return result === fallback;
          return matched.includes(result) && matched.every((r) => RANK[r] <= RANK[result]);
        },
      ),
    );
  });
});

describe('verifiedEmail', () => {
  it('accepts a verified e-mail, lower-cased', () => {
    expect(verifiedEmail({ email: 'Ana@Corp.Test', email_verified: true })).toEqual({
      ok: true,
      email: 'ana@corp.test',
    });
    expect(verifiedEmail({ email: 'ana@corp.test', email_verified: 'true' })).toEqual({
      ok: true,
      email: 'ana@corp.test',
    });
  });
  it('refuses an unverified or unstated verification', () => {
    expect(verifiedEmail({ email: 'ana@corp.test', email_verified: false })).toEqual({
      ok: false,
      reason: 'email-unverified',
    });
    expect(verifiedEmail({ email: 'ana@corp.test' })).toEqual({ ok: false, reason: 'email-unverified' });
    expect(verifiedEmail({ email: 'ana@corp.test', email_verified: 'false' })).toEqual({
      ok: false,
      reason: 'email-unverified',
    });
    expect(verifiedEmail({ email: 'ana@corp.test', email_verified: 1 })).toEqual({
      ok: false,
      reason: 'email-unverified',
    });
  });
  it('refuses a missing or malformed e-mail', () => {
    expect(verifiedEmail({ email_verified: true })).toEqual({ ok: false, reason: 'email-missing' });
    expect(verifiedEmail({ email: 'not an e-mail', email_verified: true })).toEqual({
      ok: false,
      reason: 'email-missing',
    });
    expect(verifiedEmail({ email: 42, email_verified: true })).toEqual({
      ok: false,
      reason: 'email-missing',
    });
  });
});

describe('decideSignIn', () => {
  const active = { id: 'u1', status: 'active' };
  it('signs a linked identity in, or lets it join the organization', () => {
    expect(decideSignIn({ linkedUser: active, emailUser: null, membership: { status: 'active' } })).toEqual({
      kind: 'sign-in',
      userId: 'u1',
    });
    expect(decideSignIn({ linkedUser: active, emailUser: null, membership: null })).toEqual({
      kind: 'join-org',
      userId: 'u1',
    });
  });
  it('refuses a disabled account and a removed member', () => {
    expect(
      decideSignIn({
        linkedUser: { id: 'u1', status: 'disabled' },
        emailUser: null,
        membership: { status: 'active' },
      }),
    ).toEqual({ kind: 'refuse', reason: 'user-disabled' });
    expect(decideSignIn({ linkedUser: active, emailUser: null, membership: { status: 'disabled' } })).toEqual(
      { kind: 'refuse', reason: 'member-removed' },
    );
    expect(
      decideSignIn({
        linkedUser: null,
        emailUser: { ...active, hasPassword: true },
        membership: { status: 'disabled' },
      }),
    ).toEqual({ kind: 'refuse', reason: 'member-removed' });
  });
  it('never links an account that has a password through the e-mail alone', () => {
    expect(
      decideSignIn({ linkedUser: null, emailUser: { ...active, hasPassword: true }, membership: null }),
    ).toEqual({ kind: 'pending-link', userId: 'u1' });
    expect(
      decideSignIn({
        linkedUser: null,
        emailUser: { ...active, hasPassword: true },
        membership: { status: 'active' },
      }),
    ).toEqual({ kind: 'pending-link', userId: 'u1' });
  });
  it('links an account without a password at once, and provisions a stranger', () => {
    expect(
      decideSignIn({ linkedUser: null, emailUser: { ...active, hasPassword: false }, membership: null }),
    ).toEqual({ kind: 'link-and-sign-in', userId: 'u1' });
    expect(decideSignIn({ linkedUser: null, emailUser: null, membership: null })).toEqual({
      kind: 'provision-user',
    });
  });
});
