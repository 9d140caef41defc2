import { z } from 'zod';
import { roleSchema } from './auth/roles';
import { AREA_CODE_HINT, AREA_CODE_PATTERN, AREA_LEVELS } from '../tiles/domain/places';
import { RESIDENT_CATEGORIES } from '../tiles/domain/residents';
import { CASE_MEASURES, MAX_PERIOD_DAYS, TREND_BUCKETS } from '../tiles/domain/metrics';
import { MAX_SUGGESTIONS, PLANNING_MINUTES, SERVICE_TYPES } from '../tiles/domain/planning';
import {
  DEFAULT_WALL_SCENES, TIMELINE_MAX_DAYS, WALL_DWELL_MAX_S, WALL_DWELL_MIN_S, WALL_FITS, WALL_SCENES, WALL_SCENES_MAX, WALL_TAKEOVER_MAX_S, WALL_TAKEOVER_MIN_S, WALL_TAKEOVER_S,
} from '../tiles/domain/wall';

/**
 * Area codes nest: city 4 digits (3501), district 6, street 9, community 12, grid 15.
 * Shared by the API's `.input()` and the dashboard's URL parsing.
 */
export const areaCodeSchema = z
  .string()
  .trim()
  .regex(AREA_CODE_PATTERN, AREA_CODE_HINT);
export type AreaCode = z.infer<typeof areaCodeSchema>;


export const areaLevelSchema = z.enum(AREA_LEVELS);
export type AreaLevel = z.infer<typeof areaLevelSchema>;

export const areaGetInputSchema = z.object({ code: areaCodeSchema });
export const areaSearchInputSchema = z.object({
  q: z.string().trim().min(1, 'type at least one character').max(50, 'at most 50 characters'),
  limit: z.number().int().min(1).max(50).default(12),
});
export const buildingByIdInputSchema = z.object({ id: z.number().int().positive().max(2_147_483_647) });

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,39}$/, 'a username has 3–40 characters: letters, digits, dot, dash, underscore');
export const loginInputSchema = z.object({ username: usernameSchema, password: z.string().min(1, 'enter the password').max(200) });

export const residentsListInputSchema = z.object({
  areaCode: areaCodeSchema,
  category: z.enum(RESIDENT_CATEGORIES).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});
export const residentRevealInputSchema = z.object({
  id: z.number().int().positive().max(2_147_483_647),
  reason: z.string().trim().min(4, 'give the reason for reading the personal data (at least 4 characters)').max(200),
});

export const auditListInputSchema = z.object({
  username: usernameSchema.optional(),
  action: z.string().trim().regex(/^[a-zA-Z._]{1,60}$/, 'an action looks like auth.login or residents.reveal').optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});

const departmentCodeSchema = z.string().regex(/^[a-z][a-z0-9_-]{1,39}$/, 'a department code such as gl-cgj');
export const createAccountInputSchema = z.object({
  username: usernameSchema,
  displayName: z.string().trim().min(1).max(60),
  password: z.string().max(200),
  role: roleSchema,
  scopeCode: areaCodeSchema,
  departmentCode: departmentCodeSchema.optional(),
});
export const updateAccountInputSchema = z.object({
  id: z.number().int().positive().max(2_147_483_647),
  displayName: z.string().trim().min(1).max(60).optional(),
  password: z.string().max(200).optional(),
  role: roleSchema.optional(),
  scopeCode: areaCodeSchema.optional(),
  departmentCode: departmentCodeSchema.nullable().optional(),
  disabled: z.boolean().optional(),
});

export const CASE_STATUS_VALUES = ['reported', 'registered', 'dispatched', 'handling', 'verifying', 'closed', 'rejected', 'merged'] as const;
export const CASE_SOURCES = ['hotline_12345', 'snapshot', 'patrol', 'video', 'iot', 'open311'] as const;
export const incidentListInputSchema = z.object({
  areaCode: areaCodeSchema,
  status: z.array(z.enum(CASE_STATUS_VALUES)).min(1).max(8).optional(),
  typeCode: z.string().regex(/^(SJ|BJ)\d{4}$/, 'a case type code such as SJ0101').optional(),
  source: z.enum(CASE_SOURCES).optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  /** Only live cases past the deadline of their current stage. */
  overdue: z.boolean().optional(),
  /** The cases that make up a count of the leaders' figures (the list's total equals the count). */
  metric: z.lazy(() => metricCasesSchema).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});
export const incidentByIdInputSchema = z.object({ id: z.number().int().positive().max(2_147_483_647) });
export const incidentDuplicatesInputSchema = z.object({
  id: z.number().int().positive().max(2_147_483_647),
  /** How near (metres) and how close in time (hours) a report must be to count as the same problem. */
  withinMetres: z.number().int().min(1).max(1000).default(100),
  withinHours: z.number().int().min(1).max(168).default(48),
});

export const incidentCreateInputSchema = z.object({
  typeCode: z.string().regex(/^(SJ|BJ)\d{4}$/, 'a case type code such as SJ0101'),
  /** The channel the operator took it from: a 12345 call, their own patrol, a video or an IoT alarm. */
  source: z.enum(['hotline_12345', 'patrol', 'video', 'iot']),
  description: z.string().trim().min(2, 'describe the problem (at least 2 characters)').max(1000),
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  priority: z.number().int().min(1).max(3).default(2),
  /** Sent again with a retried submission, it returns the case the first one made. */
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, 'an idempotency key has 8–100 letters, digits, - or _').optional(),
});
export const CASE_ACTION_VALUES = ['accept', 'reject', 'merge', 'dispatch', 'take', 'return', 'report', 'verify_pass', 'verify_fail', 'rate', 'reopen', 'call_up', 'acknowledge'] as const;
export const incidentActInputSchema = z.object({
  id: z.number().int().positive().max(2_147_483_647),
  /** The version the caller last saw: a case changed by someone else in between is not overwritten. */
  version: z.number().int().positive().max(2_147_483_647),
  action: z.enum(CASE_ACTION_VALUES),
  note: z.string().trim().min(1).max(1000).optional(),
  reason: z.string().trim().min(2, 'give a reason of at least 2 characters').max(1000).optional(),
  departmentCode: z.string().regex(/^[a-z][a-z0-9_-]{1,39}$/, 'a department code such as gl-cgj').optional(),
  rating: z.number().int().min(1).max(5).optional(),
  intoId: z.number().int().positive().max(2_147_483_647).optional(),
});

/** The longest event list incident.timeline answers; beyond it the answer says `truncated`. */
export const TIMELINE_MAX_EVENTS = 50_000;
const isoTimeSchema = z.string().datetime({ offset: true, message: 'a time in ISO 8601 with its zone, e.g. 2026-11-20T08:00:00+08:00' });
/** A window of time playback: `from` to `to` (both included), at most TIMELINE_MAX_DAYS long. */
export const incidentTimelineInputSchema = z
  .object({ areaCode: areaCodeSchema, from: isoTimeSchema, to: isoTimeSchema })
  .superRefine((v, ctx) => {
    const span = Date.parse(v.to) - Date.parse(v.from);
    if (span < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: `to (${v.to}) is before from (${v.from})` });
    else if (span > TIMELINE_MAX_DAYS * 86_400_000) ctx.addIssue({ code: 'custom', path: ['to'], message: `the window may span at most ${TIMELINE_MAX_DAYS} days` });
  });

export const incidentLiveInputSchema = z.object({
  /** Only changes in this area (within the caller's scope); the whole scope when omitted. */
  areaCode: areaCodeSchema.optional(),
  /** The id of the last change received: the stream resumes after it (set by the SSE client on reconnect). */
  lastEventId: z.string().regex(/^\d{1,15}$/, 'lastEventId is the numeric id of a change').nullish(),
  /** Without lastEventId: start with up to this many of the area's latest changes (a feed's first screen). */
  backlog: z.number().int().min(0).max(200).default(0),
});

/** Length of the code one level below an area's (a grid has no area children). */
export function childCodeLength(code: string): number {
  return { 4: 6, 6: 9, 9: 12, 12: 15, 15: 15 }[code.length] ?? code.length;
}

// ─── Sensing (devices, telemetry, alarms, cameras, parking) ───
const idSchema = z.number().int().positive().max(2_147_483_647);
export const deviceByIdInputSchema = z.object({ id: idSchema });
export const TELEMETRY_WINDOWS = { '24h': { ms: 86_400_000, bucketS: 900 }, '7d': { ms: 7 * 86_400_000, bucketS: 3600 } } as const;
export const deviceTelemetryInputSchema = z.object({
  id: idSchema,
  window: z.enum(['24h', '7d']).default('24h'),
  /** The window ends here (inclusive); default now. */
  end: z.string().datetime({ offset: true, message: 'end must be an ISO 8601 time with a zone' }).optional(),
});
export const ALARM_STATUSES = ['open', 'acknowledged', 'closed'] as const;
export const alarmListInputSchema = z.object({
  areaCode: areaCodeSchema,
  /** 'live': open and acknowledged (the default); or one status; or 'all'. */
  status: z.enum(['live', 'all', ...ALARM_STATUSES]).default('live'),
  severity: z.enum(['critical', 'major', 'minor']).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});
export const alarmAckInputSchema = z.object({ id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), note: z.string().trim().max(500).optional() });
export const cameraByIdInputSchema = z.object({ id: idSchema });
export const parkingByIdInputSchema = z.object({ id: idSchema });
export const parkingNearestFreeInputSchema = z.object({
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  limit: z.number().int().min(1).max(10).default(5),
});

/** A calendar day in China time, 'YYYY-MM-DD', that exists. */
export const daySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'no such day');

/** A period of whole days, `from` to `to` inclusive, at most MAX_PERIOD_DAYS long. */
function checkPeriod(v: { from: string; to: string }, ctx: z.RefinementCtx): void {
  if (v.to < v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: `to (${v.to}) is before from (${v.from})` });
  else if ((Date.parse(v.to) - Date.parse(v.from)) / 86_400_000 + 1 > MAX_PERIOD_DAYS) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `the period may span at most ${MAX_PERIOD_DAYS} days` });
  }
}
const periodShape = { areaCode: areaCodeSchema, from: daySchema, to: daySchema };

export const metricsKpisInputSchema = z.object({ ...periodShape, departmentCode: departmentCodeSchema.optional() }).superRefine(checkPeriod);
export const metricsTrendInputSchema = z
  .object({ ...periodShape, bucket: z.enum(TREND_BUCKETS), departmentCode: departmentCodeSchema.optional() })
  .superRefine(checkPeriod);
export const metricsDepartmentsInputSchema = z.object(periodShape).superRefine(checkPeriod);
export const metricsHotspotsInputSchema = z
  .object({ ...periodShape, typeCode: z.string().regex(/^(SJ|BJ)\d{4}$/, 'a case type code such as SJ0101').optional() })
  .superRefine(checkPeriod);
/** The cases behind a count of the metrics screen. */
export const metricCasesSchema = z
  .object({
    measure: z.enum(CASE_MEASURES),
    from: daySchema,
    to: daySchema,
    departmentCode: departmentCodeSchema.optional(),
  })
  .refine((v) => v.to >= v.from, { path: ['to'], message: 'to is before from' });

// The planners' life-circle analysis (planning.*).
const minutesSchema = z
  .number()
  .int('minutes are whole minutes')
  .min(PLANNING_MINUTES.min, `minutes must be ${PLANNING_MINUTES.min}–${PLANNING_MINUTES.max}`)
  .max(PLANNING_MINUTES.max, `minutes must be ${PLANNING_MINUTES.min}–${PLANNING_MINUTES.max}`);
const lngSchema = z.number().min(-180, 'lng must be −180…180').max(180, 'lng must be −180…180');
const latSchema = z.number().min(-90, 'lat must be −90…90').max(90, 'lat must be −90…90');
export const serviceTypeSchema = z.enum(SERVICE_TYPES, { message: `facilityType must be one of ${SERVICE_TYPES.join(', ')}` });
export const scenarioIdSchema = z.number().int().positive().max(2_147_483_647);
export const planningIsochroneInputSchema = z.object({
  lng: lngSchema,
  lat: latSchema,
  minutes: z
    .array(minutesSchema)
    .min(1, 'minutes: give at least one band')
    .max(6, 'minutes: at most 6 bands')
    .refine((m) => new Set(m).size === m.length, 'minutes: each band once')
    .default([5, 10, 15]),
});
export const planningCoverageInputSchema = z.object({
  areaCode: areaCodeSchema,
  facilityType: serviceTypeSchema,
  minutes: minutesSchema.optional(),
  scenarioId: scenarioIdSchema.optional(),
});
export const planningSuggestInputSchema = z.object({
  areaCode: areaCodeSchema,
  facilityType: serviceTypeSchema,
  count: z.number().int().min(1, 'count must be 1–50').max(MAX_SUGGESTIONS, `count must be 1–${MAX_SUGGESTIONS}`),
  minutes: minutesSchema.optional(),
  scenarioId: scenarioIdSchema.optional(),
  candidates: z.array(z.tuple([lngSchema, latSchema])).min(1).max(20_000, 'candidates: at most 20,000 points').optional(),
});
const scenarioNameSchema = z.string().trim().min(1, 'name: give the scenario a name').max(80, 'name: at most 80 characters');
export const scenarioEditSchema = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('add'),
    key: z.string().regex(/^[a-z0-9-]{1,24}$/, 'key: 1–24 lowercase letters, digits or dashes'),
    lng: lngSchema,
    lat: latSchema,
    name: z.string().trim().min(1).max(80).optional(),
    capacity: z.number().int().positive().max(1_000_000).optional(),
  }),
  z.object({ op: z.literal('move'), facilityId: idSchema, lng: lngSchema, lat: latSchema }),
  z.object({ op: z.literal('close'), facilityId: idSchema }),
]);
export const MAX_SCENARIO_EDITS = 200;
export const scenarioCreateInputSchema = z.object({ name: scenarioNameSchema, areaCode: areaCodeSchema, facilityType: serviceTypeSchema });
export const scenarioListInputSchema = z.object({ areaCode: areaCodeSchema.optional() });
export const scenarioByIdInputSchema = z.object({ id: scenarioIdSchema });
export const scenarioUpdateInputSchema = z.object({
  id: scenarioIdSchema,
  version: z.number().int().positive(),
  name: scenarioNameSchema.optional(),
  edits: z.array(scenarioEditSchema).max(MAX_SCENARIO_EDITS, `edits: at most ${MAX_SCENARIO_EDITS} changes`).optional(),
});

// The command-centre wall (指挥大屏): wall displays and their sign-in.
const displayNameSchema = z.string().trim().min(1, 'name: give the display a name').max(60, 'name: at most 60 characters');
export const wallSceneSchema = z.object({
  kind: z.enum(WALL_SCENES, { message: `a scene is one of ${WALL_SCENES.join(', ')}` }),
  dwellS: z
    .number()
    .int('dwellS is whole seconds')
    .min(WALL_DWELL_MIN_S, `dwellS must be ${WALL_DWELL_MIN_S}–${WALL_DWELL_MAX_S} seconds`)
    .max(WALL_DWELL_MAX_S, `dwellS must be ${WALL_DWELL_MIN_S}–${WALL_DWELL_MAX_S} seconds`),
});
const wallScenesSchema = z.array(wallSceneSchema).min(1, 'scenes: at least one scene').max(WALL_SCENES_MAX, `scenes: at most ${WALL_SCENES_MAX}`);
const wallFitSchema = z.enum(WALL_FITS, { message: `fit is one of ${WALL_FITS.join(', ')}` });
const takeoverSchema = z
  .number()
  .int('takeoverS is whole seconds')
  .min(WALL_TAKEOVER_MIN_S, `takeoverS must be ${WALL_TAKEOVER_MIN_S}–${WALL_TAKEOVER_MAX_S} seconds`)
  .max(WALL_TAKEOVER_MAX_S, `takeoverS must be ${WALL_TAKEOVER_MIN_S}–${WALL_TAKEOVER_MAX_S} seconds`);
export const displayIdSchema = z.number().int().positive().max(2_147_483_647);
export const createDisplayInputSchema = z.object({
  name: displayNameSchema,
  areaCode: areaCodeSchema,
  scenes: wallScenesSchema.default(() => DEFAULT_WALL_SCENES.map((s) => ({ ...s }))),
  fit: wallFitSchema.default('letterbox'),
  takeoverS: takeoverSchema.default(WALL_TAKEOVER_S),
});
export const updateDisplayInputSchema = z.object({
  id: displayIdSchema,
  name: displayNameSchema.optional(),
  scenes: wallScenesSchema.optional(),
  fit: wallFitSchema.optional(),
  takeoverS: takeoverSchema.optional(),
});
export const displayByIdInputSchema = z.object({ id: displayIdSchema });
/** A display's token, from its URL (`/wall?token=…`). */
export const displayLoginInputSchema = z.object({ token: z.string().min(1, 'token: the display token from its URL').max(100, 'token: at most 100 characters') });
