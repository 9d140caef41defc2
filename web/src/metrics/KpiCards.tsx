/**
 * The KPI cards: each figure with its change against the period before (环比) and the same days a year before
 * (同比), arrows coloured by whether that is better, a sparkline of its trend, and its formula — as the card's
 * title and behind a ⓘ button, so touch screens can read it too. A count with cases behind it is a button that
 * lists exactly those cases; the card's name chooses the KPI the ranking and the map are coloured by.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { KPI, KPI_IDS, type CaseMeasure, type KpiId } from '../../../tiles/domain/metrics';
import { useI18n, type MessageKey } from '../i18n';
import { EChart, type EChartsOption } from '../panels/EChart';
import { caseCount, changeOf, formatKpi, measureLabel, type KpiValues } from './format';
import type { KpiReport, TrendPoint } from './types';

interface Props {
  report: KpiReport;
  trend: readonly TrendPoint[] | undefined;
  selected: KpiId;
  onSelect(id: KpiId): void;
  /** A click on a count: its cases. Without it (an area above one's scope, whose cases one may not list) counts are plain. */
  onCases?(measure: CaseMeasure, count: number): void;
  /** Laid out for paper: the sparklines are drawn anew at the cards' width. */
  printing: boolean;
}

export function KpiCards({ report, trend, selected, onSelect, onCases, printing }: Props) {
  const { t } = useI18n();
  return (
    <section className="kpi-cards" aria-label={t('metrics.kpis')} data-testid="kpi-cards">
      {KPI_IDS.map((id) => (
        <KpiCard key={id} id={id} report={report} trend={trend} selected={id === selected} onSelect={onSelect} onCases={onCases} printing={printing} />
      ))}
    </section>
  );
}

/** The cards' places while the figures load. */
export function KpiCardsSkeleton() {
  return (
    <section className="kpi-cards" aria-busy>
      {KPI_IDS.map((id) => (
        <div key={id} className="kpi-card skeleton" />
      ))}
    </section>
  );
}

/** Figures of the moment, not of the period (当前超期): nothing to compare with another period. */
const OF_THE_MOMENT: readonly KpiId[] = ['overdueNow'];

const BETTER_KEY: Record<'up' | 'down' | 'neither', MessageKey> = { up: 'metrics.betterUp', down: 'metrics.betterDown', neither: 'metrics.betterNeither' };

function KpiCard({ id, report, trend, selected, onSelect, onCases, printing }: { id: KpiId; selected: boolean } & Omit<Props, 'selected'>) {
  const { t, lang } = useI18n();
  const def = KPI[id];
  const name = def[lang];
  const value = report.kpis[id];
  const text = formatKpi(id, value, lang);
  const measure = def.cases;
  const count = measure ? caseCount(measure, report.kpis as KpiValues) : 0;
  // A count KPI's value is the count itself; a rate's cases (按期结案, 返工) are shown beside it.
  const countIsValue = def.unit === 'count';
  const formula = def.formula[lang];
  const listTitle = t('metrics.listCases', { n: count });

  return (
    <article className={`kpi-card ${selected ? 'on' : ''}`} title={formula} data-testid={`kpi-${id}`}>
      <header>
        <button className="kpi-name" aria-pressed={selected} title={t('metrics.chooseKpi', { name })} onClick={() => onSelect(id)} data-testid={`kpi-select-${id}`}>
          {name}
        </button>
        <FormulaInfo name={name} formula={formula} better={t(BETTER_KEY[def.better])} />
      </header>
      <div className="kpi-value">
        {onCases && measure && countIsValue && count > 0 ? (
          <button className="count" title={listTitle} onClick={() => onCases(measure, count)} data-testid={`kpi-count-${id}`} data-count={count}>
            {text}
          </button>
        ) : (
          <span data-testid={`kpi-value-${id}`}>{text}</span>
        )}
        {onCases && measure && !countIsValue && count > 0 && (
          <button className="count small" title={listTitle} onClick={() => onCases(measure, count)} data-testid={`kpi-count-${id}`} data-count={count}>
            {measureLabel(measure, t)} {t('metrics.casesCount', { n: count })}
          </button>
        )}
      </div>
      {!OF_THE_MOMENT.includes(id) && (
        <div className="kpi-changes">
          <ChangeBadge id={id} report={report} label={t('metrics.vsPrevious')} other={report.previous} />
          <ChangeBadge id={id} report={report} label={t('metrics.vsLastYear')} other={report.lastYear} />
        </div>
      )}
      <Sparkline key={printing ? 'paper' : 'screen'} id={id} trend={trend} height={printing ? 22 : 30} />
    </article>
  );
}

const ARROW = { up: '▲', down: '▼', flat: '＝' } as const;

/** The change against another period: arrow and amount, green when better, red when worse; its title says the other value. */
function ChangeBadge({ id, report, label, other }: { id: KpiId; report: KpiReport; label: string; other: KpiReport['previous'] }) {
  const { t, lang } = useI18n();
  const change = changeOf(id, report.kpis[id], other.kpis[id], lang);
  const title = t('metrics.comparedWith', { what: label, from: other.from, to: other.to, value: formatKpi(id, other.kpis[id], lang) });
  return (
    <span className={`change ${change.tone}`} title={title}>
      <span className="muted">{label}</span> {change.direction && <span aria-hidden>{ARROW[change.direction]}</span>}
      {change.text}
    </span>
  );
}

/** The formula of a KPI behind a ⓘ: opened by click or tap (not hover only), closed by Esc or a click elsewhere. */
function FormulaInfo({ name, formula, better }: { name: string; formula: string; better: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLSpanElement>(null);
  const id = useId();
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <span className="formula" ref={box}>
      <button
        className="info"
        aria-label={t('metrics.formulaOf', { name })}
        aria-expanded={open}
        aria-describedby={open ? id : undefined}
        onClick={() => setOpen(!open)}
        data-testid="formula-info"
      >
        ⓘ
      </button>
      {open && (
        <span className="popover" role="tooltip" id={id}>
          <strong>{t('metrics.formula')}</strong>
          {formula}
          <small>{better}</small>
        </span>
      )}
    </span>
  );
}

/** The KPI over the period's buckets, tiny; decorative (the value and changes say it in words). */
function Sparkline({ id, trend, height }: { id: KpiId; trend: readonly TrendPoint[] | undefined; height: number }) {
  const option = useMemo<EChartsOption | null>(() => {
    if (!trend || trend.length < 2) return null;
    const values = trend.map((b) => {
      const v = b[id];
      return v === null ? null : KPI[id].unit === 'rate' ? v * 100 : v;
    });
    if (values.every((v) => v === null)) return null;
    return {
      animation: false,
      grid: { left: 1, right: 1, top: 3, bottom: 1 },
      xAxis: { type: 'category', show: false, boundaryGap: false, data: trend.map((b) => b.start) },
      yAxis: { type: 'value', show: false, scale: true },
      tooltip: { show: false },
      series: [
        {
          type: 'line',
          data: values,
          symbol: 'none',
          connectNulls: true,
          lineStyle: { width: 1.5, color: '#38bdf8' },
          areaStyle: { color: 'rgba(56, 189, 248, 0.16)' },
        },
      ],
    };
  }, [trend, id]);
  return <div className="sparkline" aria-hidden>{option && <EChart option={option} height={height} />}</div>;
}
