/**
 * The wall's logic without a browser: the tour's scenes and their order, alerts taking over and queueing,
 * the tour resuming where it left; what counts as an alert; how the design canvas fits screens of every shape.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DEFAULT_WALL_SCENES, OVERDUE_SURGE_COUNT, WALL_DESIGN_HEIGHT, WALL_DESIGN_WIDTH, WALL_SCENE, WALL_SCENES } from '../../tiles/domain/wall';
import { currentStep, expandScenes, initialTour, tourReducer, type TourState, type WallAlert } from '../../web/src/wall/tour';
import { alarmAlerts, escalationAlerts, levelOfArea, overdueSurge, recordOverdue } from '../../web/src/wall/alerts';
import { fitCanvas, mapPadding, WALL_PANEL } from '../../web/src/wall/fit';

const alertOf = (key: string, kind: WallAlert['kind'] = 'alarm'): WallAlert => ({ key, kind, title: key, place: 'here', since: 0, caseNo: null, position: [119.3, 26.08] });

describe('the tour', () => {
  const scenes = [
    { kind: 'overview' as const, dwellS: 30 },
    { kind: 'areas' as const, dwellS: 10 },
    { kind: 'sensing' as const, dwellS: 20 },
  ];

  it('expands the areas scene into one step per sub-area, in the configured order', () => {
    const steps = expandScenes(scenes, '350102', ['350102001', '350102002']);
    expect(steps.map((s) => `${s.kind}@${s.areaCode}/${s.dwellMs}`)).toEqual([
      'overview@350102/30000', 'areas@350102001/10000', 'areas@350102002/10000', 'sensing@350102/20000',
    ]);
    // An area without sub-areas keeps the scene, on itself.
    expect(expandScenes(scenes, '350102004001001', []).map((s) => s.kind)).toEqual(['overview', 'areas', 'sensing']);
    expect(expandScenes(DEFAULT_WALL_SCENES, '3501', []).length).toBe(DEFAULT_WALL_SCENES.length);
  });

  it('advances each step after its dwell and wraps around', () => {
    const steps = expandScenes(scenes, '350102', ['350102001', '350102002']);
    const reduce = tourReducer(30_000);
    let s = initialTour(steps, 0);
    const seen: string[] = [];
    for (let now = 0; now <= 150_000; now += 1000) {
      s = reduce(s, { type: 'tick', now });
      const step = currentStep(s)!;
      const id = `${step.kind}@${step.areaCode}`;
      if (seen[seen.length - 1] !== id) seen.push(id);
    }
    expect(seen).toEqual([
      'overview@350102', 'areas@350102001', 'areas@350102002', 'sensing@350102', 'overview@350102', 'areas@350102001', 'areas@350102002', 'sensing@350102',
      'overview@350102',
    ]);
    // Dwell times hold: the overview shows 30 s, each sub-area 10 s.
    s = initialTour(steps, 0);
    s = reduce(s, { type: 'tick', now: 29_999 });
    expect(s.index).toBe(0);
    s = reduce(s, { type: 'tick', now: 30_000 });
    expect(s.index).toBe(1);
    s = reduce(s, { type: 'tick', now: 39_999 });
    expect(s.index).toBe(1);
  });

  it('lets an alert take over, queues the others in order, then resumes the step it left', () => {
    const steps = expandScenes(scenes, '350102', ['350102001']);
    const reduce = tourReducer(30_000);
    let s: TourState = initialTour(steps, 0);
    s = reduce(s, { type: 'tick', now: 35_000 }); // on the sub-area now
    expect(s.index).toBe(1);
    s = reduce(s, { type: 'alert', alert: alertOf('alarm:1'), now: 36_000 });
    s = reduce(s, { type: 'alert', alert: alertOf('case:7', 'escalation'), now: 37_000 });
    s = reduce(s, { type: 'alert', alert: alertOf('alarm:1'), now: 38_000 }); // the same one again: ignored
    s = reduce(s, { type: 'alert', alert: alertOf('overdue:5', 'overdue'), now: 39_000 });
    expect(s.alert?.key).toBe('alarm:1');
    expect(s.queue.map((a) => a.key)).toEqual(['case:7', 'overdue:5']);
    const shown: string[] = [];
    for (let now = 36_000; now <= 200_000; now += 1000) {
      s = reduce(s, { type: 'tick', now });
      const key = s.alert?.key ?? `step${s.index}`;
      if (shown[shown.length - 1] !== key) shown.push(key);
      // The tour does not move while an alert holds the wall.
      if (s.alert) expect(s.index).toBe(1);
    }
    // Each alert for 30 s, in arrival order, then back to the sub-area (its dwell afresh), then on.
    expect(shown.slice(0, 5)).toEqual(['alarm:1', 'case:7', 'overdue:5', 'step1', 'step2']);
    s = reduce(initialTour(steps, 0), { type: 'alert', alert: alertOf('x'), now: 1000 });
    s = reduce(s, { type: 'tick', now: 31_000 });
    expect(s.alert).toBeNull();
    expect(s.stepStartedAt).toBe(31_000);
    expect(s.index).toBe(0);
  });

  it('is paused by playback and dismissed alerts end early', () => {
    const reduce = tourReducer(30_000);
    let s = initialTour(expandScenes(scenes, '350102', []), 0);
    s = reduce(s, { type: 'pause', paused: true, now: 0 });
    s = reduce(s, { type: 'tick', now: 500_000 });
    expect(s.index).toBe(0);
    s = reduce(s, { type: 'alert', alert: alertOf('a'), now: 500_000 });
    s = reduce(s, { type: 'dismiss', now: 501_000 });
    expect(s.alert).toBeNull();
  });

  it('keeps the step being shown when the configuration is refreshed', () => {
    const reduce = tourReducer(30_000);
    let s = initialTour(expandScenes(scenes, '350102', ['350102001', '350102002']), 0);
    s = reduce(s, { type: 'tick', now: 30_000 });
    s = reduce(s, { type: 'tick', now: 40_000 });
    expect(currentStep(s)?.areaCode).toBe('350102002');
    s = reduce(s, { type: 'steps', steps: expandScenes(scenes, '350102', ['350102002', '350102003']), now: 42_000 });
    expect(currentStep(s)?.areaCode).toBe('350102002');
    expect(s.stepStartedAt).toBe(40_000);
  });
});

describe('what takes over the wall', () => {
  it('takes critical alarms raised since the wall started, oldest first', () => {
    const a = (id: number, severity: string, firstAt: string) => ({ id, severity, label: { zh: '烟雾报警', en: 'Smoke' }, firstAt, center: [119.3, 26.1] as [number, number], incident: id === 3 ? { caseNo: 'FZ1' } : null, place: 'p' });
    const since = Date.parse('2026-12-04T10:00:00Z');
    const found = alarmAlerts([a(1, 'critical', '2026-12-04T09:59:00Z'), a(2, 'major', '2026-12-04T10:01:00Z'), a(4, 'critical', '2026-12-04T10:05:00Z'), a(3, 'critical', '2026-12-04T10:02:00Z')], since, 'en');
    expect(found.map((x) => x.key)).toEqual(['alarm:3', 'alarm:4']);
    expect(found[0]).toMatchObject({ kind: 'alarm', title: 'Smoke', caseNo: 'FZ1' });
  });

  it('takes cases escalated or called up to the display level only', () => {
    const c = (id: number, action: string, level: string) => ({ id, incidentId: id, action, level, caseNo: `FZ${id}`, typeName: 't', place: 'p', at: '2026-12-04T10:00:00Z', lng: 119.3, lat: 26.1 });
    expect(levelOfArea('350102')).toBe('district');
    expect(levelOfArea('3501')).toBe('city');
    expect(levelOfArea('350102004')).toBe('street');
    const found = escalationAlerts([c(5, 'escalate', 'district'), c(2, 'call_up', 'district'), c(3, 'escalate', 'street'), c(4, 'dispatch', 'district')], 'district');
    expect(found.map((x) => x.key)).toEqual(['case:2', 'case:5']);
    expect(escalationAlerts([c(5, 'escalate', 'district')], null)).toEqual([]);
  });

  it('finds an overdue surge within the window, not a slow rise', () => {
    let samples = recordOverdue([], { at: 0, count: 10 });
    samples = recordOverdue(samples, { at: 60_000, count: 12 });
    expect(overdueSurge(samples)).toBeNull();
    samples = recordOverdue(samples, { at: 120_000, count: 10 + OVERDUE_SURGE_COUNT });
    expect(overdueSurge(samples)).toEqual({ from: 10, to: 10 + OVERDUE_SURGE_COUNT, since: 0 });
    // The same rise spread over an hour is no surge: the window forgets the low point.
    let slow = recordOverdue([], { at: 0, count: 10 });
    for (let m = 10; m <= 60; m += 10) slow = recordOverdue(slow, { at: m * 60_000, count: 10 + m / 10 });
    expect(overdueSurge(slow)).toBeNull();
  });
});

describe('the design canvas', () => {
  const screens: [number, number][] = [[1920, 1080], [3840, 2160], [5760, 2160], [7680, 2160], [1366, 768], [1080, 1920]];

  it('fits every screen without leaving it, letterboxed or stretched', () => {
    for (const [w, h] of screens) {
      for (const fit of ['letterbox', 'stretch'] as const) {
        const f = fitCanvas(w, h, fit);
        expect(f.left).toBeGreaterThanOrEqual(0);
        expect(f.top).toBeGreaterThanOrEqual(0);
        expect(f.left + f.width * f.scale).toBeLessThanOrEqual(w + 1e-6);
        expect(f.top + f.height * f.scale).toBeLessThanOrEqual(h + 1e-6);
        // The design is never squeezed: at least the 1920×1080 canvas in design pixels.
        expect(f.width).toBeGreaterThanOrEqual(WALL_DESIGN_WIDTH - 1e-6);
        expect(f.height).toBeGreaterThanOrEqual(WALL_DESIGN_HEIGHT - 1e-6);
      }
    }
    expect(fitCanvas(3840, 2160, 'letterbox')).toEqual({ scale: 2, width: 1920, height: 1080, left: 0, top: 0 });
    expect(fitCanvas(7680, 2160, 'letterbox')).toEqual({ scale: 2, width: 1920, height: 1080, left: 1920, top: 0 });
    expect(fitCanvas(7680, 2160, 'stretch')).toEqual({ scale: 2, width: 3840, height: 1080, left: 0, top: 0 });
  });

  it('keeps the map framing clear of the panels', () => {
    const p = mapPadding(fitCanvas(7680, 2160, 'stretch'));
    expect(p).toEqual({ left: WALL_PANEL.side * 2, right: WALL_PANEL.side * 2, top: WALL_PANEL.top * 2, bottom: WALL_PANEL.bottom * 2 });
    const q = mapPadding(fitCanvas(7680, 2160, 'letterbox'));
    expect(q.left).toBe(1920 + WALL_PANEL.side * 2);
    expect(q.right).toBe(1920 + WALL_PANEL.side * 2);
  });
});

describe('the README', () => {
  it('lists exactly the scenes of the vocabulary, in its order', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('## The command-centre wall'), readme.indexOf('## The seeded city'));
    const rows = [...section.matchAll(/^\| `(\w+)` (\S+) \|/gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(WALL_SCENES.map((k) => [k, WALL_SCENE[k].zh]));
  });
});
