/** The device card: what and where it is, its state, latest readings, a 24 h / 7 d telemetry chart and its alarms. */
import { useMemo, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { errorMessage, trpc } from '../api';
import { useI18n } from '../i18n';
import { chinaClock, chinaTimeChart, EChart, type EChartsOption } from '../panels/EChart';
import { DEVICE_KINDS, METRICS, type MetricKey } from '../../../tiles/domain/sensing';
import { AlarmLine } from './AlarmsPanel';
import { useLocateOnce } from './locate';

const PALETTE = ['#38bdf8', '#fbbf24', '#f472b6'];

export function DeviceCard({ id, sensingVersion, onClose, onCase, onBuilding, onLocate }: { id: number; sensingVersion: number; onClose(): void; onCase(id: number): void; onBuilding(id: number): void; onLocate?(at: [number, number]): void }) {
  const { t, lang } = useI18n();
  const [window, setWindow] = useState<'24h' | '7d'>('24h');
  const detail = useQuery({ queryKey: ['device', id, sensingVersion], queryFn: () => trpc.device.byId.query({ id }), placeholderData: keepPreviousData });
  const series = useQuery({ queryKey: ['telemetry', id, window, sensingVersion], queryFn: () => trpc.device.telemetry.query({ id, window }), placeholderData: keepPreviousData });
  const d = detail.data?.id === id ? detail.data : undefined;
  const s = series.data?.deviceId === id ? series.data : undefined;
  useLocateOnce(d, onLocate);
  const fmtTime = (v: string | Date | null) => (v ? new Date(v).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', hour12: false }) : '—');

  const option = useMemo<EChartsOption | null>(() => {
    if (!s || s.readings === 0) return null;
    const rules = d ? DEVICE_KINDS[d.kind].rules.filter((r) => r.test === 'above') : [];
    return {
      animation: false,
      grid: { left: 40, right: 12, top: 28, bottom: 24 },
      legend: { top: 0, textStyle: { color: '#cbd5e1', fontSize: 11 } },
      tooltip: { trigger: 'axis', backgroundColor: '#0b1526', borderColor: '#1e3a5f', textStyle: { color: '#e2e8f0' } },
      ...chinaTimeChart(Date.parse(s.from), Date.parse(s.to)),
      yAxis: { type: 'value', scale: true, axisLabel: { color: '#94a3b8', fontSize: 10 }, splitLine: { lineStyle: { color: '#1e293b' } } },
      series: s.series.map((m, i) => ({
        name: `${lang === 'zh' ? m.zh : m.en}${m.unit ? ` (${m.unit})` : ''}`,
        type: 'line',
        showSymbol: false,
        smooth: true,
        lineStyle: { width: 1.6, color: PALETTE[i % PALETTE.length] },
        itemStyle: { color: PALETTE[i % PALETTE.length] },
        data: m.points.map((p) => [chinaClock(p.t), p.value]),
        // The rule's threshold, so an operator sees how close a reading came.
        markLine: rules.some((r) => r.metric === m.metric)
          ? { symbol: 'none', silent: true, lineStyle: { color: '#ef4444', type: 'dashed' }, label: { color: '#fca5a5', fontSize: 10 }, data: rules.filter((r) => r.metric === m.metric).map((r) => ({ yAxis: r.threshold })) }
          : undefined,
      })),
    };
  }, [s, d, lang]);

  return (
    <section className="panel sensing-card" data-testid="device-card" aria-busy={detail.isFetching}>
      <div className="row">
        <h2>{d ? DEVICE_KINDS[d.kind][lang === 'zh' ? 'zh' : 'en'] : t('device')}</h2>
        <button className="icon" onClick={onClose} aria-label={t('close')} title={`${t('close')} (Esc)`}>✕</button>
      </div>
      {detail.isError && <p className="error-text" role="alert">{errorMessage(detail.error)}</p>}
      {!d && !detail.isError && <div className="skeleton block" aria-label={t('loading')} />}
      {d && (
        <>
          <p className="muted small">{d.name}</p>
          <dl className="facts">
            <dt>{t('deviceCode')}</dt><dd data-testid="device-code">{d.code}</dd>
            <dt>{t('deviceStatus')}</dt><dd><span className={`dot ${d.status}`} /> {d.status === 'online' ? t('online') : t('offline')}</dd>
            <dt>{t('lastSeen')}</dt><dd>{fmtTime(d.lastSeenAt)}</dd>
            <dt>{t('heartbeat')}</dt><dd>{d.heartbeatMinutes} {t('minutesUnit')}</dd>
            {d.building && (<><dt>{t('building')}</dt><dd><button className="link" onClick={() => onBuilding(d.building!.id)}>{d.building.address.replace(/^福州市/, '')}</button></dd></>)}
            {d.parking && (<><dt>{t('parkingLot')}</dt><dd>{d.parking.name} · {t('free')} {d.parking.capacity - d.parking.occupied} / {d.parking.capacity}</dd></>)}
          </dl>
          <h3>{t('latestValues')}</h3>
          <div className="figures compact">
            {d.latest.map((v) => (
              <div key={v.metric} className="figure">
                <span className="value">{v.value ?? '—'}<small> {v.unit}</small></span>
                <span className="label">{lang === 'zh' ? METRICS[v.metric as MetricKey].zh : METRICS[v.metric as MetricKey].en}</span>
              </div>
            ))}
          </div>
          <div className="row">
            <h3>{t('telemetry')}</h3>
            <div className="segmented" role="group">
              {(['24h', '7d'] as const).map((w) => (
                <button key={w} className={window === w ? 'on' : ''} aria-pressed={window === w} onClick={() => setWindow(w)} data-testid={`window-${w}`}>
                  {t(w === '24h' ? 'window24h' : 'window7d')}
                </button>
              ))}
            </div>
          </div>
          {series.isError && <p className="error-text" role="alert">{errorMessage(series.error)}</p>}
          {option ? <EChart option={option} height={170} testId="telemetry-chart" /> : s && <p className="muted small">{t('noTelemetry')}</p>}
          <h3>{t('recentAlarms')}</h3>
          {d.alarms.length === 0 ? <p className="muted small">{t('noAlarms')}</p> : (
            <ul className="alarm-list">
              {d.alarms.map((a) => <AlarmLine key={a.id} alarm={{ ...a, label: a.label }} onCase={onCase} />)}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
