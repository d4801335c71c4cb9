import { categoryChartOption } from '../../../src/core/reports/charts';
import { placeMarkLabels } from '../../../src/core/reports/mark-labels';
import type { Burndown, Plan, PlanItem, Readiness } from '../api/types';
import type { ChartOption } from '../components/EChart';
import { MILESTONE_COLORS, STATUS_COLORS, TODAY_COLOR } from '../components/tones';

const COLORS = STATUS_COLORS;

/** Stacked bars: SOC 2 criteria per category by status (the PDF report's chart, with a tooltip). */
export function categoryOption(readiness: Pick<Readiness, 'categories'>): ChartOption {
  return { ...categoryChartOption(readiness), animation: true, tooltip: { trigger: 'axis' } };
}

/** Short names of the plan's milestones for the chart (the timeline next to it has the full titles). */
const SHORT: Record<string, string> = {
  'readiness-assessment': 'Readiness',
  'policies-approved': 'Policies',
  'nhi-inventory': 'NHI inventory',
  'gap-remediation': 'Gaps closed',
  'first-evidence-cycle': 'First cycle',
  'evidence-freeze': 'Freeze',
  'request-list-answered': 'Requests',
};

/** One date marked on the burndown: a plan milestone or the audit's own dates. */
export interface BurndownMark {
  code: string;
  label: string;
  title: string;
  date: string;
  state: 'done' | 'overdue' | 'due';
}

/** The plan's milestones and the audit dates (Type II window, Type I audit date) as chart marks, by date. */
export function burndownMarks(plan: Plan | undefined, today: string): BurndownMark[] {
  if (!plan) return [];
  const state = (m: PlanItem): BurndownMark['state'] =>
    m.doneOn ? 'done' : m.dueOn < today ? 'overdue' : 'due';
  const marks: BurndownMark[] = plan.plan.milestones.map((m) => ({
    code: m.code ?? m.key,
    label: SHORT[m.code ?? ''] ?? m.title ?? m.key,
    title: m.title ?? m.key,
    date: m.dueOn,
    state: state(m),
  }));
  const e = plan.engagement;
  const audit = (code: string, label: string, date: string | null | undefined) => {
    if (date) marks.push({ code, label, title: label, date, state: date < today ? 'done' : 'due' });
  };
  if (e.type === 'type1') audit('audit-date', 'Audit date', e.auditDate);
  else {
    audit('window-start', 'Window opens', e.windowStart);
    audit('window-end', 'Window closes', e.windowEnd);
  }
  return marks.sort((a, b) => a.date.localeCompare(b.date) || a.code.localeCompare(b.code));
}

const MARK_COLOR = MILESTONE_COLORS;

/** How much history the burndown shows before today (the rest of the axis runs to the audit). */
export const HISTORY_WEEKS = 26;

/**
 * Gaps per week over the last half year, the ideal line to zero, and the
 * plan's milestones as labelled vertical lines; the time axis runs to the
 * last of them, so the chart reaches the audit. Marks on the same day share
 * one line; marks too close to label apart are labelled once, together
 * (placeMarkLabels), and runs alternate sides of their lines.
 */
export function burndownOption(burndown: Burndown, marks: BurndownMark[], today: string): ChartOption {
  const since = new Date(`${today}T00:00:00Z`);
  since.setUTCDate(since.getUTCDate() - HISTORY_WEEKS * 7);
  const from = since.toISOString().slice(0, 10);
  const actual = burndown.actual.filter((p) => p.week >= from);
  const dates = [
    ...actual.map((p) => p.week),
    ...burndown.ideal.map((p) => p.week),
    ...marks.map((m) => m.date),
    today,
  ].sort();
  const byDate = new Map<string, BurndownMark[]>();
  for (const m of marks) byDate.set(m.date, [...(byDate.get(m.date) ?? []), m]);
  const days = [...byDate].sort(([a], [b]) => a.localeCompare(b));
  const placed = placeMarkLabels(
    days.map(([date, same]) => ({ date, label: same.map((m) => m.label).join(' · ') })),
    dates[0] ?? today,
    dates.at(-1) ?? today,
  );
  const lines = days.map(([date, same], i) => {
    const worst = same.some((m) => m.state === 'overdue')
      ? 'overdue'
      : same.every((m) => m.state === 'done')
        ? 'done'
        : 'due';
    const { label, position } = placed[i]!;
    return {
      name: label ?? same.map((m) => m.label).join(' · '),
      xAxis: date,
      lineStyle: { color: MARK_COLOR[worst], type: 'dashed' },
      label: label ? { color: MARK_COLOR[worst], position } : { show: false },
    };
  });
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 24, top: 36, bottom: 28 },
    xAxis: { type: 'time', min: dates[0], max: dates.at(-1) },
    yAxis: { type: 'value', name: 'gaps', minInterval: 1 },
    series: [
      {
        name: 'Open gaps',
        type: 'line',
        showSymbol: false,
        itemStyle: { color: COLORS.gap },
        data: actual.map((p) => [p.week, p.gaps]),
        markLine: {
          symbol: 'none',
          label: { formatter: '{b}', fontSize: 10, position: 'insideEndTop' },
          data: [
            ...lines,
            {
              name: 'Today',
              xAxis: today,
              lineStyle: { color: TODAY_COLOR, type: 'solid' },
              label: { color: TODAY_COLOR, position: 'insideStartTop' },
            },
          ],
        },
      },
      {
        name: 'Ideal',
        type: 'line',
        showSymbol: false,
        lineStyle: { type: 'dotted' },
        itemStyle: { color: COLORS.ready },
        data: burndown.ideal.map((p) => [p.week, p.gaps]),
      },
    ],
  };
}
