/** The trend of the period: cases reported and closed per day, week or month (bars) and the on-time close rate (line). */
import { useMemo } from 'react';
import { KPI, TREND_BUCKETS, type TrendBucket } from '../../../tiles/domain/metrics';
import { useI18n } from '../i18n';
import { EChart, type EChartsOption } from '../panels/EChart';
import { bucketLabel } from './period';
import type { TrendPoint } from './types';

interface Props {
  buckets: readonly TrendPoint[] | undefined;
  bucket: TrendBucket;
  onBucket(bucket: TrendBucket): void;
  loading: boolean;
  error: string | null;
  /** Narrower, for paper. */
  printing: boolean;
}

// Colours that read on the dark screen and on white paper alike.
const REPORTED = '#38bdf8';
const CLOSED = '#22c55e';
const ON_TIME = '#f59e0b';
const AXIS = '#64748b';

export function TrendChart({ buckets, bucket, onBucket, loading, error, printing }: Props) {
  const { t, lang } = useI18n();
  const empty = buckets !== undefined && buckets.every((b) => b.reported === 0 && b.closed === 0);
  const option = useMemo<EChartsOption | null>(() => {
    if (!buckets) return null;
    const names = { reported: KPI.reported[lang], closed: KPI.closed[lang], rate: KPI.onTimeCloseRate[lang] };
    return {
      animationDuration: 300,
      legend: { top: 0, right: 0, textStyle: { color: AXIS, fontSize: 11 }, itemWidth: 12, itemHeight: 8 },
      tooltip: {
        trigger: 'axis',
        backgroundColor: '#0b1526',
        borderColor: '#1e3a5f',
        textStyle: { color: '#e2e8f0', fontSize: 12 },
      },
      grid: { left: 8, right: 8, top: 28, bottom: 4, containLabel: true },
      xAxis: {
        type: 'category',
        data: buckets.map((b) => bucketLabel(b.start, bucket)),
        axisLabel: { color: AXIS, fontSize: 10, hideOverlap: true },
        axisLine: { lineStyle: { color: AXIS } },
        axisTick: { show: false },
      },
      yAxis: [
        { type: 'value', minInterval: 1, axisLabel: { color: AXIS, fontSize: 10 }, splitLine: { lineStyle: { color: 'rgba(100, 116, 139, 0.25)' } } },
        { type: 'value', min: 0, max: 100, axisLabel: { color: AXIS, fontSize: 10, formatter: '{value}%' }, splitLine: { show: false } },
      ],
      series: [
        { type: 'bar', name: names.reported, data: buckets.map((b) => b.reported), itemStyle: { color: REPORTED, borderRadius: [2, 2, 0, 0] }, barMaxWidth: 14 },
        { type: 'bar', name: names.closed, data: buckets.map((b) => b.closed), itemStyle: { color: CLOSED, borderRadius: [2, 2, 0, 0] }, barMaxWidth: 14 },
        {
          type: 'line',
          name: `${names.rate} (%)`,
          yAxisIndex: 1,
          data: buckets.map((b) => (b.onTimeCloseRate === null ? null : Math.round(b.onTimeCloseRate * 1000) / 10)),
          connectNulls: true,
          symbolSize: 4,
          lineStyle: { color: ON_TIME, width: 2 },
          itemStyle: { color: ON_TIME },
        },
      ],
    };
  }, [buckets, bucket, lang]);

  return (
    <section className="panel metrics-trend" aria-busy={loading} data-testid="metrics-trend">
      <div className="row">
        <h2>{t('metrics.trend')}</h2>
        <div className="segmented no-print" role="group" aria-label={t('metrics.bucket')}>
          {TREND_BUCKETS.map((b) => (
            <button key={b} className={b === bucket ? 'on' : ''} aria-pressed={b === bucket} onClick={() => onBucket(b)} data-testid={`bucket-${b}`}>
              {t(`metrics.bucket_${b}`)}
            </button>
          ))}
        </div>
      </div>
      {error ? (
        <p className="error-text" role="alert">{error}</p>
      ) : empty ? (
        <p className="empty">{t('metrics.noCasesInPeriod')}</p>
      ) : option ? (
        // Keyed by the layout, so the chart is drawn anew at the paper's width rather than scaled.
        <EChart key={printing ? 'paper' : 'screen'} option={option} height={printing ? 230 : 250} testId="trend-chart" />
      ) : (
        <div className="skeleton" style={{ height: 250 }} />
      )}
    </section>
  );
}
