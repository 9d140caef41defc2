/** The building card: address, doorplate, use and size, residents by age, where it sits, what is near, recent cases. */
import { useMemo } from 'react';
import type { BuildingDetail } from '../api';
import { formatNumber, label, useI18n } from '../i18n';
import { EChart, type EChartsOption } from './EChart';
import { DEVICE_KINDS, type DeviceKind } from '../../../tiles/domain/sensing';

interface Props {
  building: BuildingDetail | undefined;
  loading: boolean;
  error: string | null;
  onClose(): void;
  onArea(code: string): void;
  onDevice?(id: number): void;
}

export function BuildingCard({ building: b, loading, error, onClose, onArea, onDevice }: Props) {
  const { t, lang } = useI18n();
  const n = (v: number) => formatNumber(v, lang);
  const pie = useMemo<EChartsOption | null>(() => {
    if (!b || b.population.total === 0) return null;
    return {
      animation: false,
      tooltip: { trigger: 'item', backgroundColor: '#0b1526', borderColor: '#1e3a5f', textStyle: { color: '#e2e8f0' } },
      series: [
        {
          type: 'pie',
          radius: ['48%', '78%'],
          label: { color: '#cbd5e1', fontSize: 11, formatter: '{b}\n{c}' },
          data: [
            { name: t('age0to14'), value: b.population.age0to14, itemStyle: { color: '#34d399' } },
            { name: t('age15to59'), value: b.population.age15to59, itemStyle: { color: '#38bdf8' } },
            { name: t('age60plus'), value: b.population.age60plus, itemStyle: { color: '#fbbf24' } },
          ],
        },
      ],
    };
  }, [b, t]);

  return (
    <section className="panel building-card" data-testid="building-card" aria-busy={loading} aria-label={t('buildingCard')}>
      <div className="row">
        <h2>{t('buildingCard')}</h2>
        <button className="icon" onClick={onClose} aria-label={t('close')} title={`${t('close')} (Esc)`}>
          ✕
        </button>
      </div>
      {error && <p className="error-text" role="alert">{error}</p>}
      {!b && !error && <div className="skeleton block" aria-label={t('loading')} />}
      {b && (
        <>
          <h3>{b.name ?? b.address}</h3>
          <div className="path">
            {b.ancestors.slice(1).map((a, i) => (
              <span key={a.code}>
                {i > 0 && ' › '}
                <button className="link" onClick={() => onArea(a.code)}>
                  {a.name}
                </button>
              </span>
            ))}
          </div>
          <dl className="facts">
            <dt>{t('address')}</dt>
            <dd>{b.address}</dd>
            <dt>{t('doorplate')}</dt>
            <dd>
              <code>{b.doorplate}</code>
            </dd>
            <dt>{t('use')}</dt>
            <dd>{label(t, 'use', b.use)}</dd>
            <dt>{t('floors')}</dt>
            <dd>
              {b.floors} {t('floorsUnit')} · {b.height} {t('metres')}
            </dd>
            <dt>{t('builtYear')}</dt>
            <dd>{b.builtYear}</dd>
            <dt>{t('households')}</dt>
            <dd>{n(b.households)}</dd>
            <dt>{t('population')}</dt>
            <dd>{n(b.population.total)}</dd>
          </dl>
          {b.devices.length > 0 && (
            <>
              <h4>{t('buildingDevices')}</h4>
              <ul className="list" data-testid="building-devices">
                {b.devices.map((d) => (
                  <li key={d.id}>
                    <button className="link" onClick={() => onDevice?.(d.id)}>
                      <span className={`dot ${d.status}`} /> {DEVICE_KINDS[d.kind as DeviceKind]?.[lang] ?? d.kind}
                    </button>
                    <small>
                      {d.code}
                      {d.alarm && <span className="sev-inline"> · {t('alarms')}</span>}
                    </small>
                  </li>
                ))}
              </ul>
            </>
          )}
          <h4>{t('populationByAge')}</h4>
          {pie ? <EChart option={pie} height={130} /> : <p className="empty">{t('noData')}</p>}
          <h4>{t('nearbyFacilities')}</h4>
          {b.nearbyFacilities.length === 0 ? (
            <p className="empty">{t('none')}</p>
          ) : (
            <ul className="list">
              {b.nearbyFacilities.map((f) => (
                <li key={f.id}>
                  <span>{f.name}</span>
                  <small>
                    {label(t, 'kind', f.kind)} · {Math.round(f.distanceM)} {t('metres')}
                  </small>
                </li>
              ))}
            </ul>
          )}
          <h4>{t('recentIncidents')}</h4>
          {b.recentIncidents.length === 0 ? (
            <p className="empty">{t('none')}</p>
          ) : (
            <ul className="list">
              {b.recentIncidents.map((i) => (
                <li key={i.id}>
                  <span>
                    <span className={`status s-${i.status}`}>{label(t, 'status', i.status)}</span> {i.typeName}
                  </span>
                  <small>
                    {i.caseNo} · {label(t, 'source', i.source)} · {new Date(i.reportedAt).toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB')} · {Math.round(i.distanceM)} {t('metres')}
                  </small>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
