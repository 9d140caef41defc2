/**
 * Video-analytics events coming in (POST /api/video-events, and the simulator): each names a camera, what it
 * saw and how sure it is. Events at or above their kind's confidence raise alarms (and cases, as the kind
 * says); every event counts as the camera being heard from. One transaction, acknowledged once committed.
 */
import { query } from '../sql';
import { inTransaction } from '../db/transaction';
import type { CaseWriter } from '../cases/store';
import { VIDEO_EVENTS, videoRuleId } from '../../tiles/domain/sensing';
import { checkVideoEvents, inBatchOrder, refusal, type Refusal } from './validate';
import { afterSensingCommit, raiseAlarm, type RaisedAlarm } from './alarms';

export interface VideoIngestResult {
  accepted: number;
  /** Events below their kind's confidence threshold: taken, no alarm. */
  ignored: number;
  rejected: Refusal[];
  alarms: RaisedAlarm[];
}

/** Store video-analytics events `{ events: [{ camera, kind, confidence, at? }] }`; confident ones raise alarms. */
export async function ingestVideoEvents(app: CaseWriter, body: unknown, options: { retentionDays: number; now?: Date }): Promise<VideoIngestResult> {
  const { events, rejected } = checkVideoEvents(body, { now: options.now ?? new Date(), retentionDays: options.retentionDays });
  const result: VideoIngestResult = { accepted: 0, ignored: 0, rejected, alarms: [] };
  if (events.length) {
    await inTransaction(app.pool, async (client) => {
      const cameras = await query(client, 'cameras-lock', [[...new Set(events.map((e) => e.camera))]]);
      const byCode = new Map(cameras.map((c) => [c.code, c]));
      const seen = new Map<number, Date>();
      for (const e of events.sort((a, b) => a.at.getTime() - b.at.getTime() || a.index - b.index)) {
        const camera = byCode.get(e.camera);
        if (!camera) {
          rejected.push(refusal(e.index, 'camera', e.camera, `camera: no camera ${e.camera}`));
          continue;
        }
        result.accepted++;
        seen.set(camera.id, e.at);
        const def = VIDEO_EVENTS[e.kind];
        if (e.confidence < def.minConfidence) {
          result.ignored++;
          continue;
        }
        const message = `${def.zh}：置信度 ${Math.round(e.confidence * 100)}% · 摄像机 ${camera.name}（${camera.code}）`;
        result.alarms.push(
          await raiseAlarm(client, { deviceId: null, cameraId: camera.id, code: camera.code, lng: camera.lng, lat: camera.lat },
            { id: videoRuleId(e.kind), severity: def.severity, dedupMinutes: def.dedupMinutes, caseType: def.caseType }, message, e.confidence, e.at, 'video'),
        );
      }
      if (seen.size) await query(client, 'cameras-seen', [[...seen.keys()], [...seen.values()].map((d) => d.toISOString())]);
    });
    await afterSensingCommit(app, { alarms: result.alarms.length > 0, devices: false, cases: result.alarms.some((a) => a.caseNo) });
  }
  inBatchOrder(rejected);
  return result;
}
