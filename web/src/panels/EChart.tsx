/**
 * A small echarts wrapper: one chart per element, resized with it, disposed with it. echarts (tree-shaken, see
 * echarts-setup.ts) is loaded with the first chart, not with the page; until then the chart's place shimmers.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { useI18n } from '../i18n';

export type EChartsOption = EChartsCoreOption;

let loading: Promise<typeof import('./echarts-setup')> | undefined;
const loadEcharts = () => (loading ??= import('./echarts-setup'));

export function EChart({ option, height, onClick, testId }: { option: EChartsOption; height: number; onClick?: (name: string, dataIndex: number) => void; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const [ready, setReady] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const { t } = useI18n();
  // The latest onClick for the chart's own listener, updated after each render (refs are not written while rendering).
  const clickRef = useRef(onClick);
  useLayoutEffect(() => {
    clickRef.current = onClick;
  });

  useEffect(() => {
    let dispose: (() => void) | null = null;
    let gone = false;
    loadEcharts().then(
      ({ echarts }) => {
        if (gone || !el.current) return;
        const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
        chart.current = c;
        c.on('click', (p) => clickRef.current?.(String(p.name), p.dataIndex));
        const ro = new ResizeObserver(() => c.resize());
        ro.observe(el.current);
        dispose = () => {
          ro.disconnect();
          c.dispose();
          chart.current = null;
        };
        setReady(true);
      },
      (err: unknown) => !gone && setFailure(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      gone = true;
      dispose?.();
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option, ready]);

  if (failure) return <p className="error-text" role="alert" style={{ minHeight: height }}>{t('errorTitle')}: {failure}</p>;
  return <div ref={el} className={ready ? undefined : 'skeleton'} style={{ height, width: '100%' }} aria-busy={!ready} aria-label={ready ? undefined : t('loading')} data-testid={testId} />;
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
