/** A parking lot's card: live free spaces, its sensor, and occupancy over the last 24 hours. */
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { errorMessage, trpc } from '../api';
import { formatNumber, useI18n } from '../i18n';
import { chinaClock, chinaTimeChart, EChart, type EChartsOption } from '../panels/EChart';

export function ParkingCard({ id, onClose }: { id: number; onClose(): void }) {
  const { t, lang } = useI18n();
  const q = useQuery({ queryKey: ['parking', id], queryFn: () => trpc.parking.byId.query({ id }), refetchInterval: 30_000 });
  const p = q.data;
  const fetchedAt = q.dataUpdatedAt;
  const option = useMemo<EChartsOption | null>(() => {
    if (!p || p.history.length === 0) return null;
    return {
      animation: false,
      grid: { left: 40, right: 10, top: 12, bottom: 24 },
      tooltip: { trigger: 'axis', backgroundColor: '#0b1526', borderColor: '#1e3a5f', textStyle: { color: '#e2e8f0' } },
      // The last 24 hours before the data was fetched, as parking.byId gives them (hourly buckets).
      ...chinaTimeChart(fetchedAt - 24 * 3_600_000, fetchedAt),
      yAxis: { type: 'value', max: p.capacity, axisLabel: { color: '#94a3b8', fontSize: 10 }, splitLine: { lineStyle: { color: '#1e293b' } } },
      series: [{ type: 'bar', name: t('occupancy24h'), data: p.history.map(([at, n]) => [chinaClock(at), n]), itemStyle: { color: '#4ade80' }, barMaxWidth: 10 }],
    };
  }, [p, t, fetchedAt]);
  return (
    <section className="panel sensing-card" data-testid="parking-card" aria-busy={q.isFetching}>
      <div className="row">
        <h2>{t('parkingLot')}</h2>
        <button className="icon" onClick={onClose} aria-label={t('close')} title={`${t('close')} (Esc)`}>✕</button>
      </div>
      {q.isError && <p className="error-text" role="alert">{errorMessage(q.error)}</p>}
      {!p && !q.isError && <div className="skeleton block" aria-label={t('loading')} />}
      {p && (
        <>
          <p><strong>{p.name}</strong></p>
          <div className="figures compact">
            <div className="figure"><span className="value">{formatNumber(p.free, lang)}</span><span className="label">{t('free')}</span></div>
            <div className="figure"><span className="value">{formatNumber(p.capacity, lang)}</span><span className="label">{t('capacity')}</span></div>
            <div className="figure"><span className="value">{p.capacity ? Math.round((p.occupied / p.capacity) * 100) : 0}%</span><span className="label">{t('utilisation')}</span></div>
          </div>
          {p.sensor && (
            <p className="muted small"><span className={`dot ${p.sensor.status}`} /> {p.sensor.code}</p>
          )}
          <h3>{t('occupancy24h')}</h3>
          {option ? <EChart option={option} height={150} testId="parking-chart" /> : <p className="muted small">{t('noTelemetry')}</p>}
        </>
      )}
    </section>
  );
}
