/**
 * What the city senses (物联感知): device kinds with their metrics, valid ranges and alarm rules, and the
 * video-analytics events cameras raise. One definition used by the seed, ingest, the alarm rules, the
 * simulator and the dashboard (legends, units, chart labels). Plain data only: the browser imports it.
 */
import type { Label, Rgb, Term } from './labels';

export const SEVERITIES = ['critical', 'major', 'minor'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY: Record<Severity, Term> = {
  critical: { zh: '紧急', en: 'Critical', color: [239, 68, 68] },
  major: { zh: '重要', en: 'Major', color: [249, 115, 22] },
  minor: { zh: '一般', en: 'Minor', color: [250, 204, 21] },
};

export const ALARM_STATUSES = ['open', 'acknowledged', 'closed'] as const;
export type AlarmStatus = (typeof ALARM_STATUSES)[number];
export const ALARM_STATUS: Record<AlarmStatus, Label> = {
  open: { zh: '待确认', en: 'Open' },
  acknowledged: { zh: '已确认', en: 'Acknowledged' },
  closed: { zh: '已关闭', en: 'Closed' },
};
/** Case priority (1 most urgent) of a case opened by an alarm of this severity. */
export const PRIORITY_OF: Record<Severity, number> = { critical: 1, major: 2, minor: 3 };

export interface MetricDefinition {
  /** Stored in readings.metric (smallint): never renumber. */
  id: number;
  zh: string;
  en: string;
  unit: string;
  /** Values outside [min, max] are refused at ingest: the sensor is broken or the message garbled. */
  min: number;
  max: number;
  /** Everyday values, for the simulator and the seeded history. */
  normal: [number, number];
  /** Aggregate per bucket in charts: mean of a level, sum of a count. */
  aggregate: 'avg' | 'sum' | 'max';
}

export const METRICS = {
  smoke: { id: 1, zh: '烟雾浓度', en: 'Smoke', unit: '%/m', min: 0, max: 100, normal: [0, 1.5], aggregate: 'max' },
  temperature: { id: 2, zh: '温度', en: 'Temperature', unit: '°C', min: -40, max: 150, normal: [14, 32], aggregate: 'max' },
  tilt: { id: 3, zh: '井盖倾角', en: 'Cover tilt', unit: '°', min: 0, max: 90, normal: [0, 2], aggregate: 'max' },
  fill: { id: 4, zh: '满溢度', en: 'Fill level', unit: '%', min: 0, max: 100, normal: [5, 80], aggregate: 'max' },
  rain: { id: 5, zh: '降雨强度', en: 'Rainfall', unit: 'mm/h', min: 0, max: 300, normal: [0, 4], aggregate: 'max' },
  pm25: { id: 6, zh: 'PM2.5', en: 'PM2.5', unit: 'µg/m³', min: 0, max: 1000, normal: [12, 60], aggregate: 'avg' },
  noise: { id: 7, zh: '噪声', en: 'Noise', unit: 'dB(A)', min: 20, max: 140, normal: [42, 68], aggregate: 'avg' },
  building_tilt: { id: 8, zh: '房屋倾斜率', en: 'Building tilt', unit: '‰', min: 0, max: 100, normal: [0.5, 3], aggregate: 'max' },
  crack: { id: 9, zh: '裂缝宽度', en: 'Crack width', unit: 'mm', min: 0, max: 50, normal: [0.05, 0.6], aggregate: 'max' },
  passages: { id: 10, zh: '通行人次', en: 'Passages', unit: '', min: 0, max: 10000, normal: [0, 120], aggregate: 'sum' },
  power: { id: 11, zh: '功率', en: 'Power', unit: 'W', min: 0, max: 1000, normal: [0, 180], aggregate: 'avg' },
  lamp_fault: { id: 12, zh: '灯具故障', en: 'Lamp fault', unit: '', min: 0, max: 1, normal: [0, 0], aggregate: 'max' },
  occupied: { id: 13, zh: '占用车位', en: 'Occupied spaces', unit: '', min: 0, max: 5000, normal: [0, 0], aggregate: 'avg' },
} as const satisfies Record<string, MetricDefinition>;
export type MetricKey = keyof typeof METRICS;

export function metricById(id: number): [MetricKey, MetricDefinition] | undefined {
  return (Object.entries(METRICS) as [MetricKey, MetricDefinition][]).find(([, m]) => m.id === id);
}

export interface AlarmRule {
  /** Stored in alarms.rule. */
  id: string;
  zh: string;
  en: string;
  severity: Severity;
  /** 'above': value ≥ threshold; 'rate': rise per day between two readings at least an hour apart ≥ threshold. */
  test: 'above' | 'rate';
  metric: MetricKey;
  threshold: number;
  /** The case type an alarm of this rule opens (in the workflow, linked both ways); none: alarm only. */
  caseType?: string;
  /** Another breach of the same rule by the same device within this window counts on the open alarm. */
  dedupMinutes: number;
}

export type DeviceKind = 'smoke' | 'fire' | 'manhole' | 'garbage' | 'environment' | 'building_safety' | 'gate' | 'lamp' | 'parking';

export interface DeviceKindDefinition {
  zh: string;
  en: string;
  /** Device codes start with it (烟感 YG, 温感 WG …). */
  prefix: string;
  color: Rgb;
  /** Expected reporting interval; three missed in a row mark the device offline. */
  heartbeatMinutes: number;
  metrics: MetricKey[];
  rules: AlarmRule[];
}

export const DEVICE_KINDS: Record<DeviceKind, DeviceKindDefinition> = {
  smoke: {
    zh: '烟感', en: 'Smoke detector', prefix: 'YG', color: [248, 113, 113], heartbeatMinutes: 60, metrics: ['smoke'],
    rules: [{ id: 'smoke.detected', zh: '烟雾报警', en: 'Smoke detected', severity: 'critical', test: 'above', metric: 'smoke', threshold: 10, caseType: 'SJ0405', dedupMinutes: 30 }],
  },
  fire: {
    zh: '温感火灾探测', en: 'Heat detector', prefix: 'WG', color: [251, 113, 133], heartbeatMinutes: 60, metrics: ['temperature'],
    rules: [{ id: 'fire.heat', zh: '高温火警', en: 'Heat alarm', severity: 'critical', test: 'above', metric: 'temperature', threshold: 57, caseType: 'SJ0405', dedupMinutes: 30 }],
  },
  manhole: {
    zh: '智能井盖', en: 'Smart manhole cover', prefix: 'JG', color: [148, 163, 184], heartbeatMinutes: 60, metrics: ['tilt'],
    rules: [{ id: 'manhole.open', zh: '井盖开启/移位', en: 'Cover open or displaced', severity: 'major', test: 'above', metric: 'tilt', threshold: 15, caseType: 'BJ0101', dedupMinutes: 120 }],
  },
  garbage: {
    zh: '垃圾分类箱', en: 'Garbage kiosk', prefix: 'LJ', color: [163, 230, 53], heartbeatMinutes: 60, metrics: ['fill'],
    rules: [{ id: 'garbage.full', zh: '垃圾满溢', en: 'Bin full', severity: 'minor', test: 'above', metric: 'fill', threshold: 90, caseType: 'SJ0101', dedupMinutes: 240 }],
  },
  environment: {
    zh: '环境监测', en: 'Environment sensor', prefix: 'HJ', color: [45, 212, 191], heartbeatMinutes: 30, metrics: ['rain', 'pm25', 'noise'],
    rules: [
      { id: 'env.rainstorm', zh: '强降雨', en: 'Heavy rain', severity: 'major', test: 'above', metric: 'rain', threshold: 50, dedupMinutes: 180 },
      { id: 'env.pm25', zh: 'PM2.5超标', en: 'PM2.5 high', severity: 'minor', test: 'above', metric: 'pm25', threshold: 150, dedupMinutes: 180 },
      { id: 'env.noise', zh: '噪声超标', en: 'Noise too loud', severity: 'minor', test: 'above', metric: 'noise', threshold: 85, caseType: 'SJ0301', dedupMinutes: 120 },
    ],
  },
  building_safety: {
    zh: '房屋安全监测', en: 'Building safety monitor', prefix: 'FW', color: [251, 191, 36], heartbeatMinutes: 60, metrics: ['building_tilt', 'crack'],
    rules: [
      { id: 'building.tilt', zh: '倾斜超限', en: 'Tilt over limit', severity: 'critical', test: 'above', metric: 'building_tilt', threshold: 7, caseType: 'SJ0406', dedupMinutes: 720 },
      { id: 'building.tilt_rate', zh: '倾斜速率过快', en: 'Tilt increasing fast', severity: 'major', test: 'rate', metric: 'building_tilt', threshold: 0.5, caseType: 'SJ0406', dedupMinutes: 720 },
      { id: 'building.crack', zh: '裂缝超限', en: 'Crack over limit', severity: 'major', test: 'above', metric: 'crack', threshold: 1.5, caseType: 'SJ0406', dedupMinutes: 720 },
    ],
  },
  gate: { zh: '智能门禁', en: 'Smart gate', prefix: 'MJ', color: [129, 140, 248], heartbeatMinutes: 60, metrics: ['passages'], rules: [] },
  lamp: {
    zh: '智慧灯杆', en: 'Smart lamp post', prefix: 'DG', color: [250, 204, 21], heartbeatMinutes: 60, metrics: ['power', 'lamp_fault'],
    rules: [{ id: 'lamp.fault', zh: '灯具故障', en: 'Lamp fault', severity: 'minor', test: 'above', metric: 'lamp_fault', threshold: 1, caseType: 'BJ0102', dedupMinutes: 720 }],
  },
  parking: { zh: '停车感知', en: 'Parking sensor', prefix: 'TC', color: [74, 222, 128], heartbeatMinutes: 30, metrics: ['occupied'], rules: [] },
};
export const DEVICE_KIND_KEYS = Object.keys(DEVICE_KINDS) as DeviceKind[];

/** A device that missed its heartbeats: an alarm of its own, closed when the device reports again. */
export const OFFLINE_RULE = { id: 'offline', zh: '设备离线', en: 'Device offline', severity: 'minor' as Severity };
/** Heartbeats missed in a row before a device counts as offline. */
export const MISSED_HEARTBEATS = 3;

/** Video-analytics events (视频智能分析) a camera may raise; below minConfidence they are ignored. */
export interface VideoEventDefinition {
  zh: string;
  en: string;
  severity: Severity;
  caseType: string;
  minConfidence: number;
  dedupMinutes: number;
}
export const VIDEO_EVENTS = {
  illegal_parking: { zh: '违停识别', en: 'Illegal parking', severity: 'minor', caseType: 'SJ0503', minConfidence: 0.6, dedupMinutes: 30 },
  garbage_overflow: { zh: '垃圾满溢识别', en: 'Garbage overflow', severity: 'minor', caseType: 'SJ0101', minConfidence: 0.6, dedupMinutes: 60 },
  crowding: { zh: '人员聚集', en: 'Crowding', severity: 'major', caseType: 'SJ0505', minConfidence: 0.6, dedupMinutes: 30 },
  fire_smoke: { zh: '烟火识别', en: 'Fire or smoke', severity: 'critical', caseType: 'SJ0405', minConfidence: 0.5, dedupMinutes: 30 },
} as const satisfies Record<string, VideoEventDefinition>;
export type VideoEventKind = keyof typeof VIDEO_EVENTS;
export const videoRuleId = (kind: VideoEventKind) => `video.${kind}`;

/** Every alarm rule by id: device rules, video events and offline. */
export function ruleLabel(ruleId: string): Label {
  if (ruleId === OFFLINE_RULE.id) return OFFLINE_RULE;
  if (ruleId.startsWith('video.')) {
    const v = VIDEO_EVENTS[ruleId.slice(6) as VideoEventKind];
    if (v) return v;
  }
  for (const k of DEVICE_KIND_KEYS) {
    const r = DEVICE_KINDS[k].rules.find((x) => x.id === ruleId);
    if (r) return r;
  }
  return { zh: ruleId, en: ruleId };
}

/** The last reading of a metric, as stored on the device (devices.last_values). */
export interface LastValue {
  v: number;
  at: string;
}

/**
 * The rules a new reading breaks. `previous` is the device's last value of the metric (for rate rules:
 * readings less than an hour apart are too close to tell a trend from noise).
 */
export function breaches(kind: DeviceKind, metric: MetricKey, value: number, at: Date, previous?: LastValue | null): AlarmRule[] {
  return DEVICE_KINDS[kind].rules.filter((r) => {
    if (r.metric !== metric) return false;
    if (r.test === 'above') return value >= r.threshold;
    if (!previous) return false;
    const hours = (at.getTime() - new Date(previous.at).getTime()) / 3_600_000;
    if (hours < 1) return false;
    return ((value - previous.v) / hours) * 24 >= r.threshold;
  });
}
