/**
 * The planning map: the one map (MapView) framed on the area, with the sub-areas coloured by coverage, the gap
 * cells, a scenario's changes, the facilities, the suggested sites and isochrones (planning-layers.ts). What a
 * click does depends on the map action: inspect (a facility or a gap cell is picked and labelled; an area
 * drills down), isochrones (the clicked point's walking bands), place a new facility, or move the one chosen.
 */
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { CAPACITY_UNIT, SCENARIO_CHANGE, SCENARIO_CHANGES, SERVICE_TYPE, type ServiceType } from '../../../tiles/domain/planning';
import type { LayerId } from '../../../tiles/layers';
import type { AreaDetail } from '../api';
import { formatNumber, useI18n, type MessageKey } from '../i18n';
import { MapView, type MapHandles } from '../map/MapView';
import type { Overlay } from '../map/deck-layers';
import type { MapSelection } from '../map/layer-kit';
import type { Coverage, GapCell, Isochrones, PlanningFacility, SuggestedSite } from './client';
import { formatRate, rateColour } from './model';
import { changeLayer, COVERAGE_CHOROPLETH, facilityKey, facilityLayer, gapLayer, isochroneLayers, pinnedLabel, suggestionLayers } from './planning-layers';
import { choroplethLabels, choroplethLayer, type ChoroplethArea } from '../map/choropleth';

const VISIBLE: ReadonlySet<LayerId> = new Set<LayerId>(['areas', 'roads']);
const PADDING = { left: 8, right: 8, top: 8, bottom: 8 };
const ignore = () => undefined;

export type Tool = { kind: 'select' } | { kind: 'isochrone' } | { kind: 'add' } | { kind: 'move'; facility: PlanningFacility };
export type Picked = { kind: 'facility'; facility: PlanningFacility } | { kind: 'gap'; cell: GapCell } | null;
type Shown = 'choropleth' | 'gaps' | 'changes' | 'facilities';

interface Props {
  styleUrl: string | null;
  area: AreaDetail | undefined;
  ptype: ServiceType;
  /** The coverage of the area on the map (another area's is not drawn). */
  coverage: Coverage | undefined;
  tool: Tool;
  onTool(tool: Tool): void;
  /** A map click while the action is isochrones, add or move. */
  onPoint(at: [number, number]): void;
  picked: Picked;
  onPicked(p: Picked): void;
  isochrone: { at: [number, number]; data: Isochrones | undefined } | null;
  sites: readonly SuggestedSite[];
  onDrill(code: string): void;
  onReady(handles: MapHandles): void;
  /** Whether the account may edit scenarios (the "place facility" action). */
  canEdit: boolean;
  /** Drawn over the map's corner: the picked thing's card. */
  children?: ReactNode;
}

export function PlanningMap({ styleUrl, area, ptype, coverage, tool, onTool, onPoint, picked, onPicked, isochrone, sites, onDrill, onReady, canEdit, children }: Props) {
  const { t, lang } = useI18n();
  const [show, setShow] = useState<Record<Shown, boolean>>({ choropleth: true, gaps: true, changes: true, facilities: true });
  const [error, setError] = useState<string | null>(null);
  const shown = coverage && area && coverage.areaCode === area.code ? coverage : undefined;
  const type = SERVICE_TYPE[ptype];
  const inspecting = tool.kind === 'select';

  const rateAreas = useMemo<ChoroplethArea[]>(() => {
    if (!shown || !area) return [];
    const centres = new Map(area.children.map((c) => [c.code, c.center as [number, number]]));
    return shown.children.map((c) => ({ code: c.code, name: c.name, text: formatRate(c.rate), colour: rateColour(c.rate), center: centres.get(c.code) }));
  }, [shown, area]);

  const pickFacility = useCallback((f: PlanningFacility) => onPicked({ kind: 'facility', facility: f }), [onPicked]);
  const pickGap = useCallback((cell: GapCell) => onPicked({ kind: 'gap', cell }), [onPicked]);

  const overlay = useMemo<Overlay>(() => {
    const key = `${area?.code}:${rateAreas.map((c) => c.text).join()}`;
    const pickedKey = picked?.kind === 'facility' ? facilityKey(picked.facility) : null;
    const fill = area && show.choropleth ? choroplethLayer('planning-choropleth', area, rateAreas, key, COVERAGE_CHOROPLETH) : null;
    const gaps = shown && show.gaps && shown.uncovered.length > 0 ? gapLayer(shown.uncovered, inspecting ? pickGap : null, picked?.kind === 'gap' ? picked.cell.h3 : null) : null;
    const changes = shown?.scenario && show.changes && shown.scenario.cells.length > 0 ? changeLayer(shown.scenario.cells) : null;
    const iso = isochrone?.data ? isochroneLayers(isochrone.data, isochrone.at) : [];
    const labels = area && fill ? choroplethLabels('planning-rate-labels', area, rateAreas, key, COVERAGE_CHOROPLETH) : null;
    const facilities = shown && show.facilities ? facilityLayer(shown.facilities, type.color, pickedKey, inspecting ? pickFacility : null) : null;
    const suggested = sites.length > 0 ? suggestionLayers(sites) : [];
    let pin = null;
    if (picked?.kind === 'facility') {
      const f = picked.facility;
      pin = pinnedLabel([f.lng, f.lat], `${f.name}\n${t('planning.load', { pct: `${Math.round(f.load * 100)}%` })} · ${t('planning.capacityOf', { n: formatNumber(f.capacity, lang), unit: CAPACITY_UNIT[type.unit][lang] })}`, f.overloaded ? [239, 68, 68] : type.color);
    } else if (picked?.kind === 'gap') {
      pin = pinnedLabel([picked.cell.lng, picked.cell.lat], t('planning.gapCell', { n: formatNumber(picked.cell.people, lang) }), [251, 146, 60]);
    }
    return { layers: [fill, gaps, changes, ...iso, labels, facilities, ...suggested, pin].filter((l) => l !== null) };
  }, [area, rateAreas, show, shown, isochrone, sites, picked, inspecting, pickGap, pickFacility, type.color, type.unit, t, lang]);

  const select = useCallback((s: MapSelection) => {
    if (s.kind === 'area') onDrill(s.code);
  }, [onDrill]);

  const tools: { tool: Tool['kind']; label: MessageKey }[] = [
    { tool: 'select', label: 'planning.mode_select' },
    { tool: 'isochrone', label: 'planning.mode_isochrone' },
    ...(canEdit ? [{ tool: 'add' as const, label: 'planning.mode_add' as const }] : []),
  ];
  const hint =
    tool.kind === 'move' ? t('planning.hint_move', { name: tool.facility.name }) : t(`planning.hint_${tool.kind}`);

  return (
    <section className="panel planning-map-panel" data-testid="planning-map">
      <div className="row map-toolbar">
        <div className="segmented" role="group" aria-label={t('planning.mode')}>
          {tools.map((x) => (
            <button key={x.tool} className={tool.kind === x.tool ? 'on' : ''} aria-pressed={tool.kind === x.tool} onClick={() => onTool(x.tool === 'isochrone' ? { kind: 'isochrone' } : x.tool === 'add' ? { kind: 'add' } : { kind: 'select' })} data-testid={`tool-${x.tool}`}>
              {t(x.label)}
            </button>
          ))}
          {tool.kind === 'move' && (
            <button className="on" aria-pressed onClick={() => onTool({ kind: 'select' })} data-testid="tool-move">
              {t('planning.mode_move')} ✕
            </button>
          )}
        </div>
        <div className="segmented" role="group" aria-label={t('planning.layers')}>
          {(['choropleth', 'gaps', 'changes', 'facilities'] as const).filter((k) => k !== 'changes' || shown?.scenario).map((k) => (
            <button key={k} className={show[k] ? 'on' : ''} aria-pressed={show[k]} onClick={() => setShow({ ...show, [k]: !show[k] })} data-testid={`layer-${k}`}>
              {t(`planning.layer_${k}`)}
            </button>
          ))}
        </div>
      </div>
      <p className={`map-hint small ${tool.kind !== 'select' ? 'armed' : 'muted'}`} role="status" data-testid="map-hint">{hint}</p>
      <div className={`planning-map ${tool.kind !== 'select' ? 'picking' : ''}`}>
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
          onPick={tool.kind === 'select' ? null : onPoint}
        />
        {children}
      </div>
      <div className="legend-line muted small">
        <span className="ramp" aria-hidden /> {t('planning.legendRate')}
        <span className="ramp gaps" aria-hidden /> {t('planning.legendGaps')}
        <span className="dot-key" style={{ background: `rgb(${type.color.join(',')})` }} aria-hidden /> {t('planning.legendFacilities', { type: type[lang] })}
        {sites.length > 0 && <><span className="dot-key suggestion" aria-hidden /> {t('planning.legendSuggestions')}</>}
        {shown?.scenario && SCENARIO_CHANGES.map((c) => (
          <span key={c} className="change-key">
            <i style={{ background: `rgb(${SCENARIO_CHANGE[c].color.join(',')})` }} aria-hidden /> {SCENARIO_CHANGE[c][lang]}
          </span>
        ))}
      </div>
      {error && (
        <p className="error-text small" role="alert">
          {t('tileError', { message: error })}
        </p>
      )}
    </section>
  );
}
