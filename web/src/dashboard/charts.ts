import type { Burndown, PlanItem, Readiness } from '../api/types';
import type { ChartOption } from '../components/EChart';

const COLORS = { gap: '#c92a2a', 'at-risk': '#e8590c', excepted: '#9c36b5', ready: '#0b7285' };

/** Stacked bars: controls per SOC 2 category (CC1–CC9, A1, C1…) by status. */
export function categoryOption(readiness: Readiness): ChartOption {
  const cats = readiness.categories.filter((c) => c.frameworkId === 'soc2');
  const series = (['gap', 'at-risk', 'excepted', 'ready'] as const).map((status) => ({
    name: status,
    type: 'bar',
    stack: 'all',
    itemStyle: { color: COLORS[status] },
    data: cats.map((c) => c.counts[status]),
  }));
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: cats.map((c) => c.code) },
    yAxis: { type: 'value', name: 'controls' },
    series,
  };
}

/** Gaps per week, the ideal line to zero, and the plan's milestones as vertical markers. */
export function burndownOption(burndown: Burndown, milestones: PlanItem[]): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 24, top: 36, bottom: 28 },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', name: 'gaps' },
    series: [
      {
        name: 'Open gaps',
        type: 'line',
        showSymbol: false,
        itemStyle: { color: COLORS.gap },
        data: burndown.actual.map((p) => [p.week, p.gaps]),
        markLine: {
          symbol: 'none',
          label: { formatter: '{b}', fontSize: 10, rotate: 90 },
          lineStyle: { color: '#868e96', type: 'dashed' },
          data: milestones.map((m) => ({ name: m.code ?? m.key, xAxis: m.dueOn })),
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
