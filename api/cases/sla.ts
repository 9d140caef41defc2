/**
 * The deadline of a case's current stage, from its type's limits (case_slas) and the working calendar:
 * accept (受理), dispatch (派遣) and verify (核查) run on the clock; handling (处置) counts from the dispatch,
 * on the clock or in working time as the type says.
 */
import type pg from 'pg';
import { dueAt, minutesLeft, type StageLimit, type WorkCalendar } from './calendar';
import type { CaseStatus } from '../../tiles/domain/cases';

export interface SlaRow {
  status: string;
  reported_at: Date;
  stage_started_at: Date | null;
  dispatched_at: Date | null;
  accept_minutes: number | null;
  dispatch_minutes: number | null;
  handle_minutes: number | null;
  handle_calendar: 'natural' | 'working' | null;
  verify_minutes: number | null;
}

export interface Sla {
  stage: 'accept' | 'dispatch' | 'handle' | 'verify';
  startedAt: string;
  dueAt: string;
  limit: StageLimit;
  minutesLeft: number;
  overdue: boolean;
}

export function slaOf(row: SlaRow, now: Date, calendar: WorkCalendar): Sla | null {
  if (row.accept_minutes === null) return null; // a type without limits
  const started = row.stage_started_at ?? row.reported_at;
  let stage: Sla['stage'];
  let from: Date;
  let limit: StageLimit;
  switch (row.status as CaseStatus) {
    case 'reported':
      [stage, from, limit] = ['accept', row.reported_at, { minutes: row.accept_minutes, calendar: 'natural' }];
      break;
    case 'registered':
      [stage, from, limit] = ['dispatch', started, { minutes: row.dispatch_minutes!, calendar: 'natural' }];
      break;
    case 'dispatched':
    case 'handling':
      [stage, from, limit] = ['handle', row.dispatched_at ?? started, { minutes: row.handle_minutes!, calendar: row.handle_calendar! }];
      break;
    case 'verifying':
      [stage, from, limit] = ['verify', started, { minutes: row.verify_minutes!, calendar: 'natural' }];
      break;
    default:
      return null; // closed, rejected, merged: no deadline runs
  }
  const due = dueAt(new Date(from), limit, calendar);
  const left = minutesLeft(due, now, limit, calendar);
  return { stage, startedAt: new Date(from).toISOString(), dueAt: due.toISOString(), limit, minutesLeft: Math.round(left), overdue: left < 0 };
}

let cached: { calendar: WorkCalendar; at: number } | undefined;

/** The holidays table as a calendar, re-read every 10 minutes. */
export async function workCalendar(pool: pg.Pool | pg.ClientBase): Promise<WorkCalendar> {
  if (cached && Date.now() - cached.at < 600_000) return cached.calendar;
  const { rows } = await pool.query<{ day: string; kind: 'holiday' | 'workday' }>(`SELECT to_char(day, 'YYYY-MM-DD') AS day, kind FROM holidays`);
  const calendar = {
    holidays: new Set(rows.filter((r) => r.kind === 'holiday').map((r) => r.day)),
    workdays: new Set(rows.filter((r) => r.kind === 'workday').map((r) => r.day)),
  };
  cached = { calendar, at: Date.now() };
  return calendar;
}
