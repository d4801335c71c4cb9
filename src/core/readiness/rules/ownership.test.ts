import { describe, expect, it } from 'vitest';
import {
  buildControl,
  buildInput,
  buildPerson,
  buildType2,
  controlOf,
  reasonCodes,
  T,
} from '../../../../test/builders/readiness-input.js';
import { addDays } from '../../dates.js';
import { computeReadiness } from '../compute-readiness.js';

describe('no-owner', () => {
  it('makes a control without owner a gap, due now without an engagement', () => {
    const c = controlOf(computeReadiness(buildInput({ controls: [buildControl({ ownerId: null })] })));
    expect(c.status).toBe('gap');
    expect(c.reasons[0]).toMatchObject({ code: 'no-owner', severity: 'gap', ownerId: null, dueOn: T });
    expect(c.reasons[0]?.message).toMatch(/Assign an owner to AC-03/);
  });

  it('is due at the readiness assessment (anchor − 60) when there is an engagement', () => {
    const engagement = buildType2({
      windowStart: '2026-10-01',
      windowEnd: '2027-03-31',
      fieldworkStart: '2027-04-15',
    });
    const c = controlOf(
      computeReadiness(buildInput({ engagement, controls: [buildControl({ ownerId: null })] })),
    );
    expect(c.reasons.find((r) => r.code === 'no-owner')?.dueOn).toBe('2026-08-02');
  });

  it('takes the readiness assessment date from the plan when one is given', () => {
    const input = buildInput({
      controls: [buildControl({ ownerId: null })],
      plan: { items: [], milestones: [{ code: 'readiness-assessment', dueOn: '2026-09-01' }] },
    });
    expect(controlOf(computeReadiness(input)).reasons[0]?.dueOn).toBe('2026-09-01');
  });

  it('hands the reasons to an active backup owner', () => {
    const input = buildInput({
      people: [buildPerson({ id: 'p2', name: 'Bo Backup' })],
      controls: [buildControl({ ownerId: null, backupOwnerId: 'p2' })],
    });
    expect(controlOf(computeReadiness(input))).toMatchObject({
      status: 'gap',
      ownerId: 'p2',
      ownerName: 'Bo Backup',
    });
  });
});

describe('owner-not-active', () => {
  it('makes a departed owner a gap, naming them and the departure date', () => {
    const input = buildInput({ people: [buildPerson({ status: 'departed', departedOn: '2026-07-31' })] });
    const c = controlOf(computeReadiness(input));
    expect(c).toMatchObject({ status: 'gap', ownerId: null, ownerName: null });
    expect(c.reasons[0]).toMatchObject({ code: 'owner-not-active', ownerId: null, dueOn: T });
    expect(c.reasons[0]?.message).toBe('Owner Ada Owner left on 2026-07-31: assign a new owner to AC-03.');
  });

  it('flags an owner missing from the roster', () => {
    const c = controlOf(computeReadiness(buildInput({ people: [] })));
    expect(c.reasons.map((r) => r.code)).toEqual(['owner-not-active']);
    expect(c.reasons[0]?.message).toMatch(/Owner p1 is not in the roster/);
  });

  it('judges by the departure date: an announced departure is still active, a past one is not', () => {
    const later = buildInput({ people: [buildPerson({ departedOn: addDays(T, 1) })] });
    expect(controlOf(computeReadiness(later)).status).toBe('ready');
    const past = buildInput({ people: [buildPerson({ status: 'active', departedOn: T })] });
    expect(reasonCodes(computeReadiness(past))).toEqual(['owner-not-active']);
  });

  it('names the active backup as the owner of the reasons', () => {
    const input = buildInput({
      people: [
        buildPerson({ status: 'departed', departedOn: '2026-07-31' }),
        buildPerson({ id: 'p2', name: 'Bo Backup' }),
      ],
      controls: [buildControl({ backupOwnerId: 'p2' })],
    });
    const reason = controlOf(computeReadiness(input)).reasons[0];
    expect(reason).toMatchObject({ code: 'owner-not-active', ownerId: 'p2', ownerName: 'Bo Backup' });
    expect(reason?.message).toMatch(/backup Bo Backup/);
  });
});

describe('control-draft', () => {
  it('makes a draft control a gap', () => {
    const c = controlOf(computeReadiness(buildInput({ controls: [buildControl({ status: 'draft' })] })));
    expect(c.status).toBe('gap');
    expect(c.reasons[0]).toMatchObject({
      code: 'control-draft',
      ownerId: 'p1',
      ownerName: 'Ada Owner',
      dueOn: T,
    });
  });

  it('tells to assign an owner when nobody active owns the control', () => {
    const input = buildInput({ people: [], controls: [buildControl({ status: 'draft' })] });
    const draft = controlOf(computeReadiness(input)).reasons.find((r) => r.code === 'control-draft');
    expect(draft?.message).toMatch(/has no active owner: assign one/);
  });
});

describe('unowned controls go to the lead, else an admin', () => {
  const lead = buildPerson({ id: 'lead', name: 'Lena Lead', email: 'lena@example.com' });
  const zed = buildPerson({ id: 'zed', name: 'Zed Admin', email: 'zed@example.com' });
  const amy = buildPerson({ id: 'amy', name: 'Amy Admin', email: 'amy@example.com' });

  it('names the compliance lead on every reason, flagged unowned, and lists the control under them', () => {
    const result = computeReadiness(
      buildInput({
        people: [lead, zed, amy],
        controls: [buildControl({ ownerId: null })],
        complianceLeadId: 'lead',
        adminIds: ['zed', 'amy'],
      }),
    );
    const c = controlOf(result);
    expect(c).toMatchObject({ ownerId: 'lead', ownerName: 'Lena Lead', unowned: true });
    for (const r of c.reasons) expect(r).toMatchObject({ ownerId: 'lead', unowned: true });
    expect(result.owners).toEqual([expect.objectContaining({ ownerId: 'lead', unownedControlIds: ['c1'] })]);
  });

  it('falls back to the first active admin by name when the lead has left (on their departure date already)', () => {
    const input = buildInput({
      people: [{ ...lead, departedOn: T, status: 'departed' }, zed, amy],
      controls: [buildControl({ ownerId: 'gone' })],
      complianceLeadId: 'lead',
      adminIds: ['zed', 'amy'],
    });
    expect(controlOf(computeReadiness(input))).toMatchObject({ ownerId: 'amy', unowned: true });
    // The day before, the lead was still active.
    expect(controlOf(computeReadiness({ ...input, at: addDays(T, -1) }))).toMatchObject({ ownerId: 'lead' });
  });

  it('keeps an active owner or backup: not unowned', () => {
    const c = controlOf(
      computeReadiness(buildInput({ people: [buildPerson(), lead], complianceLeadId: 'lead' })),
    );
    expect(c).toMatchObject({ ownerId: 'p1', unowned: false });
    expect(c.reasons.every((r) => r.unowned === undefined)).toBe(true);
  });

  it('names nobody only when neither a lead nor an admin is active', () => {
    const c = controlOf(
      computeReadiness(buildInput({ people: [], controls: [buildControl({ ownerId: null })] })),
    );
    expect(c).toMatchObject({ ownerId: null, unowned: true });
  });
});
