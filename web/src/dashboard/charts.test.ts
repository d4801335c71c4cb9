import { describe, expect, it } from 'vitest';
import type { Plan } from '../api/types';
import { STATUS_COLORS } from '../components/tones';
import type { MilestoneCode } from '../plan/queries';
import { burndownMarks, burndownOption, categoryOption } from './charts';

const milestone = (code: MilestoneCode, dueOn: string, doneOn: string | null = null) => ({
  key: `milestone:${code}`,
  kind: 'milestone' as const,
  code,
  title: `${code} title`,
  dueOn,
  ownerId: null,
  doneOn,
  doneBy: null,
});
const plan: Plan = {
  engagement: {
    id: 'e1',
    type: 'type2',
    auditDate: null,
    windowStart: '2027-01-13',
    windowEnd: '2027-07-12',
    fieldworkStart: '2027-07-26',
    firmName: null,
    frameworkId: 'soc2',
    reportDue: null,
    categories: [],
    leadId: null,
    milestoneOffsets: {},
    createdAt: '2026-10-01T00:00:00.000Z',
    updatedAt: '2026-10-01T00:00:00.000Z',
  },
  plan: {
    milestones: [
      milestone('readiness-assessment', '2026-11-14', '2026-11-10'),
      milestone('gap-remediation', '2026-12-30'),
      milestone('policies-approved', '2026-11-20'),
      milestone('first-evidence-cycle', '2027-07-12'),
      milestone('request-list-answered', '2027-08-09'),
    ],
    items: [],
    orphanedCompletions: [],
  },
};
const burndown = {
  actual: [
    { week: '2025-10-06', gaps: 90 },
    { week: '2026-06-01', gaps: 30 },
    { week: '2026-11-23', gaps: 20 },
  ],
  ideal: [
    { week: '2026-11-23', gaps: 20 },
    { week: '2026-12-28', gaps: 0 },
  ],
};

describe('burndown chart', () => {
  it('marks every milestone and the observation window, by date, with its state at today', () => {
    const marks = burndownMarks(plan, '2026-11-29');
    expect(marks.map((m) => [m.code, m.date, m.state])).toEqual([
      ['readiness-assessment', '2026-11-14', 'done'],
      ['policies-approved', '2026-11-20', 'overdue'],
      ['gap-remediation', '2026-12-30', 'due'],
      ['window-start', '2027-01-13', 'due'],
      ['first-evidence-cycle', '2027-07-12', 'due'],
      ['window-end', '2027-07-12', 'due'],
      ['request-list-answered', '2027-08-09', 'due'],
    ]);
    expect(marks[0]?.label).toBe('Readiness');
    expect(burndownMarks(undefined, '2026-11-29')).toEqual([]);
    const type1 = burndownMarks(
      { ...plan, engagement: { ...plan.engagement, type: 'type1', auditDate: '2027-03-01' } },
      '2026-11-29',
    );
    expect(type1.map((m) => m.code)).toContain('audit-date');
    expect(type1.map((m) => m.code)).not.toContain('window-start');
  });

  it('runs the time axis from half a year back to the last milestone and draws one labelled line per date', () => {
    const marks = burndownMarks(plan, '2026-11-29');
    const option = burndownOption(burndown, marks, '2026-11-29') as {
      xAxis: { min: string; max: string };
      series: {
        data: [string, number][];
        markLine?: {
          data: { name: string; xAxis: string; lineStyle: { color: string }; label: { show?: boolean } }[];
        };
      }[];
    };
    expect(option.xAxis).toMatchObject({ type: 'time', min: '2026-06-01', max: '2027-08-09' });
    expect(option.series[0]!.data).toEqual([
      ['2026-06-01', 30],
      ['2026-11-23', 20],
    ]);
    const lines = option.series[0]!.markLine!.data;
    // Marks closer than 5% of the axis (here 21 days) are labelled once, together, at the first of them.
    expect(lines.map((l) => [l.xAxis, l.name, l.label.show !== false])).toEqual([
      ['2026-11-14', 'Readiness · Policies', true],
      ['2026-11-20', 'Policies', false],
      ['2026-12-30', 'Gaps closed · Window opens', true],
      ['2027-01-13', 'Window opens', false],
      ['2027-07-12', 'First cycle · Window closes', true],
      ['2027-08-09', 'Requests', true],
      ['2026-11-29', 'Today', true],
    ]);
    // An overdue milestone is drawn red, a done one teal.
    expect(lines[1]!.lineStyle.color).toBe(STATUS_COLORS.gap);
    expect(lines[0]!.lineStyle.color).toBe(STATUS_COLORS.ready);
  });
});

describe('category chart', () => {
  it('counts criteria per SOC 2 category, says so on its axis, and stacks to every in-scope criterion', () => {
    const counts = { gap: 2, 'at-risk': 1, excepted: 0, ready: 3, 'not-applicable': 0, unmapped: 1 };
    const option = categoryOption({
      categories: [
        { frameworkId: 'soc2', code: 'CC6', title: 'x', parent: null, counts, score: 0.5 },
        { frameworkId: 'iso27001', code: 'A.5', title: 'x', parent: null, counts, score: 0.5 },
      ],
    }) as { yAxis: { name: string }; xAxis: { data: string[] }; series: { name: string; data: number[] }[] };
    expect(option.yAxis.name).toBe('criteria');
    expect(option.xAxis.data).toEqual(['CC6']);
    expect(option.series.map((s) => s.name)).toEqual([
      'gap',
      'unmapped',
      'at-risk',
      'excepted',
      'ready',
      'not-applicable',
    ]);
    expect(option.series.reduce((n, s) => n + s.data[0]!, 0)).toBe(7);
  });
});
