import { Skeleton } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';

/** The chart option, kept loose: ECharts' own types live in the lazily loaded chunk. */
export type ChartOption = Record<string, unknown>;

type Echarts = typeof import('./echarts-lib');
let loading: Promise<Echarts> | null = null;
/** ECharts is loaded on first use only, in its own chunk. */
function loadEcharts(): Promise<Echarts> {
  loading ??= import('./echarts-lib');
  return loading;
}

/** A canvas chart with an accessible label; the library is fetched when the first chart mounts. */
export function EChart({ option, height, label }: { option: ChartOption; height: number; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void } | undefined;
    const onResize = () => chart?.resize();
    loadEcharts().then((lib) => {
      if (disposed || !ref.current) return;
      const instance = lib.init(ref.current);
      instance.setOption(option as never);
      chart = instance;
      setReady(true);
      window.addEventListener('resize', onResize);
    });
    return () => {
      disposed = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [option]);
  return (
    <div style={{ position: 'relative', height }}>
      {ready ? null : <Skeleton height={height} style={{ position: 'absolute', inset: 0 }} />}
      <div ref={ref} role="img" aria-label={label} style={{ height, width: '100%' }} data-chart />
    </div>
  );
}
