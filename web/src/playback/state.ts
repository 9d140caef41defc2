/**
 * The state of every case at a time t, from a timeline (incident.timeline): the cases live at the window's
 * start (`initial`) and the events of the window in time order; a case's state at t is its last event at or
 * before t, else its state at the start. Cases that end (closed, rejected, merged) stay, with that status.
 */
export interface TimelineCaseState {
  caseId: number;
  caseNo: string;
  status: string;
  typeCode: string;
  lng: number;
  lat: number;
  /** When the case came to this state (ISO). */
  at: string;
}

export interface TimelineLike {
  initial: readonly TimelineCaseState[];
  events: readonly { at: string; caseId: number; caseNo: string; status: string; typeCode: string; lng: number; lat: number }[];
}

export function playbackStateAt(tl: TimelineLike, tMs: number): Map<number, TimelineCaseState> {
  const states = new Map<number, TimelineCaseState>();
  for (const c of tl.initial) states.set(c.caseId, c);
  for (const e of tl.events) {
    if (Date.parse(e.at) > tMs) break;
    states.set(e.caseId, { caseId: e.caseId, caseNo: e.caseNo, status: e.status, typeCode: e.typeCode, lng: e.lng, lat: e.lat, at: e.at });
  }
  return states;
}
