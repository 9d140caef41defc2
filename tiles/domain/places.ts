/**
 * The vocabulary of places: area levels (city → district → street → community → grid), building uses,
 * road classes, service-facility kinds and online states. Layer legends, the seed, the building card and
 * tooltips read these.
 */
import type { Label, Term } from './labels';

/** The city's own code: every area code starts with it. */
export const CITY_CODE = '3501';
/** Area codes nest by prefix: city 4 digits (3501), district 6, street 9, community 12, grid 15. */
export const AREA_CODE_PATTERN = /^\d{4}(\d{2}(\d{3}(\d{3}(\d{3})?)?)?)?$/;
export const AREA_CODE_HINT = 'an area code has 4, 6, 9, 12 or 15 digits, e.g. 3501, 350102, 350102004';

export const AREA_LEVELS = ['city', 'district', 'street', 'community', 'grid'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];
export const AREA_LEVEL: Record<AreaLevel | 'building', Label> = {
  city: { zh: '市', en: 'City' },
  district: { zh: '区县', en: 'District' },
  street: { zh: '街道/乡镇', en: 'Street / town' },
  community: { zh: '社区/村', en: 'Community / village' },
  grid: { zh: '网格', en: 'Grid' },
  building: { zh: '建筑', en: 'Building' },
};
/** How the area boundaries are coloured on the map. */
export const AREA_LEVEL_COLOR: Record<'district' | 'street' | 'community', Term> = {
  district: { ...AREA_LEVEL.district, color: [56, 189, 248] },
  street: { ...AREA_LEVEL.street, color: [129, 140, 248] },
  community: { ...AREA_LEVEL.community, color: [45, 212, 191] },
};

export const BUILDING_USES = ['residential', 'commercial', 'office', 'public', 'mixed', 'industrial'] as const;
export type BuildingUse = (typeof BUILDING_USES)[number];
export const BUILDING_USE: Record<BuildingUse, Term> = {
  residential: { zh: '住宅', en: 'Residential', color: [96, 165, 250] },
  commercial: { zh: '商业', en: 'Commercial', color: [251, 146, 60] },
  office: { zh: '办公', en: 'Office', color: [167, 139, 250] },
  public: { zh: '公共服务', en: 'Public', color: [52, 211, 153] },
  mixed: { zh: '商住混合', en: 'Mixed', color: [244, 114, 182] },
  industrial: { zh: '工业', en: 'Industrial', color: [161, 161, 170] },
};

export const ROAD_CLASSES = ['arterial', 'local'] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];
export const ROAD_CLASS: Record<RoadClass, Term> = {
  arterial: { zh: '主干道', en: 'Arterial', color: [100, 116, 139] },
  local: { zh: '支路', en: 'Local street', color: [51, 65, 85] },
};

export const FACILITY_KINDS = ['service_centre', 'elderly_care', 'clinic', 'school', 'market', 'kiosk'] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];
export const FACILITY_KIND: Record<FacilityKind, Term> = {
  service_centre: { zh: '社区服务中心', en: 'Service centre', color: [244, 114, 182] },
  elderly_care: { zh: '养老服务', en: 'Elderly care', color: [251, 191, 36] },
  clinic: { zh: '卫生服务', en: 'Clinic', color: [248, 113, 113] },
  school: { zh: '学校', en: 'School', color: [96, 165, 250] },
  market: { zh: '农贸市场', en: 'Market', color: [163, 230, 53] },
  kiosk: { zh: '政务自助终端', en: 'E-service kiosk', color: [192, 132, 252] },
};

/** Cameras and devices are online or offline. */
export const ONLINE_STATES = ['online', 'offline'] as const;
export type OnlineState = (typeof ONLINE_STATES)[number];
export const ONLINE_STATE: Record<OnlineState, Term> = {
  online: { zh: '在线', en: 'Online', color: [34, 211, 238] },
  offline: { zh: '离线', en: 'Offline', color: [100, 116, 139] },
};
