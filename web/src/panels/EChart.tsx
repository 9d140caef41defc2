/** A small echarts wrapper: one chart per element, resized with it, disposed with it. Tree-shaken imports. */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type EChartsOption = echarts.EChartsCoreOption;

export function EChart({ option, height, onClick, testId }: { option: EChartsOption; height: number; onClick?: (name: string, dataIndex: number) => void; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    const c = echarts.init(el.current!, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => clickRef.current?.(String(p.name), p.dataIndex));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current!);
    return () => {
      ro.disconnect();
      c.dispose();
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={el} style={{ height, width: '100%' }} data-testid={testId} />;
}

/**
 * Charts over time read in China time (UTC+8, no daylight saving) whatever the browser's zone, like every other
 * time in the dashboard: the chart runs in UTC (`useUTC`) and every timestamp is moved by eight hours, so ticks
 * fall on China's hours and midnights and labels and tooltips show China's clock.
 */
const CHINA_OFFSET_MS = 8 * 3_600_000;
export const chinaClock = (ms: number) => ms + CHINA_OFFSET_MS;

/** Options of a chart over time from `from` to `to` (epoch ms) in China time, for the dark cards: spread them in. */
export function chinaTimeChart(from: number, to: number) {
  return {
    useUTC: true,
    xAxis: {
      type: 'time' as const,
      min: chinaClock(from),
      max: chinaClock(to),
      axisLabel: { color: '#94a3b8', fontSize: 10, hideOverlap: true },
      axisLine: { lineStyle: { color: '#334155' } },
    },
  };
}
