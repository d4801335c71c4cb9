/**
 * The dashboard's two charts as ECharts options, for the PDF report
 * (rendered server-side to SVG): the same series, colors and axes as
 * web/src/dashboard/charts.ts (`categoryOption`, `burndownOption`), minus
 * what only a screen has (tooltips) and with the history from the first
 * actual week.
 */
import type { Burndown, ReadinessResult } from '../readiness/types.js';
import { MILESTONE_COLORS, STATUS_COLORS, TODAY_COLOR } from '../status-colors.js';

/** The status colors of every page (one table, src/core/status-colors.ts). */
export { STATUS_COLORS };

/** An ECharts option object (plain data). */
export type ChartOption = Record<string, unknown>;

/** Stacked bars: controls per SOC 2 category (CC1–CC9, A1, C1…) by status. */
export function categoryChartOption(readiness: ReadinessResult): ChartOption {
  const cats = readiness.categories.filter((c) => c.frameworkId === 'soc2');
  return {
    animation: false,
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: cats.map((c) => c.code) },
    yAxis: { type: 'value', name: 'controls' },
    series: (['gap', 'at-risk', 'excepted', 'ready'] as const).map((status) => ({
      name: status,
      type: 'bar',
      stack: 'all',
      itemStyle: { color: STATUS_COLORS[status] },
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
            ...milestones.map((m, i) => ({
              name: m.label,
              xAxis: m.date,
              lineStyle: { color: m.done ? MILESTONE_COLORS.done : MILESTONE_COLORS.due, type: 'dashed' },
              label: { position: i % 2 === 0 ? 'insideEndTop' : 'insideEndBottom' },
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
