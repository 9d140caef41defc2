/**
 * Alarms from sensing: raised (or counted as a repeat, de-duplicated per rule and source) inside the ingest's
 * transaction, opening a case where the rule says so; closed when their case is finished or their device
 * reports again; and, once committed, the alarm and device layers marked changed.
 */
import type pg from 'pg';
import { query, type Queryable } from '../sql';
import { afterCaseCommit, intakeCase, type CaseWriter } from '../cases/store';
import { DEVICE_KINDS, METRICS, PRIORITY_OF, type AlarmRule, type DeviceKind, type Severity } from '../../tiles/domain/sensing';

export interface RaisedAlarm {
  id: number;
  rule: string;
  severity: Severity;
  source: string;
  /** false: a repeat within the de-duplication window, counted on an open alarm. */
  created: boolean;
  occurrences: number;
  incidentId: number | null;
  caseNo: string | null;
}

/** Where an alarm comes from: a device or a camera, with its code and position. */
export interface AlarmSource {
  deviceId: number | null;
  cameraId: number | null;
  code: string;
  lng: number;
  lat: number;
}

/** What an alarm is raised under: its rule id, severity, de-duplication window and the case type it opens. */
export interface AlarmTerms {
  id: string;
  severity: Severity;
  dedupMinutes: number;
  caseType?: string;
}

const fmt = (v: number) => String(Math.round(v * 100) / 100);

/** The message of a sensor's alarm: the rule, the value against its threshold, the device. */
export function alarmMessage(rule: AlarmRule, device: { kind: DeviceKind; code: string }, value: number): string {
  const m = METRICS[rule.metric];
  const what = rule.test === 'rate' ? `${m.zh}日增 ${fmt(value)}${m.unit}` : `${m.zh} ${fmt(value)}${m.unit}`;
  return `${rule.zh}：${what}（阈值 ${rule.threshold}${m.unit}）· ${DEVICE_KINDS[device.kind].zh} ${device.code}`;
}

/**
 * Raise (or count a repeat of) an alarm inside the caller's transaction; a new alarm of a rule with a case
 * type opens a case (waiting to be accepted, like any report) and the two are linked both ways.
 */
export async function raiseAlarm(
  client: pg.PoolClient,
  source: AlarmSource,
  rule: AlarmTerms,
  message: string,
  value: number | null,
  at: Date,
  caseSource: 'iot' | 'video',
): Promise<RaisedAlarm> {
  const [a] = await query(client, 'alarm-raise', [source.deviceId, source.cameraId, rule.id, rule.severity, message, value, at.toISOString(), rule.dedupMinutes]);
  const raised: RaisedAlarm = { id: a.id, rule: rule.id, severity: rule.severity, source: source.code, created: a.created, occurrences: a.occurrences, incidentId: a.incident_id, caseNo: null };
  if (a.created && rule.caseType) {
    const made = await intakeCase(client, {
      typeCode: rule.caseType, source: caseSource, priority: PRIORITY_OF[rule.severity], description: `【${caseSource === 'iot' ? '物联感知' : '视频智能分析'}】${message}`,
      lng: source.lng, lat: source.lat, registeredBy: null, scope: '',
    });
    if (!made.repeated) {
      await query(client, 'alarm-link-case', [raised.id, made.id]);
      raised.incidentId = made.id;
      raised.caseNo = made.caseNo;
    }
  }
  return raised;
}

/**
 * Close the alarms whose case is finished, and the offline alarms of devices that report again. Returns how
 * many closed.
 */
export async function closeResolvedAlarms(db: Queryable, backOnline: number[]): Promise<number> {
  const [{ closed }] = await query(db, 'alarms-close-resolved', [backOnline]);
  return closed;
}

/** After COMMIT: the alarm and device layers are stale in every process, cases are news for live feeds. */
export async function afterSensingCommit(app: CaseWriter, changed: { alarms: boolean; devices: boolean; cases: boolean }): Promise<void> {
  const layers = [...(changed.alarms ? (['alarms'] as const) : []), ...(changed.devices ? (['devices'] as const) : [])];
  if (layers.length) await app.tiles.markChanged(layers);
  if (changed.cases) afterCaseCommit(app);
}
