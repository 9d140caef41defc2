/**
 * The metrics map: the one map (MapView) framed on the area, its sub-areas coloured by the chosen KPI's rank
 * (labelled with the value) and a heat layer of where cases were reported. A click on a sub-area drills down,
 * as on the main map.
 */
import { useCallback, useMemo, useState } from 'react';
import { KPI, type KpiId } from '../../../tiles/domain/metrics';
import type { LayerId } from '../../../tiles/layers';
import type { AreaDetail } from '../api';
import { useI18n } from '../i18n';
import { MapView, type MapHandles } from '../map/MapView';
import type { Overlay } from '../map/deck-layers';
import type { MapSelection } from '../map/layer-kit';
import { formatKpi, rankColours } from './format';
import { caseMarkerLayer, heatLayer, METRICS_CHOROPLETH } from './metrics-layers';
import { choroplethLabels, choroplethLayer, type ChoroplethArea } from '../map/choropleth';
import type { Hotspots, KpiReport } from './types';

const VISIBLE: ReadonlySet<LayerId> = new Set<LayerId>(['areas']);
const PADDING = { left: 8, right: 8, top: 8, bottom: 8 };
const ignore = () => undefined;

interface Props {
  styleUrl: string | null;
  /** The area as area.get describes it (outline, bounding box, its children's centres), once loaded. */
  area: AreaDetail | undefined;
  report: KpiReport | undefined;
  kpi: KpiId;
  hotspots: Hotspots | undefined;
  /** Where the case open in the drawer is, ringed. */
  caseAt: [number, number] | null;
  onDrill(code: string): void;
  onReady(handles: MapHandles): void;
}

export function MetricsMap({ styleUrl, area, report, kpi, hotspots, caseAt, onDrill, onReady }: Props) {
  const { t, lang } = useI18n();
  const [show, setShow] = useState({ choropleth: true, heat: true });
  const [error, setError] = useState<string | null>(null);
  // The report of the area the map shows (while another loads, no colours rather than the wrong ones).
  const shown = report && area && report.areaCode === area.code ? report : undefined;

  const children = useMemo<ChoroplethArea[]>(() => {
    if (!shown || !area) return [];
    const centres = new Map(area.children.map((c) => [c.code, c.center as [number, number]]));
    const colours = rankColours(shown.children.map((c) => c.kpis[kpi]), kpi);
    return shown.children.map((c, i) => ({ code: c.code, name: c.name, text: formatKpi(kpi, c.kpis[kpi], lang), colour: colours[i], center: centres.get(c.code) }));
  }, [shown, area, kpi, lang]);

  const overlay = useMemo<Overlay>(() => {
    const key = `${area?.code}:${kpi}:${lang}:${children.map((c) => c.text).join()}`;
    const fill = area && show.choropleth ? choroplethLayer('metrics-choropleth', area, children, key, METRICS_CHOROPLETH) : null;
    const heat = show.heat && hotspots && hotspots.cells.length > 0 ? heatLayer(hotspots.cells) : null;
    // The heat over the colours, the names and values over both.
    const labels = area && fill ? choroplethLabels('metrics-labels', area, children, key, METRICS_CHOROPLETH) : null;
    const marker = caseAt ? caseMarkerLayer(caseAt) : null;
    return { layers: [fill, heat, labels, marker].filter((l) => l !== null) };
  }, [area, children, show, hotspots, kpi, lang, caseAt]);

  const select = useCallback((s: MapSelection) => {
    if (s.kind === 'area') onDrill(s.code);
  }, [onDrill]);

  const legend = t(KPI[kpi].better === 'neither' ? 'metrics.mapLegendNeither' : 'metrics.mapLegend', { kpi: KPI[kpi][lang] });
  return (
    <section className="panel metrics-map-panel" data-testid="metrics-map">
      <div className="row">
        <h2>{t('metrics.map')}</h2>
        <div className="segmented no-print" role="group" aria-label={t('layers')}>
          {(['choropleth', 'heat'] as const).map((k) => (
            <button key={k} className={show[k] ? 'on' : ''} aria-pressed={show[k]} onClick={() => setShow({ ...show, [k]: !show[k] })} data-testid={`map-${k}`}>
              {t(k === 'choropleth' ? 'metrics.mapChoropleth' : 'metrics.mapHeat')}
            </button>
          ))}
        </div>
      </div>
      <div className="metrics-map">
        <MapView
          styleUrl={styleUrl}
          area={area}
          building={undefined}
          visible={VISIBLE}
          onSelect={select}
          onReady={onReady}
          onMoving={ignore}
          onError={setError}
          padding={PADDING}
          overlay={overlay}
        />
      </div>
      <p className="legend-line muted small">
        <span className={`ramp ${KPI[kpi].better === 'neither' ? 'blue' : ''}`} aria-hidden />
        {legend}
        {hotspots && hotspots.cells.length > 0 && <> · {t('metrics.hotspotCells', { n: hotspots.cells.length, m: hotspots.cellMeters })}</>}
      </p>
      {error && (
        <p className="error-text small" role="alert">
          {t('tileError', { message: error })}
        </p>
      )}
    </section>
  );
}
