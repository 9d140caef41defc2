/**
 * The wall's tour as a pure state machine: the display's scenes expanded into steps (the `areas` scene
 * becomes one step per sub-area), a step advanced when its dwell is over, and alerts that interrupt the
 * tour — one at a time, the others queued in arrival order — after which the tour resumes at the step it
 * left, its dwell started afresh. The wall page feeds it the clock and the alerts; tests feed it numbers.
 */
import type { WallAlertKind, WallScene, WallSceneKind } from '../../../tiles/domain/wall';

export interface TourStep {
  kind: WallSceneKind;
  /** The area the step shows: the display's area, or one sub-area for `areas`. */
  areaCode: string;
  dwellMs: number;
}

export interface WallAlert {
  /** Identity: an alert already shown or queued with the same key is not shown again. */
  key: string;
  kind: WallAlertKind;
  /** What and where, for the banner. */
  title: string;
  place: string;
  /** Since when (ms since the epoch). */
  since: number;
  caseNo: string | null;
  position: [number, number] | null;
}

export interface TourState {
  steps: TourStep[];
  index: number;
  /** When the current step (or the current alert) began. */
  stepStartedAt: number;
  alert: (WallAlert & { shownAt: number }) | null;
  queue: WallAlert[];
  /** Keys of alerts shown or queued, newest last (bounded). */
  seen: string[];
  /** Set while a person has paused the tour (playback on the wall). */
  paused: boolean;
}

export type TourAction =
  | { type: 'tick'; now: number }
  | { type: 'alert'; alert: WallAlert; now: number }
  | { type: 'steps'; steps: TourStep[]; now: number }
  | { type: 'pause'; paused: boolean; now: number }
  | { type: 'dismiss'; now: number };

const SEEN_KEEP = 500;
const QUEUE_MAX = 20;

/** The display's scenes as steps, `areas` expanded over the sub-areas (a display area without any keeps one step on itself). */
export function expandScenes(scenes: readonly WallScene[], areaCode: string, childCodes: readonly string[]): TourStep[] {
  const steps: TourStep[] = [];
  for (const s of scenes) {
    const dwellMs = s.dwellS * 1000;
    if (s.kind === 'areas' && childCodes.length > 0) {
      for (const code of childCodes) steps.push({ kind: 'areas', areaCode: code, dwellMs });
    } else {
      steps.push({ kind: s.kind, areaCode, dwellMs });
    }
  }
  return steps;
}

export function initialTour(steps: TourStep[], now: number): TourState {
  return { steps, index: 0, stepStartedAt: now, alert: null, queue: [], seen: [], paused: false };
}

/** How long an alert holds the wall. */
export function tourReducer(takeoverMs: number) {
  return (state: TourState, action: TourAction): TourState => {
    switch (action.type) {
      case 'steps': {
        // A changed configuration or new sub-areas: keep the scene being shown when it is still there.
        const current = state.steps[state.index];
        const same = current ? action.steps.findIndex((s) => s.kind === current.kind && s.areaCode === current.areaCode) : -1;
        return same >= 0 ? { ...state, steps: action.steps, index: same } : { ...state, steps: action.steps, index: 0, stepStartedAt: action.now };
      }
      case 'alert': {
        if (state.seen.includes(action.alert.key)) return state;
        const seen = [...state.seen, action.alert.key].slice(-SEEN_KEEP);
        if (!state.alert) return { ...state, seen, alert: { ...action.alert, shownAt: action.now } };
        return { ...state, seen, queue: [...state.queue, action.alert].slice(-QUEUE_MAX) };
      }
      case 'dismiss':
        return endAlert(state, action.now);
      case 'pause':
        return { ...state, paused: action.paused, stepStartedAt: action.now };
      case 'tick': {
        if (state.alert) return action.now - state.alert.shownAt >= takeoverMs ? endAlert(state, action.now) : state;
        if (state.paused || state.steps.length === 0) return state;
        const step = state.steps[state.index];
        if (action.now - state.stepStartedAt < step.dwellMs) return state;
        return { ...state, index: (state.index + 1) % state.steps.length, stepStartedAt: action.now };
      }
    }
  };
}

/** The next queued alert, or back to the tour at the step it left (its dwell from the start). */
function endAlert(state: TourState, now: number): TourState {
  if (!state.alert) return state;
  const [next, ...rest] = state.queue;
  if (next) return { ...state, alert: { ...next, shownAt: now }, queue: rest };
  return { ...state, alert: null, stepStartedAt: now };
}

/** What the wall shows now: the alert, else the step. */
export function currentStep(state: TourState): TourStep | null {
  return state.steps[state.index] ?? null;
}
