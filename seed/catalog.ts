/**
 * Fixed vocabularies of the seeded city: the digital urban-management incident classification
 * (事件 events / 部件 components, major class → minor class) and the weights the generator draws channels and
 * statuses by. The terms themselves (case statuses and channels, facility kinds, building uses) are the
 * shared vocabulary in tiles/domain.
 */
import type { CaseSource, CaseStatus } from '../tiles/domain';

export interface IncidentType {
  code: string;
  category: 'event' | 'component';
  major: string;
  name: string;
  nameEn: string;
  /** Relative frequency in the seeded history. */
  weight: number;
}

const E = 'event' as const;
const C = 'component' as const;

export const INCIDENT_TYPES: IncidentType[] = [
  { code: 'SJ0101', category: E, major: '市容环境', name: '暴露垃圾', nameEn: 'Exposed garbage', weight: 14 },
  { code: 'SJ0102', category: E, major: '市容环境', name: '积存垃圾渣土', nameEn: 'Accumulated debris', weight: 6 },
  { code: 'SJ0103', category: E, major: '市容环境', name: '道路不洁', nameEn: 'Dirty road surface', weight: 7 },
  { code: 'SJ0104', category: E, major: '市容环境', name: '水域不洁', nameEn: 'Polluted waterway', weight: 2 },
  { code: 'SJ0201', category: E, major: '宣传广告', name: '非法小广告', nameEn: 'Illegal flyers', weight: 8 },
  { code: 'SJ0202', category: E, major: '宣传广告', name: '违规户外广告', nameEn: 'Unlicensed billboard', weight: 3 },
  { code: 'SJ0203', category: E, major: '宣传广告', name: '乱涂乱画', nameEn: 'Graffiti', weight: 2 },
  { code: 'SJ0301', category: E, major: '施工管理', name: '施工扰民', nameEn: 'Construction noise', weight: 4 },
  { code: 'SJ0302', category: E, major: '施工管理', name: '工地扬尘', nameEn: 'Construction dust', weight: 3 },
  { code: 'SJ0303', category: E, major: '施工管理', name: '道路遗撒', nameEn: 'Spilled load on road', weight: 2 },
  { code: 'SJ0304', category: E, major: '施工管理', name: '违法建设', nameEn: 'Illegal construction', weight: 3 },
  { code: 'SJ0401', category: E, major: '突发事件', name: '路面塌陷', nameEn: 'Road collapse', weight: 1 },
  { code: 'SJ0402', category: E, major: '突发事件', name: '供水管爆裂', nameEn: 'Burst water main', weight: 1 },
  { code: 'SJ0403', category: E, major: '突发事件', name: '道路积水', nameEn: 'Waterlogged road', weight: 2 },
  { code: 'SJ0404', category: E, major: '突发事件', name: '燃气泄漏', nameEn: 'Gas leak', weight: 0.5 },
  // Raised by sensors and video analytics (物联感知), not in the seeded history.
  { code: 'SJ0405', category: E, major: '突发事件', name: '火灾烟雾报警', nameEn: 'Fire or smoke alarm', weight: 0 },
  { code: 'SJ0406', category: E, major: '突发事件', name: '房屋安全隐患', nameEn: 'Building safety hazard', weight: 0 },
  { code: 'SJ0501', category: E, major: '街面秩序', name: '占道经营', nameEn: 'Street vending', weight: 9 },
  { code: 'SJ0502', category: E, major: '街面秩序', name: '店外经营', nameEn: 'Trading outside shop', weight: 6 },
  { code: 'SJ0503', category: E, major: '街面秩序', name: '机动车乱停放', nameEn: 'Illegal car parking', weight: 10 },
  { code: 'SJ0504', category: E, major: '街面秩序', name: '非机动车乱停放', nameEn: 'Bicycles parked badly', weight: 6 },
  { code: 'SJ0505', category: E, major: '街面秩序', name: '人员聚集', nameEn: 'Crowding', weight: 0 },
  { code: 'BJ0101', category: C, major: '公共设施', name: '井盖破损', nameEn: 'Damaged manhole cover', weight: 3 },
  { code: 'BJ0102', category: C, major: '公共设施', name: '路灯故障', nameEn: 'Street lamp out', weight: 4 },
  { code: 'BJ0103', category: C, major: '公共设施', name: '消防栓损坏', nameEn: 'Damaged fire hydrant', weight: 1 },
  { code: 'BJ0201', category: C, major: '交通设施', name: '交通信号灯故障', nameEn: 'Traffic light fault', weight: 1.5 },
  { code: 'BJ0202', category: C, major: '交通设施', name: '交通标志牌损坏', nameEn: 'Damaged traffic sign', weight: 1.5 },
  { code: 'BJ0203', category: C, major: '交通设施', name: '护栏损坏', nameEn: 'Damaged guardrail', weight: 1.5 },
  { code: 'BJ0301', category: C, major: '市容环境设施', name: '垃圾箱破损', nameEn: 'Broken litter bin', weight: 2 },
  { code: 'BJ0302', category: C, major: '市容环境设施', name: '公厕设施损坏', nameEn: 'Public toilet fault', weight: 1 },
  { code: 'BJ0401', category: C, major: '园林绿化设施', name: '行道树倒伏', nameEn: 'Fallen street tree', weight: 1.5 },
  { code: 'BJ0402', category: C, major: '园林绿化设施', name: '绿地破坏', nameEn: 'Damaged green space', weight: 2 },
];

/** Channels of the seeded history, by relative frequency. */
export const INCIDENT_SOURCES = [
  ['hotline_12345', 30],
  ['snapshot', 15],
  ['patrol', 35],
  ['video', 15],
  ['iot', 5],
] as const satisfies readonly (readonly [CaseSource, number])[];

/** Statuses of the seeded cases still open at "now", by relative frequency; the rest are closed. */
export const OPEN_STATUS_WEIGHTS = [
  ['registered', 15],
  ['dispatched', 25],
  ['handling', 40],
  ['verifying', 20],
] as const satisfies readonly (readonly [CaseStatus, number])[];

/** The five districts of the urban core: denser, taller, more cameras. */
export const URBAN_DISTRICTS = new Set(['350102', '350103', '350104', '350105', '350111']);
/** The old town (三坊七巷, 东街口): density falls off with distance from here. */
export const CITY_CENTRE: [number, number] = [119.2965, 26.0785];

export const ROAD_NAME_ROOTS = [
  '八一七', '五一', '五四', '六一', '东街', '杨桥', '湖东', '古田', '华林', '北环', '西二环', '福飞', '工业', '白马',
  '鼓屏', '铜盘', '温泉', '湖滨', '乌山', '南后', '通湖', '安泰', '达明', '江滨', '洪山', '梦山', '屏山', '树兜',
  '福新', '长乐', '连江', '国货', '群众', '宁化', '鳌峰', '茶亭', '六一中', '浦上', '首山', '金山', '闽江', '福马',
  '晋连', '岳峰', '象园', '新店', '秀峰', '金榕', '金洲', '建新', '盖山', '上渡', '仓前', '马江', '罗星', '君竹',
];
export const ROAD_SUFFIXES = ['路', '路', '路', '街', '大道', '巷', '支路'];
