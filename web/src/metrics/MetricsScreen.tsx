/**
 * The leaders' metrics screen (考核评价): an area's KPIs for a period with their changes, the ranking of its
 * sub-areas and of the responsible units, the trend, a map of the chosen KPI and of hot spots, and the cases
 * behind every count. The area, period and KPI live in the address (url-state.ts), shared with the map's
 * drill-down; the screen exports the figures (Excel, CSV) and prints as an A4 monthly briefing (月报).
 * Loaded on demand (App.tsx), with echarts and the heat layer, only by those who open it.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { CASE_SOURCE } from '../../../tiles/domain/cases';
import { KPI, KPI_IDS, MAX_PERIOD_DAYS, type KpiId, type TrendBucket } from '../../../tiles/domain/metrics';
import { errorMessage, trpc, type AreaDetail } from '../api';
import { formatChinaTime, formatNumber, label, useI18n } from '../i18n';
import type { ViewState } from '../url-state';
import type { MapHandles } from '../map/MapView';
import { useNow } from '../cases/now';
import { CaseDrawer } from '../cases/CaseDrawer';
import { KpiCards, KpiCardsSkeleton } from './KpiCards';
import { KpiTable, type KpiRow } from './KpiTable';
import { TrendChart } from './TrendChart';
import { MetricsMap } from './MetricsMap';
import { CaseList, type CaseSelection } from './CaseList';
import { PeriodPicker } from './PeriodPicker';
import { autoBucket, chinaToday, defaultPeriod, isValidPeriod, periodText, type Period } from './period';
import { usePrint } from './use-print';
import type { KpiValues } from './format';

/** The ranking's columns (the chosen KPI is added when it is not one of them). */
const AREA_COLUMNS: readonly KpiId[] = ['reported', 'closed', 'closeRate', 'onTimeCloseRate', 'overdue', 'reworkRate', 'avgHandlingHours', 'satisfaction', 'overdueNow'];
const UNIT_COLUMNS: readonly KpiId[] = ['dispatched', 'closed', 'onTimeHandleRate', 'onTimeCloseRate', 'overdue', 'reworkRate', 'avgHandlingHours', 'satisfaction'];
/** How often figures of a period that runs to today are read again (the simulator and the city add cases). */
const LIVE_REFRESH_MS = 60_000;

interface Props {
  view: ViewState;
  update(patch: Partial<ViewState>, mode?: 'push' | 'replace'): void;
  /** The area as area.get describes it (for the map), once loaded. */
  area: AreaDetail | undefined;
  /** Why the area cannot be shown (a malformed code, an unknown one), or null. */
  areaError: string | null;
  styleUrl: string | null;
  liveVersion: number;
}

export function MetricsScreen({ view, update, area, areaError, styleUrl, liveVersion }: Props) {
  const { t, lang } = useI18n();
  const now = useNow(60_000);
  const today = chinaToday(now);
  const asked = { from: view.from ?? undefined, to: view.to ?? undefined };
  const badPeriod = view.from !== null && !isValidPeriod(asked);
  const period: Period = isValidPeriod(asked) ? asked : defaultPeriod(today);
  const { printing, print } = usePrint();
  const [bucketChoice, setBucket] = useState<TrendBucket | null>(null);
  const bucket = bucketChoice ?? autoBucket(period);
  const [cases, setCases] = useState<CaseSelection | null>(null);
  const [handles, setHandles] = useState<MapHandles | null>(null);
  const [caseAt, setCaseAt] = useState<[number, number] | null>(null);

  // Opened without a period (a leader landing, the tab): the address names the default one, so it is a link to what is shown.
  useEffect(() => {
    if (view.from === null || view.to === null) update({ from: period.from, to: period.to }, 'replace');
  }, [view.from, view.to, period.from, period.to, update]);

  const enabled = !areaError;
  const input = { areaCode: view.area, from: period.from, to: period.to };
  const refetchInterval = period.to >= today ? LIVE_REFRESH_MS : false;
  const kpis = useQuery({
    queryKey: ['metrics', 'kpis', input],
    queryFn: () => trpc.metrics.kpis.query(input),
    enabled,
    placeholderData: keepPreviousData,
    refetchInterval,
  });
  const report = kpis.data;
  const totalsOnly = report?.totalsOnly ?? false;
  const trend = useQuery({
    queryKey: ['metrics', 'trend', input, bucket],
    queryFn: () => trpc.metrics.trend.query({ ...input, bucket }),
    enabled,
    placeholderData: keepPreviousData,
    refetchInterval,
  });
  // The sparklines follow the period, not the chart's bucket (the same query when both are the default).
  const sparkBucket = autoBucket(period);
  const spark = useQuery({
    queryKey: ['metrics', 'trend', input, sparkBucket],
    queryFn: () => trpc.metrics.trend.query({ ...input, bucket: sparkBucket }),
    enabled,
    placeholderData: keepPreviousData,
    refetchInterval,
  });
  const departments = useQuery({
    queryKey: ['metrics', 'departments', input],
    queryFn: () => trpc.metrics.departments.query(input),
    enabled: enabled && report !== undefined && !totalsOnly,
    placeholderData: keepPreviousData,
    refetchInterval,
  });
  const hotspots = useQuery({
    queryKey: ['metrics', 'hotspots', input],
    queryFn: () => trpc.metrics.hotspots.query(input),
    enabled: enabled && report !== undefined && !totalsOnly,
    placeholderData: keepPreviousData,
    refetchInterval,
  });
  const fetching = kpis.isFetching || trend.isFetching || departments.isFetching || hotspots.isFetching;
  // Shown while the next area's or period's figures load: the previous ones, dimmed.
  const stale = kpis.isPlaceholderData;

  const areaName = report?.areaName ?? area?.name ?? view.area;
  const drill = useCallback((code: string) => update({ area: code, caseId: null }), [update]);
  const setPeriod = useCallback((p: Period, mode: 'push' | 'replace') => update({ from: p.from, to: p.to }, mode), [update]);
  const chooseKpi = useCallback((kpi: KpiId) => update({ kpi }, 'replace'), [update]);
  const openCase = useCallback((id: number) => update({ caseId: id }), [update]);
  const closeCase = useCallback(() => {
    update({ caseId: null });
    setCaseAt(null);
  }, [update]);
  const locate = useCallback(
    (at: [number, number]) => {
      setCaseAt(at);
      handles?.map.flyTo({ center: at, zoom: Math.max(handles.map.getZoom(), 15), duration: window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ? 0 : 800 });
    },
    [handles],
  );

  // Esc closes the case drawer, then the case list.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.target instanceof HTMLInputElement) return;
      if (view.caseId !== null) closeCase();
      else setCases(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [view.caseId, closeCase]);

  useEffect(() => {
    document.title = `${areaName} · ${t('metrics.title')} · ${t('appTitle')}`;
  }, [areaName, t]);

  const childRows = useMemo<KpiRow[]>(() => (report?.children ?? []).map((c) => ({ code: c.code, name: c.name, kpis: c.kpis as KpiValues })), [report]);
  const unitRows = useMemo<KpiRow[]>(
    () => (departments.data?.departments ?? []).map((d) => ({ code: d.code, name: lang === 'zh' ? d.name : d.nameEn, kpis: d.kpis as KpiValues })),
    [departments.data, lang],
  );

  const listCases = (selection: Omit<CaseSelection, 'period'>) => {
    update({ caseId: null });
    setCases({ ...selection, period });
  };
  const exportQuery = new URLSearchParams({ areaCode: view.area, from: period.from, to: period.to }).toString();
  const periodWords = periodText(period, lang);

  return (
    <div className={`metrics ${printing ? 'printing' : ''}`} data-testid="metrics-screen" aria-busy={fetching}>
      <div className={`progress ${fetching ? 'on' : ''}`} role="progressbar" aria-hidden={!fetching} data-testid="metrics-progress">
        <span />
      </div>

      <header className="metrics-head">
        <div className="metrics-title">
          {report && <span className="level">{label(t, 'level', report.level)}</span>}
          <h1 data-testid="metrics-area">{areaName}</h1>
          <span className="muted">
            {t('metrics.title')} · <span data-testid="metrics-period">{periodWords}</span>
            {fetching && report && <span className="refreshing"> · {t('metrics.refreshing')}</span>}
          </span>
        </div>
        <PeriodPicker period={period} today={today} onChange={setPeriod} />
        <div className="metrics-actions">
          <span className="muted small">{t('metrics.export')}</span>
          <a className="button" href={`/api/exports/metrics.xlsx?${exportQuery}`} download data-testid="export-xlsx">
            {t('metrics.exportXlsx')}
          </a>
          <a className="button" href={`/api/exports/metrics.csv?${exportQuery}`} download data-testid="export-csv">
            {t('metrics.exportCsv')}
          </a>
          <button onClick={print} data-testid="print">
            {t('metrics.print')}
          </button>
        </div>
      </header>

      {/* The briefing's heading on paper. */}
      <div className="brief-head" aria-hidden={!printing}>
        <h1>{t('metrics.briefTitle', { area: areaName })}</h1>
        <p>{t('metrics.briefPeriod', { period: periodWords.includes(period.from) ? periodWords : `${periodWords} (${period.from} – ${period.to})` })}</p>
        <p className="small">{t('metrics.briefPrinted', { time: formatChinaTime(now, lang) })}</p>
      </div>

      {badPeriod && (
        <p className="panel notice" role="alert">
          {t('metrics.badPeriod', { n: MAX_PERIOD_DAYS })}
        </p>
      )}
      {areaError || kpis.isError ? (
        <section className="panel error-panel" role="alert" data-testid="error">
          <h2>{t('errorTitle')}</h2>
          <p>{areaError ?? errorMessage(kpis.error)}</p>
          <button onClick={() => kpis.refetch()}>{t('retry')}</button>
        </section>
      ) : (
        <div className={stale ? 'stale' : undefined}>
          {totalsOnly && <p className="panel notice" data-testid="totals-only">{t('metrics.totalsOnly')}</p>}
          {report ? (
            <KpiCards
              report={report}
              trend={spark.data?.buckets}
              selected={view.kpi}
              onSelect={chooseKpi}
              onCases={report.totalsOnly ? undefined : (measure, count) => listCases({ areaCode: report.areaCode, areaName: report.areaName, measure, count })}
              printing={printing}
            />
          ) : (
            <KpiCardsSkeleton />
          )}

          <div className="metrics-grid">
            {!totalsOnly && (
              <section className="panel metrics-ranking" data-testid="metrics-ranking">
                <div className="row">
                  <h2>
                    {t('metrics.ranking')} {report && <small>({report.children.length})</small>}
                  </h2>
                  <label className="colour-by no-print">
                    <span className="muted small">{t('metrics.colourBy')}</span>
                    <select value={view.kpi} onChange={(e) => chooseKpi(e.target.value as KpiId)} data-testid="colour-by">
                      {KPI_IDS.map((id) => (
                        <option key={id} value={id}>{KPI[id][lang]}</option>
                      ))}
                    </select>
                  </label>
                </div>
                <p className="muted small no-print">{t('metrics.rankingHint')}</p>
                {!report ? (
                  <div className="skeleton block" />
                ) : childRows.length === 0 ? (
                  <p className="empty">{t('metrics.noChildren')}</p>
                ) : (
                  <KpiTable
                    rows={childRows}
                    columns={AREA_COLUMNS}
                    kpi={view.kpi}
                    nameHeader={t('metrics.areaColumn')}
                    caption={t('metrics.ranking')}
                    onName={(r) => drill(r.code)}
                    onCount={(r, measure, count) => listCases({ areaCode: r.code, areaName: r.name, measure, count })}
                    testId="ranking"
                  />
                )}
              </section>
            )}

            {!totalsOnly && (
              <MetricsMap
                styleUrl={styleUrl}
                area={area}
                report={report}
                kpi={view.kpi}
                hotspots={hotspots.data}
                caseAt={view.caseId !== null ? caseAt : null}
                onDrill={drill}
                onReady={setHandles}
              />
            )}

            <TrendChart
              buckets={trend.data?.buckets}
              bucket={bucket}
              onBucket={setBucket}
              loading={trend.isFetching}
              error={trend.isError ? errorMessage(trend.error) : null}
              printing={printing}
            />

            <section className="panel metrics-composition" aria-label={t('metrics.composition')} data-testid="metrics-composition">
              <div>
                <h2>{t('metrics.topTypes')}</h2>
                {!report ? (
                  <div className="skeleton block" />
                ) : report.topTypes.length === 0 ? (
                  <p className="empty">{t('metrics.noCasesInPeriod')}</p>
                ) : (
                  <Bars rows={report.topTypes.map((ty) => ({ key: ty.typeCode, name: lang === 'zh' ? ty.name : ty.nameEn, value: ty.reported }))} />
                )}
              </div>
              <div>
                <h2>{t('metrics.bySource')}</h2>
                {report && (
                  <Bars
                    rows={Object.entries(report.kpis.bySource)
                      .sort((a, b) => b[1] - a[1])
                      .map(([source, n]) => ({ key: source, name: Object.hasOwn(CASE_SOURCE, source) ? CASE_SOURCE[source as keyof typeof CASE_SOURCE][lang] : source, value: n }))}
                  />
                )}
              </div>
            </section>

            {!totalsOnly && (
              <section className="panel metrics-departments" data-testid="metrics-departments">
                <h2>
                  {t('metrics.departments')} {departments.data && <small>({departments.data.departments.length})</small>}
                </h2>
                {departments.isError ? (
                  <p className="error-text" role="alert">{errorMessage(departments.error)}</p>
                ) : !departments.data ? (
                  <div className="skeleton block" />
                ) : unitRows.length === 0 ? (
                  <p className="empty">{t('metrics.noDepartments')}</p>
                ) : (
                  <KpiTable
                    rows={unitRows}
                    columns={UNIT_COLUMNS}
                    kpi={view.kpi}
                    nameHeader={t('metrics.unitColumn')}
                    caption={t('metrics.departments')}
                    onCount={(r, measure, count) => listCases({ areaCode: view.area, areaName, measure, count, departmentCode: r.code, unitName: r.name })}
                    testId="departments"
                  />
                )}
              </section>
            )}
          </div>
        </div>
      )}

      {(cases || view.caseId !== null) && (
        <aside className="metrics-side">
          {view.caseId !== null ? (
            <CaseDrawer id={view.caseId} liveVersion={liveVersion} onClose={closeCase} onLocate={locate} />
          ) : (
            cases && <CaseList key={JSON.stringify(cases)} selection={cases} onClose={() => setCases(null)} onCase={openCase} />
          )}
        </aside>
      )}
    </div>
  );
}

/** A short list of names with bars in proportion (top types, channels). */
function Bars({ rows }: { rows: { key: string; name: string; value: number }[] }) {
  const { lang } = useI18n();
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <ul className="bars">
      {rows.map((r) => (
        <li key={r.key}>
          <span className="name" title={r.name}>{r.name}</span>
          <span className="bar" style={{ width: `${(r.value / max) * 100}%` }} />
          <span className="num">{formatNumber(r.value, lang)}</span>
        </li>
      ))}
    </ul>
  );
}
