/**
 * The case (事件/案件) vocabulary: statuses of the closed loop (受理立案 → 批转派遣 → 办理反馈 → 核查办结),
 * the channels cases come in by, and the levels that handle them. The workflow (api/cases/workflow.ts),
 * the incidents layer's legend, the dashboard, the residents' pages and Open311 all read these.
 * The database's CHECK constraint on incidents.status is tested against CASE_STATUSES.
 */
import type { Label, Term } from './labels';

export const CASE_STATUSES = ['reported', 'registered', 'dispatched', 'handling', 'verifying', 'closed', 'rejected', 'merged'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses of a case still being worked: its stage has a deadline and it may run overdue. */
export const LIVE_STATUSES = ['reported', 'registered', 'dispatched', 'handling', 'verifying'] as const satisfies readonly CaseStatus[];
/** Statuses that end a case. */
export const FINAL_STATUSES = ['closed', 'rejected', 'merged'] as const satisfies readonly CaseStatus[];
/** The closed loop in order, as a resident follows it on the tracking page. */
export const LOOP_STATUSES = ['reported', 'registered', 'dispatched', 'handling', 'verifying', 'closed'] as const satisfies readonly CaseStatus[];

export interface CaseStatusTerm extends Term {
  /** What a resident reads: plain words, not the command centre's terms. */
  public: Label;
  /** A resident's one-line explanation of the stage. */
  note: Label;
}

/** Staff labels (the command centre's terms), residents' labels and notes, and the map colour of each status. */
export const CASE_STATUS: Record<CaseStatus, CaseStatusTerm> = {
  reported: {
    zh: '待受理', en: 'Awaiting acceptance', color: [232, 121, 249],
    public: { zh: '已提交/待受理', en: 'Received' },
    note: { zh: '我们已收到您的报事，工作人员会尽快受理。', en: 'We have your report; staff will look at it shortly.' },
  },
  registered: {
    zh: '受理立案', en: 'Registered', color: [248, 113, 113],
    public: { zh: '受理立案', en: 'Accepted' },
    note: { zh: '已受理立案，正在确定责任单位。', en: 'Accepted as a case; the responsible unit is being chosen.' },
  },
  dispatched: {
    zh: '批转派遣', en: 'Dispatched', color: [251, 146, 60],
    public: { zh: '批转派遣', en: 'Assigned' },
    note: { zh: '已派遣给责任单位，等待其接单处置。', en: 'Passed to the unit responsible, which will take it up.' },
  },
  handling: {
    zh: '办理反馈', en: 'Handling', color: [250, 204, 21],
    public: { zh: '办理中', en: 'Being handled' },
    note: { zh: '责任单位正在处置。', en: 'The responsible unit is dealing with it.' },
  },
  verifying: {
    zh: '核查', en: 'Verifying', color: [96, 165, 250],
    public: { zh: '核查', en: 'Being checked' },
    note: { zh: '责任单位已反馈处置结果，正在核查。', en: 'The unit reports it done; this is being checked.' },
  },
  closed: {
    zh: '办结', en: 'Closed', color: [100, 116, 139],
    public: { zh: '办结', en: 'Done' },
    note: { zh: '已核查办结。', en: 'Checked and closed.' },
  },
  rejected: {
    zh: '不予受理', en: 'Rejected', color: [71, 85, 105],
    public: { zh: '不予受理', en: 'Not accepted' },
    note: { zh: '该报事未予受理。', en: 'This report was not taken up.' },
  },
  merged: {
    zh: '已合并', en: 'Merged', color: [71, 85, 105],
    public: { zh: '已合并', en: 'Merged' },
    note: { zh: '已与同一问题的报事合并办理。', en: 'Handled together with a report of the same problem.' },
  },
};

export const isLiveStatus = (status: string): boolean => (LIVE_STATUSES as readonly string[]).includes(status);

/** Who handles a case: the command-centre levels, a community (the grid members), or a department. */
export const CASE_LEVELS = ['community', 'street', 'district', 'city'] as const;
export type CaseLevel = (typeof CASE_LEVELS)[number];
export const CASE_LEVEL: Record<CaseLevel, Label> = {
  community: { zh: '社区', en: 'Community' },
  street: { zh: '街道', en: 'Street' },
  district: { zh: '区', en: 'District' },
  city: { zh: '市级部门', en: 'City departments' },
};

/** The channels a case comes in by. */
export const CASE_SOURCES = ['hotline_12345', 'snapshot', 'patrol', 'video', 'iot', 'open311'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];
export const CASE_SOURCE: Record<CaseSource, Label> = {
  hotline_12345: { zh: '12345 热线', en: '12345 hotline' },
  snapshot: { zh: '随手拍', en: 'Snapshot app' },
  patrol: { zh: '网格巡查', en: 'Grid patrol' },
  video: { zh: '视频发现', en: 'Video' },
  iot: { zh: '物联感知', en: 'IoT sensor' },
  open311: { zh: 'Open311 应用', en: 'Open311 app' },
};
