/**
 * The dashboard's two charts as ECharts options, for the PDF report
 * (rendered server-side to SVG): the same series, colors and axes as
 * web/src/dashboard/charts.ts (`categoryOption`, `burndownOption`), minus
 * what only a screen has (tooltips) and with the history from the first
 * actual week.
 */
import type { Burndown, ReadinessResult } from '../readiness/types.js';
import { CHART_STATUS_COLORS, MILESTONE_COLORS, STATUS_COLORS, TODAY_COLOR } from '../status-colors.js';
import { placeMarkLabels } from './mark-labels.js';

/** The status colors of every page (one table, src/core/status-colors.ts). */
export { STATUS_COLORS };

/** An ECharts option object (plain data). */
export type ChartOption = Record<string, unknown>;

/** The statuses a criterion can have, in the category chart's stacking order. */
export const CATEGORY_CHART_STATUSES = [
  'gap',
  'unmapped',
  'at-risk',
  'excepted',
  'ready',
  'not-applicable',
] as const;

/**
 * Stacked bars: the SOC 2 criteria of each category (CC1–CC9, A1, C1…) by
 * their status. A bar counts criteria, not controls (a control maps to
 * several criteria; a criterion takes the status of its worst mapped
 * control, `unmapped` when no control maps to it), so each bar's height is
 * the number of in-scope criteria of its category.
 */
export function categoryChartOption(readiness: Pick<ReadinessResult, 'categories'>): ChartOption {
  const cats = readiness.categories.filter((c) => c.frameworkId === 'soc2');
  return {
    animation: false,
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: cats.map((c) => c.code) },
    yAxis: { type: 'value', name: 'criteria', minInterval: 1 },
    series: CATEGORY_CHART_STATUSES.map((status) => ({
      name: status,
      type: 'bar',
      stack: 'all',
      itemStyle: { color: CHART_STATUS_COLORS[status] },
      data: cats.map((c) => c.counts[status]),
    })),
  };
}

/** Milestones drawn on the burndown as dashed vertical lines. */
export interface ChartMilestone {
  label: string;
  date: string;
  done: boolean;
}

/** Open gaps per week, the ideal line to zero, the milestones and T as vertical lines. */
export function burndownChartOption(
  burndown: Burndown,
  milestones: readonly ChartMilestone[],
  at: string,
): ChartOption {
  const dates = [
    ...burndown.actual.map((p) => p.week),
    ...burndown.ideal.map((p) => p.week),
    ...milestones.map((m) => m.date),
    at,
  ].sort();
  const sorted = [...milestones].sort((a, b) => a.date.localeCompare(b.date));
  const placed = placeMarkLabels(sorted, dates[0] ?? at, dates.at(-1) ?? at);
  return {
    animation: false,
    legend: { top: 0 },
    grid: { left: 40, right: 24, top: 36, bottom: 28 },
    xAxis: { type: 'time', min: dates[0], max: dates.at(-1) },
    yAxis: { type: 'value', name: 'gaps', minInterval: 1 },
    series: [
      {
        name: 'Open gaps',
        type: 'line',
        showSymbol: false,
        itemStyle: { color: STATUS_COLORS.gap },
        data: burndown.actual.map((p) => [p.week, p.gaps]),
        markLine: {
          symbol: 'none',
          label: { formatter: '{b}', fontSize: 9, position: 'insideEndTop' },
          data: [
            ...sorted.map((m, i) => ({
              name: placed[i]!.label ?? m.label,
              xAxis: m.date,
              lineStyle: { color: m.done ? MILESTONE_COLORS.done : MILESTONE_COLORS.due, type: 'dashed' },
              label: placed[i]!.label ? { position: placed[i]!.position } : { show: false },
            })),
            { name: 'T', xAxis: at, lineStyle: { color: TODAY_COLOR, type: 'solid' } },
          ],
        },
      },
      {
        name: 'Ideal',
        type: 'line',
        showSymbol: false,
        lineStyle: { type: 'dotted' },
        itemStyle: { color: STATUS_COLORS.ready },
        data: burndown.ideal.map((p) => [p.week, p.gaps]),
      },
    ],
  };
}
