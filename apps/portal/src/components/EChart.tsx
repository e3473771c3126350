import type { ECharts, EChartsOption } from 'echarts';
import { useEffect, useRef, useState } from 'react';

/** ECharts (about 1 MB) is loaded on the first chart, not with the portal: only the reconciliation and the dashboard draw. */
const loadEcharts = () => import('echarts');

/** A small wrapper: one ECharts instance per element, resized with its container. */
export function EChart({ option, height = 320, testId }: { option: EChartsOption; height?: number; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<ECharts | null>(null);
  useEffect(() => {
    let instance: ECharts | undefined;
    let observer: ResizeObserver | undefined;
    let cancelled = false;
    void loadEcharts().then((echarts) => {
      if (cancelled || !ref.current) return;
      const created = echarts.init(ref.current);
      // data-rendered says when the chart has drawn and finished animating (tests and screenshots wait for it).
      created.on('finished', () => ref.current?.setAttribute('data-rendered', 'true'));
      instance = created;
      observer = new ResizeObserver(() => {
        created.resize();
      });
      observer.observe(ref.current);
      setChart(created);
    });
    return () => {
      cancelled = true;
      observer?.disconnect();
      instance?.dispose();
    };
  }, []);
  useEffect(() => {
    if (!chart) return;
    ref.current?.setAttribute('data-rendered', 'false');
    chart.setOption(option, true);
  }, [chart, option]);
  return <div ref={ref} data-chart="" data-rendered="false" data-testid={testId} style={{ width: '100%', height }} />;
}
