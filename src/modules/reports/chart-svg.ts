import * as echarts from 'echarts';
import type { ChartOption } from '../../core/reports/charts.js';

/** An ECharts option rendered server-side to an SVG string (no DOM, no canvas). */
export function renderChartSvg(option: ChartOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option as echarts.EChartsOption);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
