import { describe, expect, it } from 'vitest';
import {
  capabilitiesOf,
  capabilitiesSchema,
  decide,
  describePolicy,
  type Grant,
  grantsOf,
  isDeclared,
  POLICY,
  ROLES,
} from './policy.js';

describe('policy table', () => {
  it("lets an admin do everything declared but the auditor's own acts, and the auditor only inside their engagement", () => {
    for (const [concept, actions] of Object.entries(POLICY)) {
      for (const [action, grants] of Object.entries(actions as Record<string, readonly Grant[]>)) {
        const auditorOnly = grants.every((g) => typeof g === 'object' && 'engagement' in g);
        expect(decide(concept, action, 'admin')).toEqual({ allow: !auditorOnly });
        expect(['engagement', false]).toContain(decide(concept, action, 'auditor').allow);
      }
    }
    // Accepting or returning a request is the auditor's act alone (docs/decisions/0021).
    expect(decide('request', 'review', 'admin')).toEqual({ allow: false });
    expect(decide('request', 'review', 'auditor')).toEqual({ allow: 'engagement' });
    expect(decide('control', 'read', 'auditor')).toEqual({ allow: false });
  });

  it('keeps members and tokens admin-only, and lets the compliance lead do the rest', () => {
    for (const action of Object.keys(POLICY.member))
      expect(decide('member', action, 'compliance-lead').allow).toBe(false);
    for (const action of Object.keys(POLICY['api-token']))
      expect(decide('api-token', action, 'compliance-lead').allow).toBe(false);
    for (const action of Object.keys(POLICY.control))
      expect(decide('control', action, 'compliance-lead').allow).toBe(true);
    expect(decide('organization', 'update', 'compliance-lead').allow).toBe(false);
  });

  it('gives a contributor only their own controls to edit, and reading to viewers', () => {
    expect(decide('control', 'update', 'contributor')).toEqual({ allow: 'own', record: 'control' });
    expect(decide('control', 'delete', 'contributor')).toEqual({ allow: false });
    expect(decide('control', 'assign', 'contributor')).toEqual({ allow: false });
    expect(decide('control', 'read', 'viewer')).toEqual({ allow: true });
    expect(decide('control', 'update', 'viewer')).toEqual({ allow: false });
  });

  it('denies everyone an undeclared concept or action', () => {
    expect(isDeclared('control', 'launch')).toBe(false);
    expect(isDeclared('rocket', 'read')).toBe(false);
    expect(isDeclared('control', 'toString')).toBe(false);
    expect(grantsOf('rocket', 'read')).toEqual([]);
    for (const role of ROLES) expect(decide('control', 'launch', role)).toEqual({ allow: false });
  });

  it('describes a route policy for the OpenAPI document', () => {
    expect(describePolicy('public')).toEqual({ kind: 'public' });
    expect(describePolicy({ concept: 'control', action: 'update' })).toEqual({
      kind: 'organization',
      concept: 'control',
      action: 'update',
      grants: ['admin', 'compliance-lead', 'contributor (own control)'],
    });
  });
});

describe('capabilitiesOf (the session’s can flags)', () => {
  it('reads every concept and action of the table for the role, and nothing else', () => {
    for (const role of ROLES) {
      const can = capabilitiesOf(role) as Record<string, Record<string, boolean | 'own'>>;
      expect(Object.keys(can).sort()).toEqual(Object.keys(POLICY).sort());
      for (const [concept, actions] of Object.entries(POLICY)) {
        expect(Object.keys(can[concept]!).sort()).toEqual(Object.keys(actions).sort());
        for (const action of Object.keys(actions)) {
          const { allow } = decide(concept, action, role);
          expect(can[concept]![action], `${role} ${concept}.${action}`).toBe(allow === 'own' ? 'own' : allow);
        }
      }
      expect(capabilitiesSchema.parse(can)).toEqual(can);
    }
  });

  it('gives a contributor only their own controls to edit, members to admins, and the auditor nothing outside their engagement', () => {
    expect(capabilitiesOf('contributor').control.update).toBe('own');
    expect(capabilitiesOf('contributor').evidence.create).toBe(true);
    expect(capabilitiesOf('compliance-lead').member.read).toBe(false);
    expect(capabilitiesOf('admin').member.read).toBe(true);
    expect(Object.values(capabilitiesOf('auditor')).flatMap((a) => Object.values(a))).not.toContain(true);
  });
});
