/**
 * UI strings, Chinese first (the default) and English. `t(key, vars)` fills `{name}` placeholders.
 * Layer titles and legends live in the layer registry (tiles/layers.ts), not here.
 */
import { createContext, useContext } from 'react';

export type Lang = 'zh' | 'en';

const zh = {
  appTitle: '城市大脑',
  appSubtitle: '一张图 · 一网统管',
  loading: '加载中…',
  loadingTiles: '正在加载 {n} 个瓦片',
  searchPlaceholder: '搜索区域、地址或门牌码（按 / 聚焦）',
  searchNoResults: '没有找到“{q}”',
  searchAreas: '区域',
  searchBuildings: '建筑',
  searching: '搜索中…',
  languageSwitch: 'English',
  layers: '图层',
  legend: '图例',
  figures: '概况',
  population: '常住人口',
  households: '户数',
  buildings: '建筑',
  facilities: '服务设施',
  openIncidents: '在办事件',
  camerasOnline: '摄像头在线',
  parkingFree: '空闲车位',
  children: '下级区域',
  compareChildren: '下级对比',
  noChildren: '网格是最小的管理单元：在地图上点击建筑查看详情。',
  noData: '暂无数据',
  backToCity: '返回全市',
  up: '返回上级',
  errorTitle: '出错了',
  retry: '重试',
  close: '关闭',
  tileError: '瓦片加载失败：{message}',
  buildingCard: '建筑档案',
  address: '地址',
  doorplate: '门牌码',
  use: '用途',
  floors: '层数',
  height: '高度',
  builtYear: '建成年份',
  populationByAge: '人口年龄结构',
  age0to14: '0–14 岁',
  age15to59: '15–59 岁',
  age60plus: '60 岁以上',
  nearbyFacilities: '周边设施',
  recentIncidents: '近期事件',
  none: '无',
  metres: '米',
  persons: '人',
  units: '个',
  floorsUnit: '层',
  level_city: '市',
  level_district: '区县',
  level_street: '街道/乡镇',
  level_community: '社区/村',
  level_grid: '网格',
  level_building: '建筑',
  use_residential: '住宅',
  use_commercial: '商业',
  use_office: '办公',
  use_public: '公共服务',
  use_mixed: '商住混合',
  use_industrial: '工业',
  status_registered: '受理立案',
  status_dispatched: '批转派遣',
  status_handling: '办理反馈',
  status_verifying: '核查',
  status_closed: '办结',
  clickToDrill: '点击进入',
  clickForCard: '点击查看建筑档案',
  count: '数量',
  open: '在办',
  capacity: '车位',
  free: '空闲',
  online: '在线',
  offline: '离线',
  keyboardHelp: '快捷键：/ 搜索 · Esc 关闭 · Backspace 返回上级',
  source_hotline_12345: '12345 热线',
  source_snapshot: '随手拍',
  source_patrol: '网格巡查',
  source_video: '视频发现',
  source_iot: '物联感知',
  kind_service_centre: '社区服务中心',
  kind_elderly_care: '养老服务',
  kind_clinic: '卫生服务',
  kind_school: '学校',
  kind_market: '农贸市场',
  kind_kiosk: '政务自助终端',
  databaseEmbedded: '内置数据库',
  databasePostgres: 'PostgreSQL',
};

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  appTitle: 'City Brain',
  appSubtitle: 'One map · one network',
  loading: 'Loading…',
  loadingTiles: 'Loading {n} tiles',
  searchPlaceholder: 'Search areas, addresses or doorplate codes (press /)',
  searchNoResults: 'Nothing found for “{q}”',
  searchAreas: 'Areas',
  searchBuildings: 'Buildings',
  searching: 'Searching…',
  languageSwitch: '中文',
  layers: 'Layers',
  legend: 'Legend',
  figures: 'Overview',
  population: 'Population',
  households: 'Households',
  buildings: 'Buildings',
  facilities: 'Facilities',
  openIncidents: 'Open cases',
  camerasOnline: 'Cameras online',
  parkingFree: 'Free parking',
  children: 'Sub-areas',
  compareChildren: 'Sub-areas compared',
  noChildren: 'A grid is the smallest unit: click a building on the map for its card.',
  noData: 'No data',
  backToCity: 'Back to the city',
  up: 'Up one level',
  errorTitle: 'Something went wrong',
  retry: 'Retry',
  close: 'Close',
  tileError: 'A map tile failed to load: {message}',
  buildingCard: 'Building',
  address: 'Address',
  doorplate: 'Doorplate code',
  use: 'Use',
  floors: 'Floors',
  height: 'Height',
  builtYear: 'Built',
  populationByAge: 'Residents by age',
  age0to14: '0–14',
  age15to59: '15–59',
  age60plus: '60+',
  nearbyFacilities: 'Nearby facilities',
  recentIncidents: 'Recent cases',
  none: 'None',
  metres: 'm',
  persons: '',
  units: '',
  floorsUnit: '',
  level_city: 'City',
  level_district: 'District',
  level_street: 'Street / town',
  level_community: 'Community / village',
  level_grid: 'Grid',
  level_building: 'Building',
  use_residential: 'Residential',
  use_commercial: 'Commercial',
  use_office: 'Office',
  use_public: 'Public',
  use_mixed: 'Mixed',
  use_industrial: 'Industrial',
  status_registered: 'Registered',
  status_dispatched: 'Dispatched',
  status_handling: 'Handling',
  status_verifying: 'Verifying',
  status_closed: 'Closed',
  clickToDrill: 'Click to open',
  clickForCard: 'Click for the building card',
  count: 'Count',
  open: 'open',
  capacity: 'spaces',
  free: 'free',
  online: 'online',
  offline: 'offline',
  keyboardHelp: 'Keys: / search · Esc close · Backspace up one level',
  source_hotline_12345: '12345 hotline',
  source_snapshot: 'Snapshot app',
  source_patrol: 'Grid patrol',
  source_video: 'Video',
  source_iot: 'IoT sensor',
  kind_service_centre: 'Service centre',
  kind_elderly_care: 'Elderly care',
  kind_clinic: 'Clinic',
  kind_school: 'School',
  kind_market: 'Market',
  kind_kiosk: 'E-service kiosk',
  databaseEmbedded: 'embedded database',
  databasePostgres: 'PostgreSQL',
};

const MESSAGES: Record<Lang, Record<MessageKey, string>> = { zh, en };

/** A translated enum value (`status_closed`, `use_office`…), or the raw value when there is no entry. */
export function label(t: Translate, prefix: string, value: string): string {
  const key = `${prefix}_${value}` as MessageKey;
  const s = t(key);
  return s === key ? value : s;
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  const table = MESSAGES[lang];
  return (key, vars) => {
    let s = table[key] ?? key;
    if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
    return s;
  };
}

/** Numbers as the language writes them: 12,345 or 1.2万 for large Chinese figures. */
export function formatNumber(n: number, lang: Lang): string {
  if (lang === 'zh' && Math.abs(n) >= 100_000) return `${(n / 10_000).toFixed(1)}万`;
  return n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');
}

export const I18nContext = createContext<{ lang: Lang; t: Translate }>({ lang: 'zh', t: translator('zh') });
export const useI18n = () => useContext(I18nContext);
