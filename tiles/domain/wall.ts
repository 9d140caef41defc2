/**
 * The command-centre wall (指挥大屏): the scenes a display tours, how its panels fit the screen, what
 * interrupts the tour, and the time-playback windows. The server stores a display's scenes in these
 * terms (admin.createDisplay), the wall page plays them, the README lists them.
 */
import type { Label } from './labels';

export const WALL_SCENES = [
  'overview', // the display's whole area: figures, open cases by sub-area, the map of everything
  'areas', // each sub-area of the display's area in turn (the districts of the city, the streets of a district …)
  'live', // live cases: the feed of changes and the hot spots of the last 24 hours
  'sensing', // alarms, offline devices, parking
  'kpis', // the leaders' figures of this month and the ranking of the sub-areas
] as const;
export type WallSceneKind = (typeof WALL_SCENES)[number];

export const WALL_SCENE: Record<WallSceneKind, Label & { dwellS: number }> = {
  overview: { zh: '全域总览', en: 'Overview', dwellS: 30 },
  areas: { zh: '分区巡览', en: 'Areas in turn', dwellS: 12 },
  live: { zh: '实时案件与热点', en: 'Live cases and hot spots', dwellS: 30 },
  sensing: { zh: '物联感知', en: 'Sensing', dwellS: 30 },
  kpis: { zh: '考核指标', en: 'Performance', dwellS: 30 },
};

/** One step of a display's tour: a scene and how long it stays (for `areas`: per sub-area). */
export interface WallScene {
  kind: WallSceneKind;
  dwellS: number;
}

export const WALL_DWELL_MIN_S = 5;
export const WALL_DWELL_MAX_S = 600;
export const WALL_SCENES_MAX = 12;

/** The tour a display gets when its administrator names none. */
export const DEFAULT_WALL_SCENES: readonly WallScene[] = WALL_SCENES.map((kind) => ({ kind, dwellS: WALL_SCENE[kind].dwellS }));

/**
 * How the 1920×1080 design canvas of the side panels meets the screen. `letterbox`: scaled by the smaller
 * ratio and centred, the rest left to the map. `stretch`: scaled by the height and widened to the screen's
 * width, so the side panels sit at the screen's edges of a wide wall (the type is never distorted).
 * The map is never scaled: it is drawn at the screen's own resolution either way.
 */
export const WALL_FITS = ['letterbox', 'stretch'] as const;
export type WallFit = (typeof WALL_FITS)[number];
export const WALL_FIT: Record<WallFit, Label> = {
  letterbox: { zh: '等比居中', en: 'Letterbox' },
  stretch: { zh: '铺满宽度', en: 'Stretch to width' },
};

export const WALL_DESIGN_WIDTH = 1920;
export const WALL_DESIGN_HEIGHT = 1080;

/** How long an alert holds the wall before the tour resumes (default; per display 10–300 s). */
export const WALL_TAKEOVER_S = 30;
export const WALL_TAKEOVER_MIN_S = 10;
export const WALL_TAKEOVER_MAX_S = 300;

/** What interrupts a tour. */
export const WALL_ALERTS = ['alarm', 'escalation', 'overdue'] as const;
export type WallAlertKind = (typeof WALL_ALERTS)[number];
export const WALL_ALERT: Record<WallAlertKind, Label> = {
  alarm: { zh: '紧急告警', en: 'Urgent alarm' },
  escalation: { zh: '案件上报', en: 'Case escalated' },
  overdue: { zh: '超期激增', en: 'Overdue surge' },
};
/** An overdue surge: this many more overdue cases than the lowest count of the last OVERDUE_SURGE_WINDOW_MIN minutes. */
export const OVERDUE_SURGE_COUNT = 5;
export const OVERDUE_SURGE_WINDOW_MIN = 15;

/** Time playback: the windows the slider spans, and the longest window incident.timeline answers. */
export const PLAYBACK_WINDOWS = ['24h', '7d'] as const;
export type PlaybackWindow = (typeof PLAYBACK_WINDOWS)[number];
export const PLAYBACK_WINDOW_MS: Record<PlaybackWindow, number> = { '24h': 24 * 3600_000, '7d': 7 * 24 * 3600_000 };
export const TIMELINE_MAX_DAYS = 7;
/** Playback speeds: simulated seconds per real second. */
export const PLAYBACK_SPEEDS = [60, 300, 1800, 7200] as const;
