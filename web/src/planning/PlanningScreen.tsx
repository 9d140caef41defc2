/**
 * The planners' screen (规划分析 · 15分钟社区生活圈): service facilities against the community life circles of
 * GB 50180-2018. For an area, a facility type and a walking threshold: who of the type's target group is within
 * reach (the rate, the sub-areas, the gap cells on the map), which facilities serve more than they hold, the
 * walking isochrones of any point, what-if scenarios (add, move, close facilities: saved on the server, compared
 * with today cell by cell) and where the next facilities should go. The area, type, minutes and scenario live
 * in the address (url-state.ts), shared with the other views. People are counts, never persons.
 * Loaded on demand (App.tsx), only by those who open it.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { CAPACITY_UNIT, SCENARIO_CHANGE, SERVICE_TYPE, TARGET_GROUP, type ServiceType } from '../../../tiles/domain/planning';
import { errorMessage, type AreaDetail } from '../api';
import { formatNumber, label, useI18n } from '../i18n';
import type { ViewState } from '../url-state';
import type { MapHandles } from '../map/MapView';
import { planningApi, planningKeys, type CoverageInput, type GapCell, type PlanningFacility, type Scenario, type ScenarioEdit, type SuggestedSite, type SuggestInput } from './client';
import {
  addFacility,
  closeFacility,
  exportLinks,
  formatDelta,
  formatPoints,
  formatRate,
  isochroneBands,
  largestGaps,
  moveFacility,
  nextAddKey,
  overloaded,
  removeEdit,
  thresholdOf,
} from './model';
import { bandColour, facilityKey } from './planning-layers';
import { css } from '../metrics/format';
import { PlanningMap, type Picked, type Tool } from './PlanningMap';
import { MinutesPicker, TypePicker } from './TypePicker';
import { CoverageTable } from './CoverageTable';
import { ScenarioPanel, type AddOptions } from './ScenarioPanel';
import { SuggestPanel } from './SuggestPanel';
import { ExportMenu } from './ExportMenu';

const NO_SITES: SuggestedSite[] = [];
/** The largest gaps listed beside the map (all are on the map). */
const GAPS_LISTED = 5;

/** What tests and operators' scripts can reach of the planning map from the console. */
interface PlanningHandle {
  map?: MapHandles['map'];
  deck?: MapHandles['overlay'];
  /** The map is up and the coverage of the address is shown (not loading). */
  ready: boolean;
}
declare global {
  interface Window {
    __cityBrainPlanning?: PlanningHandle;
  }
}

interface Props {
  view: ViewState;
  update(patch: Partial<ViewState>, mode?: 'push' | 'replace'): void;
  area: AreaDetail | undefined;
  areaError: string | null;
  styleUrl: string | null;
  /** Whether the account may create and edit scenarios (planners, administrators); others compare only. */
  canEdit: boolean;
}

type Pick_ = { kind: 'facility'; key: string } | { kind: 'gap'; h3: string } | null;
type Change = { edits?: (edits: ScenarioEdit[]) => ScenarioEdit[]; name?: string };

const reducedMotion = () => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
const isConflict = (err: unknown) => err instanceof TRPCClientError && err.data?.code === 'CONFLICT';
const samePoint = (a: { lng: number; lat: number }, b: { lng: number; lat: number }) => Math.abs(a.lng - b.lng) < 1e-6 && Math.abs(a.lat - b.lat) < 1e-6;

export function PlanningScreen({ view, update, area, areaError, styleUrl, canEdit }: Props) {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const type = SERVICE_TYPE[view.ptype];
  const group = TARGET_GROUP[type.target][lang];
  /** The type's name within a sentence (English lower-cases it). */
  const typeWord = lang === 'en' ? type.en.toLowerCase() : type.zh;
  const threshold = thresholdOf(view.ptype, view.minutes);
  const [handles, setHandles] = useState<MapHandles | null>(null);
  const [tool, setTool] = useState<Tool>({ kind: 'select' });
  const [pick, setPick] = useState<Pick_>(null);
  const [iso, setIso] = useState<{ at: [number, number]; bands: number[] } | null>(null);
  const [asked, setAsked] = useState<{ input: SuggestInput; version: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [addOptions, setAddOptions] = useState<AddOptions>({ name: '', capacity: '' });

  // Landed on without the screen's keys in the address (a planner signing in): the address names what is shown.
  useEffect(() => {
    if (!new URLSearchParams(window.location.search).has('ptype')) update({}, 'replace');
  }, [update]);

  // The scenario in the address. One of another type, opened from a link, brings its type along.
  const scenarioQuery = useQuery({
    queryKey: planningKeys.scenario(view.scenario ?? 0),
    queryFn: () => planningApi.scenario(view.scenario!),
    enabled: view.scenario !== null,
  });
  const scenario = view.scenario !== null && scenarioQuery.data?.id === view.scenario ? scenarioQuery.data : undefined;
  useEffect(() => {
    if (scenario && scenario.facilityType !== view.ptype) update({ ptype: scenario.facilityType }, 'replace');
  }, [scenario, view.ptype, update]);
  const scenarioFits = view.scenario === null || scenario?.facilityType === view.ptype;

  const input = useMemo<CoverageInput>(
    () => ({
      areaCode: view.area,
      facilityType: view.ptype,
      ...(view.minutes !== null ? { minutes: view.minutes } : {}),
      ...(view.scenario !== null ? { scenarioId: view.scenario } : {}),
    }),
    [view.area, view.ptype, view.minutes, view.scenario],
  );
  const version = scenario?.version ?? 0;
  const coverageQuery = useQuery({
    // The scenario's version in the key: an edit saved is a new comparison.
    queryKey: [...planningKeys.coverage(input), version],
    queryFn: () => planningApi.coverage(input),
    enabled: !areaError && scenarioFits,
    placeholderData: keepPreviousData,
  });
  const coverage = coverageQuery.data;
  const stale = coverageQuery.isPlaceholderData;
  // The figures of what the address asks (while another loads, the previous ones are shown dimmed).
  const current = coverage && !stale ? coverage : undefined;

  const scenarios = useQuery({
    queryKey: planningKeys.scenarios(view.area),
    queryFn: () => planningApi.scenarios(view.area),
    enabled: !areaError,
  });

  const iso_ = useQuery({
    queryKey: iso ? planningKeys.isochrone(iso.at[0], iso.at[1], iso.bands) : ['planning', 'isochrone', 'none'],
    queryFn: () => planningApi.isochrone({ lng: iso!.at[0], lat: iso!.at[1], minutes: iso!.bands }),
    enabled: iso !== null,
    staleTime: Infinity,
  });

  // Suggestions are asked for; they stay while the area, type and minutes do (adding one to a scenario keeps the list).
  const askedNow = asked && asked.input.areaCode === input.areaCode && asked.input.facilityType === input.facilityType && asked.input.minutes === input.minutes ? asked : null;
  const suggestQuery = useQuery({
    queryKey: askedNow ? [...planningKeys.suggest(askedNow.input), askedNow.version] : ['planning', 'suggest', 'none'],
    queryFn: () => planningApi.suggest(askedNow!.input),
    enabled: askedNow !== null,
    staleTime: Infinity,
  });
  const sites = askedNow && suggestQuery.data ? suggestQuery.data.sites : NO_SITES;

  const defaultName = t('planning.scenarioDefaultName', { area: area?.name ?? view.area, type: type[lang] });

  const opened = useCallback((s: Scenario) => {
    qc.setQueryData(planningKeys.scenario(s.id), s);
    void qc.invalidateQueries({ queryKey: ['planning', 'scenarios'] });
  }, [qc]);

  // Every change to a scenario: the whole edit list (or the name) replaced at the version shown. Without a
  // scenario open, the first change creates one (its id goes in the address).
  const save = useMutation({
    mutationFn: async (change: Change) => {
      let s = scenario;
      if (!s) {
        if (view.scenario !== null) throw new Error(t('loading'));
        s = await planningApi.createScenario({ name: defaultName, areaCode: view.area, facilityType: view.ptype });
        opened(s);
        update({ scenario: s.id });
      }
      return planningApi.updateScenario({ id: s.id, version: s.version, ...(change.edits ? { edits: change.edits(s.edits) } : {}), ...(change.name ? { name: change.name } : {}) });
    },
    onSuccess: (s) => {
      opened(s);
      setProblem(null);
    },
    onError: (err) => {
      if (isConflict(err)) {
        setProblem(t('planning.scenarioConflict', { message: errorMessage(err) }));
        void qc.invalidateQueries({ queryKey: planningKeys.scenario(view.scenario ?? 0) });
      } else setProblem(errorMessage(err));
    },
  });
  const create = useMutation({
    mutationFn: (name: string) => planningApi.createScenario({ name, areaCode: view.area, facilityType: view.ptype }),
    onSuccess: (s) => {
      opened(s);
      setProblem(null);
      update({ scenario: s.id });
    },
    onError: (err) => setProblem(errorMessage(err)),
  });
  const remove = useMutation({
    mutationFn: (id: number) => planningApi.deleteScenario(id),
    onSuccess: (_r, id) => {
      qc.removeQueries({ queryKey: planningKeys.scenario(id) });
      void qc.invalidateQueries({ queryKey: ['planning', 'scenarios'] });
      setProblem(null);
      update({ scenario: null });
    },
    onError: (err) => setProblem(errorMessage(err)),
  });
  const busy = save.isPending || create.isPending || remove.isPending || (view.scenario !== null && !scenario);

  const edit = useCallback((edits: (e: ScenarioEdit[]) => ScenarioEdit[]) => save.mutate({ edits }), [save]);
  const addAt = useCallback(
    (at: [number, number], name?: string) => {
      const capacity = Number(addOptions.capacity);
      edit((e) =>
        addFacility(e, at, {
          name: name ?? (addOptions.name.trim() || t('planning.newDefaultName', { type: type[lang], n: nextAddKey(e).slice(4) })),
          capacity: addOptions.capacity.trim() && Number.isFinite(capacity) && capacity > 0 ? capacity : undefined,
        }),
      );
      setAddOptions((o) => ({ ...o, name: '' }));
    },
    [edit, addOptions, t, type, lang],
  );

  const onPoint = useCallback(
    (at: [number, number]) => {
      if (tool.kind === 'isochrone') setIso({ at, bands: isochroneBands(view.minutes) });
      else if (tool.kind === 'add') {
        addAt(at);
        setTool({ kind: 'select' });
      } else if (tool.kind === 'move') {
        const f = tool.facility;
        edit((e) => moveFacility(e, f, at));
        setTool({ kind: 'select' });
      }
    },
    [tool, view.minutes, addAt, edit],
  );

  // What was clicked, as it is now (after a refresh its figures are the new ones; gone: no card).
  const picked = useMemo<Picked>(() => {
    if (!pick || !current) return null;
    if (pick.kind === 'facility') {
      const f = current.facilities.find((x) => facilityKey(x) === pick.key);
      return f ? { kind: 'facility', facility: f } : null;
    }
    const cell = current.uncovered.find((c) => c.h3 === pick.h3);
    return cell ? { kind: 'gap', cell } : null;
  }, [pick, current]);
  const onPicked = useCallback((p: Picked) => setPick(p === null ? null : p.kind === 'facility' ? { kind: 'facility', key: facilityKey(p.facility) } : { kind: 'gap', h3: p.cell.h3 }), []);

  const locate = useCallback(
    // Near enough to see the place among its neighbours, never nearer than the planner already is.
    (at: [number, number]) => handles?.map.flyTo({ center: at, zoom: Math.max(handles.map.getZoom(), 15), duration: reducedMotion() ? 0 : 800 }),
    [handles],
  );

  const pickAndShow = useCallback((f: PlanningFacility) => {
    setPick({ kind: 'facility', key: facilityKey(f) });
    locate([f.lng, f.lat]);
  }, [locate]);

  const chooseType = useCallback((ptype: ServiceType) => {
    setPick(null);
    setTool({ kind: 'select' });
    // A scenario is of one type: another type leaves it.
    update({ ptype, scenario: null });
  }, [update]);
  const chooseMinutes = useCallback((minutes: number | null) => update({ minutes }), [update]);
  const drill = useCallback((code: string) => {
    setPick(null);
    update({ area: code });
  }, [update]);
  const openScenario = (s: Scenario | null) => {
    setProblem(null);
    setPick(null);
    setAsked(null);
    if (s) {
      opened(s);
      update({ scenario: s.id, ptype: s.facilityType });
    } else update({ scenario: null });
  };

  // Esc: back to inspecting, then the card closes.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.target instanceof HTMLTextAreaElement) return;
      if (tool.kind !== 'select') setTool({ kind: 'select' });
      else setPick(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tool.kind]);

  const areaName = coverage?.areaName ?? area?.name ?? view.area;
  useEffect(() => {
    document.title = `${areaName} · ${t('planning.title')} · ${t('appTitle')}`;
  }, [areaName, t]);

  // Test and console hook.
  const ready = Boolean(handles) && Boolean(current) && !coverageQuery.isFetching;
  useEffect(() => {
    window.__cityBrainPlanning = { map: handles?.map, deck: handles?.overlay, ready };
  }, [handles, ready]);
  useEffect(() => () => {
    delete window.__cityBrainPlanning;
  }, []);

  const links = exportLinks(
    { areaCode: view.area, facilityType: view.ptype, minutes: view.minutes, scenarioId: view.scenario },
    iso ? { lng: iso.at[0], lat: iso.at[1], minutes: iso.bands } : null,
  );
  const fetching = coverageQuery.isFetching || (view.scenario !== null && scenarioQuery.isFetching) || save.isPending;
  const error = areaError ?? (coverageQuery.isError ? errorMessage(coverageQuery.error) : null);
  const scenarioError = scenarioQuery.isError ? errorMessage(scenarioQuery.error) : null;
  const facilities = current?.facilities ?? [];
  const overloadedList = overloaded(facilities);
  const byLoad = [...facilities].sort((a, b) => b.load - a.load);
  const gaps = current ? largestGaps(current.uncovered, GAPS_LISTED) : [];
  const uncoveredPeople = current ? current.population - current.covered : 0;
  const isoData = iso_.data && iso ? iso_.data : undefined;

  const card = picked && (
    <div className="panel picked-card" data-testid="picked-card" role="region" aria-label={picked.kind === 'facility' ? picked.facility.name : t('planning.gaps')}>
      <div className="row">
        <h3>{picked.kind === 'facility' ? picked.facility.name : t('planning.gapCell', { n: formatNumber(picked.cell.people, lang) })}</h3>
        <button className="icon" onClick={() => setPick(null)} aria-label={t('planning.closeCard')} data-testid="picked-close">✕</button>
      </div>
      {picked.kind === 'facility' ? (
        <FacilityFacts
          f={picked.facility}
          ptype={view.ptype}
          busy={busy}
          canEdit={canEdit}
          onMove={() => setTool({ kind: 'move', facility: picked.facility })}
          onClose={() => edit((e) => closeFacility(e, picked.facility))}
          onReopen={() => {
            const id = picked.facility.id;
            edit((e) => removeEdit(e, e.findIndex((x) => x.op === 'close' && x.facilityId === id)));
          }}
        />
      ) : (
        <>
          <p className="muted small">{t('planning.coveredWho', { group, type: typeWord })}</p>
          {canEdit && <button onClick={() => addAt([picked.cell.lng, picked.cell.lat])} disabled={busy} data-testid="picked-add-here">＋ {t('planning.addHere')}</button>}
        </>
      )}
    </div>
  );

  return (
    <div className="planning" data-testid="planning-screen" aria-busy={fetching}>
      <div className={`progress ${fetching ? 'on' : ''}`} role="progressbar" aria-hidden={!fetching} data-testid="planning-progress">
        <span />
      </div>

      <header className="planning-head">
        <div className="metrics-title">
          {coverage && <span className="level">{label(t, 'level', coverage.level)}</span>}
          <h1 data-testid="planning-area">{areaName}</h1>
          <span className="muted">
            {t('planning.title')} · {t('planning.subtitle')}
            {fetching && coverage && <span className="refreshing"> · {t('planning.refreshing')}</span>}
          </span>
        </div>
        <TypePicker ptype={view.ptype} onType={chooseType} />
        <MinutesPicker key={`${view.ptype}:${view.minutes ?? 'std'}`} ptype={view.ptype} minutes={view.minutes} onMinutes={chooseMinutes} />
        <ExportMenu links={links} />
      </header>

      <div className="planning-body">
        <PlanningMap
          styleUrl={styleUrl}
          area={area}
          ptype={view.ptype}
          coverage={current}
          tool={tool}
          onTool={setTool}
          onPoint={onPoint}
          picked={picked}
          onPicked={onPicked}
          isochrone={iso ? { at: iso.at, data: isoData } : null}
          sites={sites}
          onDrill={drill}
          onReady={setHandles}
          canEdit={canEdit}
        >
          {card}
          {iso && (
            <div className="panel iso-card" data-testid="isochrone-card">
              <div className="row">
                <h3>{t('planning.isochrone')}</h3>
                <button className="link" onClick={() => setIso(null)} data-testid="isochrone-clear">{t('planning.isochroneClear')}</button>
              </div>
              {iso_.isFetching ? (
                <p className="muted small" role="status">{t('planning.isochroneLoading')}</p>
              ) : iso_.isError ? (
                <p className="error-text small" role="alert">{errorMessage(iso_.error)}</p>
              ) : isoData ? (
                <ul className="bands" data-testid="isochrone-bands">
                  {[...isoData.features].sort((a, b) => a.properties.minutes - b.properties.minutes).map((f) => (
                    <li key={f.properties.minutes}>
                      <i className="swatch" style={{ background: css(bandColour(f.properties.minutes)) }} aria-hidden />
                      {t('planning.isochroneBand', { n: f.properties.minutes, m: formatNumber(f.properties.metres, lang) })}
                    </li>
                  ))}
                  <li className="muted small">{t('planning.isochroneSnapped', { d: formatNumber(Math.round(isoData.snapped.distanceM), lang) })}</li>
                </ul>
              ) : null}
            </div>
          )}
        </PlanningMap>

        <aside className="planning-side" aria-label={t('planning.coverage')}>
          {error ? (
            <section className="panel error-panel" role="alert" data-testid="error">
              <h2>{t('errorTitle')}</h2>
              <p>{error}</p>
              <div className="row">
                <button onClick={() => coverageQuery.refetch()}>{t('retry')}</button>
                {view.scenario !== null && <button onClick={() => openScenario(null)}>{t('planning.scenarioClose')}</button>}
              </div>
            </section>
          ) : (
            <section className={`panel coverage-card ${stale ? 'stale' : ''}`} data-testid="coverage">
              <h2>
                {t('planning.coverage')} · {type[lang]}
              </h2>
              {!coverage ? (
                <>
                  <p className="muted small" role="status">{scenarioError ?? t('planning.computing')}</p>
                  <div className="skeleton title" />
                </>
              ) : coverage.population === 0 ? (
                <p className="empty" data-testid="coverage-nobody">{t('planning.nobody', { group })}</p>
              ) : (
                <>
                  <div className="headline">
                    <span className="big-rate" data-testid="coverage-rate" data-rate={coverage.rate ?? ''}>{formatRate(coverage.rate)}</span>
                    <span data-testid="coverage-covered" data-covered={coverage.covered} data-population={coverage.population}>
                      {t('planning.coveredOf', { covered: formatNumber(coverage.covered, lang), population: formatNumber(coverage.population, lang) })}
                    </span>
                  </div>
                  <p className="muted small">
                    {t('planning.coveredWho', { group, type: typeWord })} ·{' '}
                    {threshold.standard ? t('planning.thresholdStandard', { minutes: coverage.minutes, metres: formatNumber(coverage.thresholdM, lang) }) : t('planning.isochroneBand', { n: coverage.minutes, m: formatNumber(coverage.thresholdM, lang) })}
                  </p>
                  <p className="small">
                    <span className="warn-text" data-testid="coverage-uncovered">{t('planning.uncovered', { n: formatNumber(uncoveredPeople, lang) })}</span>
                    {' · '}
                    {t('planning.facilityCount', { n: formatNumber(coverage.facilities.filter((f) => f.status !== 'closed').length, lang), type: typeWord })}
                  </p>
                </>
              )}
              {coverage?.scenario && (
                <div className="comparison" data-testid="scenario-comparison">
                  <h3>{t('planning.comparison')} · {coverage.scenario.name}</h3>
                  <p>
                    <span className="muted">{t('planning.todayRate', { rate: formatRate(coverage.scenario.baseline.rate) })}</span> → <strong>{formatRate(coverage.rate)}</strong>{' '}
                    <span className="small">({t('planning.points', { d: formatPoints(coverage.scenario.baseline.rate, coverage.rate) })})</span>
                  </p>
                  <ul className="change-totals">
                    {(['gained', 'lost', 'unchanged'] as const).map((c) => (
                      <li key={c} data-testid={`scenario-${c}`} data-value={coverage.scenario![c]}>
                        <i style={{ background: `rgb(${SCENARIO_CHANGE[c].color.join(',')})` }} aria-hidden />
                        {SCENARIO_CHANGE[c][lang]} <strong>{c === 'gained' ? formatDelta(coverage.scenario![c], lang) : c === 'lost' ? formatDelta(-coverage.scenario![c], lang) : formatNumber(coverage.scenario![c], lang)}</strong>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              <p className="muted small">{t('planning.countsOnly')}</p>
            </section>
          )}

          <ScenarioPanel
            canEdit={canEdit}
            ptype={view.ptype}
            scenario={scenario}
            scenarioId={view.scenario}
            loading={scenarioQuery.isFetching}
            error={scenarioError}
            scenarios={scenarios.data}
            facilities={facilities}
            defaultName={defaultName}
            busy={busy}
            problem={problem}
            onDismissProblem={() => setProblem(null)}
            onOpen={openScenario}
            onCreate={(name) => create.mutate(name)}
            onRename={(name) => save.mutate({ name })}
            onDelete={() => view.scenario !== null && remove.mutate(view.scenario)}
            onUndo={(i) => edit((e) => removeEdit(e, i))}
            adding={tool.kind === 'add'}
            onAddTool={(on) => setTool(on ? { kind: 'add' } : { kind: 'select' })}
            addOptions={addOptions}
            onAddOptions={setAddOptions}
          />

          <section className={`panel ${stale ? 'stale' : ''}`} data-testid="sub-areas">
            <h2>
              {t('planning.subAreas')} {current && <small>({current.children.length})</small>}
            </h2>
            <p className="muted small">{t('planning.tableHint')}</p>
            {!coverage ? (
              <div className="skeleton block" />
            ) : coverage.children.length === 0 ? (
              <p className="empty" data-testid="no-sub-areas">{t('planning.noSubAreas')}</p>
            ) : (
              <CoverageTable rows={coverage.children} scenario={Boolean(coverage.scenario)} onDrill={drill} />
            )}
          </section>

          <section className={`panel ${stale ? 'stale' : ''}`} data-testid="gaps">
            <h2>
              {t('planning.gaps')} {current && current.uncovered.length > 0 && <small>({t('planning.gapCount', { n: formatNumber(current.uncovered.length, lang), people: formatNumber(current.uncovered.reduce((s, c) => s + c.people, 0), lang) })})</small>}
            </h2>
            {!current ? null : current.uncovered.length === 0 ? (
              <p className="empty" data-testid="no-gaps">{t('planning.noGaps', { group })}</p>
            ) : (
              <>
                <p className="muted small">{t('planning.gapsHint')}</p>
                <ol className="gap-list" data-testid="gap-list">
                  {gaps.map((g: GapCell, i) => (
                    <li key={g.h3} data-h3={g.h3} data-lng={g.lng} data-lat={g.lat} data-people={g.people}>
                      <span>{t('planning.gapCell', { n: formatNumber(g.people, lang) })}</span>
                      <span className="site-actions">
                        <button
                          className="link"
                          onClick={() => {
                            setPick({ kind: 'gap', h3: g.h3 });
                            locate([g.lng, g.lat]);
                          }}
                          data-testid={`gap-locate-${i}`}
                        >
                          {t('planning.locate')}
                        </button>
                        {canEdit && <button onClick={() => addAt([g.lng, g.lat])} disabled={busy} data-testid={`gap-add-${i}`}>＋ {t('planning.addHere')}</button>}
                      </span>
                    </li>
                  ))}
                </ol>
              </>
            )}
          </section>

          <section className={`panel ${stale ? 'stale' : ''}`} data-testid="overloaded">
            <h2>
              {t('planning.overloaded')} {current && <small>({overloadedList.length})</small>}
            </h2>
            {!current ? null : overloadedList.length === 0 ? (
              <p className="empty">{t('planning.noOverloaded')}</p>
            ) : (
              <FacilityList facilities={overloadedList} ptype={view.ptype} onPick={pickAndShow} testId="overloaded-list" />
            )}
            {current && facilities.length > 0 && (
              <details className="all-facilities">
                <summary>{t('planning.allFacilities', { n: formatNumber(facilities.length, lang), type: typeWord })}</summary>
                <FacilityList facilities={byLoad} ptype={view.ptype} onPick={pickAndShow} testId="facility-list" />
              </details>
            )}
          </section>

          <SuggestPanel
            suggestion={askedNow ? suggestQuery.data : undefined}
            loading={suggestQuery.isFetching}
            error={suggestQuery.isError ? errorMessage(suggestQuery.error) : null}
            added={(s: SuggestedSite) => Boolean(scenario?.edits.some((e) => e.op === 'add' && samePoint(e, s)))}
            busy={busy}
            canEdit={canEdit}
            onAsk={(count) => setAsked({ input: { ...input, count }, version })}
            onLocate={(s) => locate([s.lng, s.lat])}
            onAdd={(s) => addAt([s.lng, s.lat], s.name)}
          />
        </aside>
      </div>
    </div>
  );
}

/** A facility's figures and the scenario's actions on it (never on the real facility). */
function FacilityFacts({ f, ptype, busy, canEdit, onMove, onClose, onReopen }: { f: PlanningFacility; ptype: ServiceType; busy: boolean; canEdit: boolean; onMove(): void; onClose(): void; onReopen(): void }) {
  const { t, lang } = useI18n();
  const type = SERVICE_TYPE[ptype];
  return (
    <>
      <p>
        <span className={`chip status-${f.status}`}>{t(`planning.status_${f.status}`)}</span>{' '}
        {f.overloaded && f.status !== 'closed' && <span className="chip warn-chip">{t('planning.overloaded')}</span>}
      </p>
      <dl className="facts">
        <dt>{t('planning.capacityLabel')}</dt>
        <dd data-testid="picked-capacity">{formatNumber(f.capacity, lang)} {CAPACITY_UNIT[type.unit][lang]}</dd>
        <dt>{t('planning.serviceLabel')}</dt>
        <dd>{t('planning.loadOf', { catchment: formatNumber(f.catchment, lang), capacity: formatNumber(f.capacity * type.servesPerUnit, lang), units: formatNumber(f.capacity, lang), unit: CAPACITY_UNIT[type.unit][lang] })}</dd>
        <dt>{t('planning.loadLabel')}</dt>
        <dd className={f.overloaded ? 'warn-text' : ''} data-testid="picked-load">{Math.round(f.load * 100)}%</dd>
      </dl>
      {canEdit && (
        <>
          <div className="row actions">
            {f.status === 'closed' ? (
              f.id !== null && <button onClick={onReopen} disabled={busy} data-testid="picked-reopen">{t('planning.undo')}</button>
            ) : (
              <>
                <button onClick={onMove} disabled={busy} data-testid="picked-move">{t('planning.toolMove')}</button>
                <button onClick={onClose} disabled={busy} data-testid="picked-close-facility">{t('planning.toolClose')}</button>
              </>
            )}
          </div>
          <p className="muted small">{t('planning.scenarioNote')}</p>
        </>
      )}
    </>
  );
}

/** Facilities as a list (the overloaded ones, or all): a name picks it on the map, with its load and capacity. */
function FacilityList({ facilities, ptype, onPick, testId }: { facilities: readonly PlanningFacility[]; ptype: ServiceType; onPick(f: PlanningFacility): void; testId: string }) {
  const { t, lang } = useI18n();
  const type = SERVICE_TYPE[ptype];
  return (
    <ul className="overloaded-list" data-testid={testId}>
      {facilities.map((f) => (
        <li key={facilityKey(f)}>
          <button className="link" onClick={() => onPick(f)}>{f.name}</button>
          {f.status !== 'existing' && <> <span className={`chip status-${f.status}`}>{t(`planning.status_${f.status}`)}</span></>}
          {f.status !== 'closed' && <span className={f.overloaded ? 'warn-text' : 'muted'}> {t('planning.load', { pct: `${Math.round(f.load * 100)}%` })}</span>}
          <br />
          <small className="muted">
            {t('planning.loadOf', {
              catchment: formatNumber(f.catchment, lang),
              capacity: formatNumber(f.capacity * type.servesPerUnit, lang),
              units: formatNumber(f.capacity, lang),
              unit: CAPACITY_UNIT[type.unit][lang],
            })}
          </small>
        </li>
      ))}
    </ul>
  );
}
