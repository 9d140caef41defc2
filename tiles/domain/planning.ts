/**
 * The planners' vocabulary: the community life circles of GB 50180-2018 (城市居住区规划设计标准) and the
 * service facilities each must hold, with their walking reach, the people they serve and how their capacity
 * is counted. Coverage, service load, scenarios, site suggestions, the planning screen, its legends and the
 * README table read these.
 */
import type { Label, Term } from './labels';

/** Walking speed used to turn minutes into metres (3.6 km/h: children and the elderly included). */
export const WALK_M_PER_MIN = 60;
/** Accepted minutes in planning requests (isochrones, coverage thresholds). */
export const PLANNING_MINUTES = { min: 1, max: 60 } as const;
/** Site suggestions asked for at once. */
export const MAX_SUGGESTIONS = 50;

export const LIFE_CIRCLES = [5, 10, 15] as const;
export type LifeCircle = (typeof LIFE_CIRCLES)[number];
/** The three circles with the walking distance GB 50180-2018 gives each. */
export const LIFE_CIRCLE: Record<LifeCircle, Term & { reachM: number; distance: Label }> = {
  5: { zh: '5分钟生活圈', en: '5-minute circle', reachM: 300, distance: { zh: '约300米', en: '~300 m' }, color: [52, 211, 153] },
  10: { zh: '10分钟生活圈', en: '10-minute circle', reachM: 500, distance: { zh: '约500米', en: '~500 m' }, color: [96, 165, 250] },
  15: { zh: '15分钟生活圈', en: '15-minute circle', reachM: 1000, distance: { zh: '800–1000米', en: '800–1,000 m' }, color: [192, 132, 252] },
};

/**
 * Who a facility serves. Each group is a column of buildings' population (counts per building, never people):
 * the three school-age bands are split from the 0–14 count by the census shares (see migration 009).
 */
export const TARGET_GROUPS = ['children_3_5', 'children_6_11', 'children_12_14', 'elderly_60_plus', 'everyone'] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];
export const TARGET_GROUP: Record<TargetGroup, Label & { column: string }> = {
  children_3_5: { zh: '学前儿童（3–6岁）', en: 'Children 3–6', column: 'pop_3_5' },
  children_6_11: { zh: '小学学龄儿童（6–12岁）', en: 'Children 6–12', column: 'pop_6_11' },
  children_12_14: { zh: '初中学龄少年（12–15岁）', en: 'Children 12–15', column: 'pop_12_14' },
  elderly_60_plus: { zh: '60岁及以上老人', en: 'Residents 60+', column: 'pop_60_plus' },
  everyone: { zh: '全体居民', en: 'All residents', column: 'population' },
};

export const CAPACITY_UNITS = ['seats', 'beds', 'sqm'] as const;
export type CapacityUnit = (typeof CAPACITY_UNITS)[number];
export const CAPACITY_UNIT: Record<CapacityUnit, Label> = {
  seats: { zh: '学位', en: 'seats' },
  beds: { zh: '床位', en: 'beds' },
  sqm: { zh: '平方米', en: 'm²' },
};

export const SERVICE_TYPES = [
  'kindergarten',
  'elderly_daycare',
  'community_service',
  'health_station',
  'primary_school',
  'market',
  'middle_school',
  'health_centre',
  'nursing_home',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export interface ServiceTypeTerm extends Term {
  /** The life circle the standard puts it in. */
  circle: LifeCircle;
  /** Walking reach in metres on the network (the circle's distance). */
  reachM: number;
  target: TargetGroup;
  unit: CapacityUnit;
  /** People of the target group one unit of capacity serves (one seat: one child; one m² of market: 12 residents). */
  servesPerUnit: number;
  /** The facility kind it is drawn as on the map (facilities.kind). */
  kind: 'service_centre' | 'elderly_care' | 'clinic' | 'school' | 'market';
}

/** The catalog (GB 50180-2018, 附录B 配套设施): circle, reach, who is served and how capacity is counted. */
export const SERVICE_TYPE: Record<ServiceType, ServiceTypeTerm> = {
  kindergarten: { zh: '幼儿园', en: 'Kindergarten', circle: 5, reachM: 300, target: 'children_3_5', unit: 'seats', servesPerUnit: 1, kind: 'school', color: [250, 204, 21] },
  elderly_daycare: { zh: '老年人日间照料中心', en: 'Elderly day care', circle: 5, reachM: 300, target: 'elderly_60_plus', unit: 'beds', servesPerUnit: 40, kind: 'elderly_care', color: [251, 146, 60] },
  community_service: { zh: '社区服务站', en: 'Community service station', circle: 5, reachM: 300, target: 'everyone', unit: 'sqm', servesPerUnit: 20, kind: 'service_centre', color: [244, 114, 182] },
  health_station: { zh: '社区卫生服务站', en: 'Community health station', circle: 5, reachM: 300, target: 'everyone', unit: 'sqm', servesPerUnit: 25, kind: 'clinic', color: [252, 165, 165] },
  primary_school: { zh: '小学', en: 'Primary school', circle: 10, reachM: 500, target: 'children_6_11', unit: 'seats', servesPerUnit: 1, kind: 'school', color: [96, 165, 250] },
  market: { zh: '菜市场', en: 'Market', circle: 10, reachM: 500, target: 'everyone', unit: 'sqm', servesPerUnit: 12, kind: 'market', color: [163, 230, 53] },
  middle_school: { zh: '初中', en: 'Middle school', circle: 15, reachM: 1000, target: 'children_12_14', unit: 'seats', servesPerUnit: 1, kind: 'school', color: [129, 140, 248] },
  health_centre: { zh: '社区卫生服务中心', en: 'Community health centre', circle: 15, reachM: 1000, target: 'everyone', unit: 'beds', servesPerUnit: 1000, kind: 'clinic', color: [248, 113, 113] },
  nursing_home: { zh: '养老院', en: 'Nursing home', circle: 15, reachM: 1000, target: 'elderly_60_plus', unit: 'beds', servesPerUnit: 25, kind: 'elderly_care', color: [217, 119, 6] },
};

/** How a scenario changes a facility, as the map compares it with today (Conveyal's blue / red / purple). */
export const SCENARIO_CHANGES = ['gained', 'lost', 'unchanged'] as const;
export type ScenarioChange = (typeof SCENARIO_CHANGES)[number];
export const SCENARIO_CHANGE: Record<ScenarioChange, Term> = {
  gained: { zh: '新增覆盖', en: 'Gained', color: [59, 130, 246] },
  lost: { zh: '失去覆盖', en: 'Lost', color: [239, 68, 68] },
  unchanged: { zh: '覆盖不变', en: 'Unchanged', color: [168, 85, 247] },
};

/** Metres a facility of this type reaches in `minutes` on foot, or its standard reach. */
export function reachOf(type: ServiceType, minutes?: number): number {
  return minutes === undefined ? SERVICE_TYPE[type].reachM : minutes * WALK_M_PER_MIN;
}
