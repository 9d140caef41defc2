/** The current area: name, figures, a chart comparing its children, and the children to drill into. */
import { useMemo, useState } from 'react';
import type { AreaDetail } from '../api';
import { formatNumber, label, useI18n, type MessageKey } from '../i18n';
import { EChart, type EChartsOption } from './EChart';

type Metric = 'population' | 'openIncidents' | 'buildings' | 'facilities';
const METRICS: Metric[] = ['population', 'openIncidents', 'buildings', 'facilities'];
const METRIC_COLOR: Record<Metric, string> = { population: '#38bdf8', openIncidents: '#f87171', buildings: '#a78bfa', facilities: '#f472b6' };

export function AreaPanel({ area, loading, onDrill }: { area: AreaDetail | undefined; loading: boolean; onDrill(code: string): void }) {
  const { t, lang } = useI18n();
  const [metric, setMetric] = useState<Metric>('population');
  const n = (v: number) => formatNumber(v, lang);

  const chart = useMemo<EChartsOption | null>(() => {
    if (!area || area.children.length === 0) return null;
    const rows = [...area.children].sort((a, b) => b.figures[metric] - a.figures[metric]).slice(0, 12).reverse();
    return {
      animationDuration: 300,
      grid: { left: 8, right: 42, top: 4, bottom: 4, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, backgroundColor: '#0b1526', borderColor: '#1e3a5f', textStyle: { color: '#e2e8f0' } },
      xAxis: { type: 'value', show: false },
      yAxis: {
        type: 'category',
        data: rows.map((r) => r.name),
        axisLabel: { color: '#cbd5e1', fontSize: 11, width: 96, overflow: 'truncate' },
        axisLine: { show: false },
        axisTick: { show: false },
      },
      series: [
        {
          type: 'bar',
          name: t(metric),
          data: rows.map((r) => ({ value: r.figures[metric], code: r.code })),
          barMaxWidth: 12,
          itemStyle: { color: METRIC_COLOR[metric], borderRadius: [0, 3, 3, 0] },
          label: { show: true, position: 'right', color: '#94a3b8', fontSize: 10, formatter: (p: { value: number }) => formatNumber(p.value, lang) },
        },
      ],
    };
  }, [area, metric, t, lang]);

  if (!area) {
    return (
      <section className="panel area-panel" aria-busy={loading}>
        <div className="skeleton title" />
        <div className="figures">{Array.from({ length: 8 }, (_, i) => <div key={i} className="figure skeleton" />)}</div>
      </section>
    );
  }
  const f = area.figures;
  const cameraPct = f.camerasTotal ? Math.round((f.camerasOnline / f.camerasTotal) * 100) : null;
  const figures: { key: MessageKey; value: string; sub?: string; tone?: string }[] = [
    { key: 'population', value: n(f.population) },
    { key: 'households', value: n(f.households) },
    { key: 'buildings', value: n(f.buildings) },
    { key: 'facilities', value: n(f.facilities) },
    { key: 'openIncidents', value: n(f.openIncidents), tone: f.openIncidents > 0 ? 'warn' : undefined },
    { key: 'camerasOnline', value: `${n(f.camerasOnline)}`, sub: `/ ${n(f.camerasTotal)}${cameraPct === null ? '' : ` · ${cameraPct}%`}` },
    { key: 'parkingFree', value: n(f.parkingFree), sub: `/ ${n(f.parkingCapacity)}${f.parkingCapacity ? ` · ${t('utilisation')} ${Math.round(100 - (f.parkingFree / f.parkingCapacity) * 100)}%` : ''}` },
    { key: 'devicesOnline', value: n(f.devicesOnline), sub: `/ ${n(f.devicesTotal)}` },
    { key: 'alarmsOpen', value: n(f.alarmsOpen), tone: f.alarmsOpen > 0 ? 'warn' : undefined },
  ];

  const childByName = new Map(area.children.map((c) => [c.name, c.code]));
  return (
    <section className="panel area-panel" aria-busy={loading}>
      <header className="area-head">
        <span className="level">{label(t, 'level', area.level)}</span>
        <h1 data-testid="area-name">{area.name}</h1>
        <code className="code">{area.code}</code>
      </header>
      <h2>{t('figures')}</h2>
      <div className="figures" data-testid="figures">
        {figures.map((x) => (
          <div className={`figure ${x.tone ?? ''}`} key={x.key}>
            <div className="label">{t(x.key)}</div>
            <div className="value">
              {x.value}
              {x.sub && <small> {x.sub}</small>}
            </div>
          </div>
        ))}
      </div>
      {chart ? (
        <>
          <div className="row">
            <h2>{t('compareChildren')}</h2>
            <div className="segmented" role="tablist">
              {METRICS.map((m) => (
                <button key={m} role="tab" aria-selected={m === metric} className={m === metric ? 'on' : ''} onClick={() => setMetric(m)}>
                  {t(m)}
                </button>
              ))}
            </div>
          </div>
          <EChart option={chart} height={Math.max(120, Math.min(area.children.length, 12) * 22 + 12)} testId="children-chart" onClick={(name) => childByName.get(name) && onDrill(childByName.get(name)!)} />
          <h2>
            {t('children')} <small>({area.children.length})</small>
          </h2>
          <ul className="children" data-testid="children">
            {area.children.map((c) => (
              <li key={c.code}>
                <button data-testid={`child-${c.code}`} onClick={() => onDrill(c.code)} title={c.code}>
                  <span className="name">{c.name}</span>
                  <span className="num">{n(c.figures.population)}</span>
                  <span className={`num ${c.figures.openIncidents ? 'warn' : ''}`}>{n(c.figures.openIncidents)}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="empty">{t('noChildren')}</p>
      )}
    </section>
  );
}
