import { describe, expect, it } from 'vitest';
import { bodyOf, defaultOffsetText, formOf, missingFields } from './engagement-form';
import type { Engagement } from './queries';

const people = [
  { id: 'p-maya', email: 'maya@x.example' },
  { id: 'p-ngozi', email: 'ngozi@x.example' },
];
const engagement: Engagement = {
  id: 'e1',
  frameworkId: 'soc2',
  type: 'type2',
  auditDate: null,
  windowStart: '2027-01-13',
  windowEnd: '2027-07-12',
  fieldworkStart: '2027-07-26',
  reportDue: null,
  categories: ['availability'],
  firmName: 'Calloway & Finch',
  leadId: 'p-ngozi',
  milestoneOffsets: { 'gap-remediation': -21 },
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
};

describe('engagement form', () => {
  it('starts a new engagement as Type II led by the signed-in person', () => {
    const v = formOf(null, people, 'p-maya');
    expect(v).toMatchObject({ type: 'type2', leadEmail: 'maya@x.example', categories: [], offsets: {} });
    expect(missingFields(v)).toEqual(['the window start', 'the window end', 'the fieldwork start']);
  });
  it('round-trips an engagement: lead by e-mail, blanks as null, overrides kept', () => {
    const v = formOf(engagement, people, null);
    expect(v.leadEmail).toBe('ngozi@x.example');
    expect(bodyOf(v)).toEqual({
      type: 'type2',
      auditDate: null,
      windowStart: '2027-01-13',
      windowEnd: '2027-07-12',
      fieldworkStart: '2027-07-26',
      reportDue: null,
      categories: ['availability'],
      firmName: 'Calloway & Finch',
      leadEmail: 'ngozi@x.example',
      milestoneOffsets: { 'gap-remediation': -21 },
    });
  });
  it('switching to Type I sends the audit date and clears the window', () => {
    const v = { ...formOf(engagement, people, null), type: 'type1' as const, auditDate: '2027-06-30' };
    expect(missingFields(v)).toEqual([]);
    const body = bodyOf(v);
    expect(body).toMatchObject({
      type: 'type1',
      auditDate: '2027-06-30',
      windowStart: null,
      windowEnd: null,
    });
    expect(missingFields({ ...v, auditDate: '' })).toEqual(['the audit date']);
  });
  it('never sends security as a category, and trims the firm to null when blank', () => {
    const v = {
      ...formOf(engagement, people, null),
      categories: ['security', 'privacy'] as never,
      firmName: '  ',
    };
    expect(bodyOf(v)).toMatchObject({ categories: ['privacy'], firmName: null });
  });
  it('describes the default offsets against the right date', () => {
    expect(defaultOffsetText('readiness-assessment', 'type2')).toBe(
      'default: 60 days before the window start',
    );
    expect(defaultOffsetText('readiness-assessment', 'type1')).toBe('default: 60 days before the audit date');
    expect(defaultOffsetText('request-list-answered', 'type2')).toBe(
      'default: 14 days after the fieldwork start',
    );
    expect(defaultOffsetText('first-evidence-cycle', 'type1')).toBe('default: on the audit date');
  });
});
