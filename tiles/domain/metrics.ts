/**
 * The leaders' performance figures (考核评价, the evaluation stage of GB/T 30428's closed loop): each KPI
 * defined once, with its formula in words. The metrics API computes them from the daily rollup
 * (case_daily, migration 007), the dashboard's cards and tooltips and the README's table show these words,
 * and the export names them. A period is whole days in China time, `from` to `to` inclusive.
 *
 * The rollup counts each case on the day of the event that makes it count:
 * - the day it was reported: reported, registered, dispatched, closedOfReported;
 * - the day it was (last) closed: closed, closedOnTime, handledOnTime, reworked, handling time;
 * - the day of each rating, escalation and call-up.
 */
import type { Label } from './labels';

/** Upper bounds (working hours) of the handling-time bands the rollup counts; the last band is open. */
export const HANDLING_BANDS_HOURS = [1, 2, 4, 8, 16, 32, 64] as const;

/** The figures whose count is a number of cases, so a click on it lists exactly those cases. */
export const CASE_MEASURES = ['reported', 'registered', 'dispatched', 'closed', 'closedOnTime', 'overdue', 'reworked'] as const;
export type CaseMeasure = (typeof CASE_MEASURES)[number];

export type KpiUnit = 'count' | 'rate' | 'hours' | 'score';

export interface KpiDefinition extends Label {
  unit: KpiUnit;
  /** Which way is better: the colour of a change. */
  better: 'up' | 'down' | 'neither';
  /** The formula in words, as the README and the dashboard's tooltips show it. */
  formula: Label;
  /** The cases behind the figure, for "click a count → the case list" (incident.list's `metric`). */
  cases?: CaseMeasure;
}

export const KPI_IDS = [
  'reported', 'registered', 'dispatched', 'closed', 'closeRate', 'onTimeHandleRate', 'onTimeCloseRate', 'overdue',
  'overdueNow', 'reworkRate', 'avgHandlingHours', 'medianHandlingHours', 'escalations', 'callUps', 'rated',
  'satisfaction', 'satisfiedRate',
] as const;
export type KpiId = (typeof KPI_IDS)[number];

export const KPI: Record<KpiId, KpiDefinition> = {
  reported: {
    zh: '上报', en: 'Reported', unit: 'count', better: 'neither', cases: 'reported',
    formula: { zh: '期内上报（受理）的案件数，含各渠道（12345、随手拍、巡查、视频、物联感知、Open311）', en: 'Cases reported in the period, all channels (12345, snapshot, patrol, video, IoT, Open311)' },
  },
  registered: {
    zh: '立案', en: 'Registered', unit: 'count', better: 'neither', cases: 'registered',
    formula: { zh: '期内上报且已受理立案的案件数（不含不予立案与立案前合并的）', en: 'Cases reported in the period that were registered (not rejected or merged before registration)' },
  },
  dispatched: {
    zh: '派遣', en: 'Dispatched', unit: 'count', better: 'neither', cases: 'dispatched',
    formula: { zh: '期内上报且已批转派遣到责任单位的案件数', en: 'Cases reported in the period that were dispatched to a responsible unit' },
  },
  closed: {
    zh: '结案', en: 'Closed', unit: 'count', better: 'up', cases: 'closed',
    formula: { zh: '期内核查结案的案件数（按最后一次结案日；重办后未再结案的不计）', en: 'Cases closed in the period (by the day of their last closure; a reopened case counts once closed again)' },
  },
  closeRate: {
    zh: '结案率', en: 'Close rate', unit: 'rate', better: 'up',
    formula: { zh: '期内立案的案件中目前已结案的比例 = 期内立案且已结案数 ÷ 期内立案数', en: 'Share of the cases registered in the period that are closed now = registered and closed ÷ registered' },
  },
  onTimeHandleRate: {
    zh: '按期处置率', en: 'On-time handling rate', unit: 'rate', better: 'up',
    formula: { zh: '期内结案的案件中，处置反馈在处置时限内（自首次派遣起，按案件类型的自然时或工作时）的比例', en: 'Share of the cases closed in the period whose handling report came within the handling limit (from the first dispatch, clock or working time as the type says)' },
  },
  onTimeCloseRate: {
    zh: '按期结案率', en: 'On-time close rate', unit: 'rate', better: 'up', cases: 'closedOnTime',
    formula: { zh: '按期结案数 ÷ 期内结案数；按期结案 = 处置在时限内、核查在核查时限内且未返工', en: 'Closed on time ÷ closed in the period; on time = handled within the limit, verified within the verification limit, no rework' },
  },
  overdue: {
    zh: '超期结案', en: 'Closed late', unit: 'count', better: 'down', cases: 'overdue',
    formula: { zh: '期内结案但未按期的案件数 = 期内结案数 − 按期结案数', en: 'Cases closed in the period but not on time = closed − closed on time' },
  },
  overdueNow: {
    zh: '当前超期', en: 'Overdue now', unit: 'count', better: 'down',
    formula: { zh: '此刻仍在办理且已超过当前环节时限的案件数（不随所选期间变化）', en: 'Open cases past the deadline of their current stage right now (does not follow the period)' },
  },
  reworkRate: {
    zh: '返工率', en: 'Rework rate', unit: 'rate', better: 'down', cases: 'reworked',
    formula: { zh: '期内结案的案件中曾核查不通过或因差评重办的比例', en: 'Share of the cases closed in the period that failed a verification or were reopened by a bad rating' },
  },
  avgHandlingHours: {
    zh: '平均处置用时', en: 'Mean handling time', unit: 'hours', better: 'down',
    formula: { zh: '期内结案的案件自首次派遣至结案的工作时长（小时）之平均', en: 'Mean working hours from the first dispatch to closure, of the cases closed in the period' },
  },
  medianHandlingHours: {
    zh: '处置用时中位数', en: 'Median handling time', unit: 'hours', better: 'down',
    formula: { zh: '同上用时的中位数，按 1、2、4、8、16、32、64 小时分档线性插值', en: 'The median of the same working hours, interpolated within the bands 1, 2, 4, 8, 16, 32, 64 h' },
  },
  escalations: {
    zh: '超时升级', en: 'Escalations', unit: 'count', better: 'down',
    formula: { zh: '期内因环节超时被自动升级的次数', en: 'Automatic escalations of overdue stages in the period' },
  },
  callUps: {
    zh: '吹哨呼叫', en: 'Call-ups', unit: 'count', better: 'neither',
    formula: { zh: '期内社区、街道向上级呼叫（吹哨报到）的次数', en: 'Call-ups to the level above (community → street → district) in the period' },
  },
  rated: {
    zh: '评价数', en: 'Ratings', unit: 'count', better: 'up',
    formula: { zh: '期内收到的群众与回访评价次数', en: 'Ratings received in the period (residents and call-backs)' },
  },
  satisfaction: {
    zh: '满意度', en: 'Satisfaction', unit: 'score', better: 'up',
    formula: { zh: '期内评价的平均分（1–5 分）', en: 'Mean rating in the period (1–5)' },
  },
  satisfiedRate: {
    zh: '满意率', en: 'Satisfied share', unit: 'rate', better: 'up',
    formula: { zh: '期内评价中 4 分及以上的比例', en: 'Share of the ratings in the period of 4 or 5' },
  },
};

export const TREND_BUCKETS = ['day', 'week', 'month'] as const;
export type TrendBucket = (typeof TREND_BUCKETS)[number];

/** The longest period the metrics answer (a trend by day stays readable; a year-on-year needs 13 months of history). */
export const MAX_PERIOD_DAYS = 732;
