import type { ChartOption } from '../components/EChart';
import type { Workload, WorkloadCell } from './workload';

const COLORS = { done: '#0b7285', open: '#5c7cfa', overdue: '#c92a2a' };

/** The week cells of one owner (`__none` for the unowned) or, for null, of everyone. */
export function cellsOf(workload: Workload, owner: string | null): WorkloadCell[] {
  if (owner === null) return workload.totals;
  const row = workload.owners.find((o) => (o.ownerId ?? '__none') === owner);
  return row?.cells ?? workload.totals.map((c) => ({ week: c.week, due: 0, done: 0, overdue: 0 }));
}

/** Stacked bars per ISO week: items done, still open and overdue; the current week is marked. */
export function workloadOption(cells: WorkloadCell[], currentWeek: string): ChartOption {
  const series = (['overdue', 'open', 'done'] as const).map((state) => ({
    name: state === 'open' ? 'Open' : state === 'done' ? 'Done' : 'Overdue',
    type: 'bar',
    stack: 'items',
    barMaxWidth: 28,
    itemStyle: { color: COLORS[state] },
    data: cells.map((c) => (state === 'open' ? c.due - c.done - c.overdue : c[state])),
    ...(state === 'overdue' && cells.some((c) => c.week === currentWeek)
      ? {
          markLine: {
            symbol: 'none',
            label: { formatter: 'this week', fontSize: 10 },
            lineStyle: { color: '#495057', type: 'dashed' },
            data: [{ xAxis: currentWeek }],
          },
        }
      : {}),
  }));
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: cells.map((c) => c.week) },
    yAxis: { type: 'value', name: 'items', minInterval: 1 },
    series,
  };
}
