/**
 * Public intake: residents' reports from the 随手拍 form and from Open311 GeoReport v2 apps. A report becomes
 * a case in the `reported` state (waiting to be accepted, 受理) in the grid holding its location, with a
 * reporter row carrying an unguessable tracking number; an idempotency key makes a retried submission
 * return the first one's tracking number. Photos are checked by their bytes (JPEG, PNG, WebP; ≤ 4 MiB) and
 * re-encoded without their metadata (EXIF: place, device, time). Addresses are resolved against the
 * buildings' addresses. Anyone may follow a case by its tracking number (Open311 lists them), without
 * anyone's personal data; the receipt's token (only its hash is stored) proves the reporter, who alone sees
 * the photo they sent and rates the case once it is closed — a bad rating reopens it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import sharp from 'sharp';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { query, queryOne, type Queryable } from '../sql';
import { SharedLimit } from '../rate-limit';
import { afterCaseCommit, finishCaseWrite, intakeCase, type CaseWriter } from './store';
import { inTransaction } from '../db/transaction';
import { slaOf, workCalendar, type SlaRow } from './sla';
import type { CaseStatus } from '../../tiles/domain/cases';

export const MAX_PHOTO_BYTES = 4 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** A link staff may open: http(s) only. */
export const httpUrlSchema = z.url({ protocol: /^https?$/, error: 'an http:// or https:// link' }).max(500);

/** The reporter's token from the receipt (the tracking link's `token`). */
export const reportTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'the token of the tracking link from your receipt');

export const publicReportSchema = z
  .object({
    typeCode: z.string().regex(/^(SJ|BJ)\d{4}$/, 'a case type code such as SJ0101'),
    description: z.string().trim().min(4, 'describe the problem (at least 4 characters)').max(1000),
    lng: z.number().min(-180).max(180).optional(),
    lat: z.number().min(-90).max(90).optional(),
    address: z.string().trim().min(2).max(200).optional(),
    name: z.string().trim().max(40).optional(),
    phone: z.string().trim().regex(/^[0-9+\- ]{5,20}$/, 'a phone number of 5–20 digits').optional(),
    /** Base64 of the photo's bytes, at most 4 MiB decoded. */
    photo: z.object({ contentType: z.enum(PHOTO_TYPES), base64: z.string().max(Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 4, 'the photo is larger than 4 MiB') }).optional(),
    /** An Open311 media_url, kept as a link (http and https only: no javascript:, data: or file: links). */
    mediaUrl: httpUrlSchema.optional(),
    idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, 'an idempotency key has 8–100 letters, digits, - or _').optional(),
  })
  .refine((r) => (r.lng !== undefined && r.lat !== undefined) || r.address, { message: 'give the location: lng and lat, or an address', path: ['lng'] });
export type PublicReport = z.infer<typeof publicReportSchema>;

export interface Receipt {
  trackingNo: string;
  /**
   * The reporter's secret: rating and the reporter's photo need it (`?token=` of the tracking link). Shown
   * once; a retried submission gets a fresh one, and the earlier one stops working.
   */
  token: string;
  caseNo: string;
  status: CaseStatus;
  repeated: boolean;
  expectedAt: string | null;
}

/** A new reporter's token: 24 random bytes, base64url. */
export const newReportToken = () => randomBytes(24).toString('base64url');
const reportTokenHash = (token: string) => createHash('sha256').update(token).digest();

/** Whether `token` is the one whose hash was stored (none stored, or none given: no). */
export function reportTokenMatches(stored: Buffer | null, token: string | undefined): boolean {
  if (!stored || !token) return false;
  const given = reportTokenHash(token);
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** Refuse a caller without the report's token, saying where the token is. */
function assertReporter(stored: Buffer | null, token: string | undefined, trackingNo: string, what: string): void {
  if (reportTokenMatches(stored, token)) return;
  throw new TRPCError({
    code: 'FORBIDDEN',
    message: `${what} ${token ? 'needs the right token' : 'needs the token'} of report ${trackingNo}: open the tracking link of your receipt (…&token=…)`,
  });
}

/** Bytes that really are the image type they claim to be. */
export function decodePhoto(photo: NonNullable<PublicReport['photo']>): Buffer {
  const bytes = Buffer.from(photo.base64, 'base64');
  if (!bytes.length) throw badRequest('photo: empty or not base64');
  if (bytes.length > MAX_PHOTO_BYTES) throw badRequest(`photo: ${bytes.length} bytes; at most ${MAX_PHOTO_BYTES} (4 MiB)`);
  const is = {
    'image/jpeg': bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff,
    'image/png': bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    'image/webp': bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP',
  }[photo.contentType];
  if (!is) throw badRequest(`photo: the bytes are not a ${photo.contentType} image (JPEG, PNG and WebP are accepted)`);
  return bytes;
}

/** Largest picture accepted, in pixels (a 4 MiB file could otherwise unpack to gigabytes). */
const MAX_PHOTO_PIXELS = 50_000_000;

/**
 * A photo as it is stored: its bytes checked, then decoded and encoded again by libvips (sharp) in the same
 * format, turned upright by its EXIF orientation and without any metadata — EXIF (GPS position, camera,
 * time), XMP, IPTC and ICC — so a resident's photo tells no more than what it shows.
 */
export async function cleanPhoto(photo: NonNullable<PublicReport['photo']>): Promise<Buffer> {
  const bytes = decodePhoto(photo);
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: 'error' }).rotate();
    const encoded = photo.contentType === 'image/jpeg' ? image.jpeg({ quality: 90, mozjpeg: true }) : photo.contentType === 'image/png' ? image.png() : image.webp({ quality: 90 });
    return await encoded.toBuffer();
  } catch (err) {
    throw badRequest(`photo: the ${photo.contentType} image cannot be read (${(err as Error).message})`);
  }
}

function badRequest(message: string): TRPCError {
  return new TRPCError({ code: 'BAD_REQUEST', message });
}

/** R + 10 characters of Crockford base32: unguessable, easy to read out on the phone. */
export function newTrackingNo(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  return 'R' + [...randomBytes(10)].map((b) => alphabet[b & 31]).join('');
}

/** A point for an address: the building whose address matches best. */
export async function geocode(pool: pg.Pool, address: string): Promise<{ lng: number; lat: number } | null> {
  const b = await queryOne(pool, 'building-geocode', [address]);
  return b ? { lng: b.lng, lat: b.lat } : null;
}

/** At most `limit` public reports per address in 10 minutes, counted for all API processes together; 429 with the wait otherwise. */
export async function throttleReports(db: Queryable, ip: string, limit: number): Promise<void> {
  const wait = await new SharedLimit('report', limit, 600).take(db, ip);
  if (wait) throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `too many reports from your address: ${limit} in 10 minutes; try again in ${Math.ceil(wait / 60)} min or call 12345` });
}

/** Register a public report. `source` is the channel: 'snapshot' (随手拍) or 'open311'. */
export async function submitReport(app: CaseWriter, input: PublicReport, source: 'snapshot' | 'open311'): Promise<Receipt> {
  const repeated = async (): Promise<Receipt | null> => {
    const { rows } = await app.pool.query<{ tracking_no: string }>(`SELECT tracking_no FROM intake_keys WHERE key = $1 AND tracking_no IS NOT NULL`, [input.idempotencyKey]);
    if (!rows[0]) return null;
    // Only the token's hash is kept: the retry's receipt carries a fresh token (the latest receipt's link works).
    const token = newReportToken();
    await queryOne(app.pool, 'report-token-renew', [rows[0].tracking_no, reportTokenHash(token)]);
    return { ...(await receiptOf(app.pool, rows[0].tracking_no, token))!, repeated: true };
  };
  if (input.idempotencyKey) {
    const before = await repeated();
    if (before) return before;
  }
  const photo = input.photo ? await cleanPhoto(input.photo) : null;
  let point = input.lng !== undefined && input.lat !== undefined ? { lng: input.lng, lat: input.lat } : null;
  if (!point) {
    point = await geocode(app.pool, input.address!);
    if (!point) throw badRequest(`address: no building with the address "${input.address}"; pick the place on the map instead`);
  }
  const trackingNo = newTrackingNo();
  const token = newReportToken();
  const made = await intakeCase(app.pool, {
    typeCode: input.typeCode, source, priority: 2, description: input.description, lng: point.lng, lat: point.lat,
    registeredBy: null, scope: '', trackingNo, tokenHash: reportTokenHash(token), name: input.name ?? null, phone: input.phone ?? null,
    idempotencyKey: input.idempotencyKey ?? null, photo: photo ? { contentType: input.photo!.contentType, bytes: photo } : null, mediaUrl: input.mediaUrl ?? null,
  });
  if (made.repeated) return (await repeated())!;
  afterCaseCommit(app);
  const calendar = await workCalendar(app.pool);
  const sla = slaOf(made.row, new Date(), calendar);
  return { trackingNo, token, caseNo: made.caseNo, status: made.status, repeated: false, expectedAt: sla ? expectedClose(made.row, calendar, sla.dueAt) : null };
}

async function receiptOf(pool: pg.Pool, trackingNo: string, token: string): Promise<Receipt | null> {
  const t = await trackReport(pool, trackingNo, token);
  return t ? { trackingNo, token, caseNo: t.caseNo, status: t.status, repeated: false, expectedAt: t.expectedAt } : null;
}

export interface Tracking {
  trackingNo: string;
  caseNo: string;
  typeCode: string;
  typeName: string;
  typeNameEn: string;
  status: CaseStatus;
  /** Where it stands for the public: open until closed (or rejected). */
  open: boolean;
  description: string;
  reportedAt: string;
  updatedAt: string;
  expectedAt: string | null;
  location: [number, number];
  address: string | null;
  rating: number | null;
  /** The caller showed the report's token: the reporter. */
  reporter: boolean;
  /** Closed, not rated yet, and asked with the token. */
  canRate: boolean;
  /** The reporter's own photo, at /api/reports/{no}/photo?token=…: shown to the reporter only (no moderation). */
  photo: boolean;
  /** The steps, without names of staff. */
  steps: { at: string; action: string; toStatus: string; note: string | null }[];
}

/** A report by its tracking number, as anyone may see it; with the report's token, as its reporter does. */
export async function trackReport(pool: pg.Pool, trackingNo: string, token?: string): Promise<Tracking | null> {
  const r = await queryOne(pool, 'public-reports', [[trackingNo], null, null, null, null]);
  if (!r) return null;
  const reporter = reportTokenMatches(r.token_hash, token);
  const [events, calendar] = await Promise.all([query(pool, 'incident-events', [r.id]), workCalendar(pool)]);
  const sla = slaOf(r, new Date(), calendar);
  const steps = events.map((e) => ({
    at: e.at.toISOString(),
    action: e.action,
    toStatus: e.to_status,
    // Staff notes on handling and verification are for the reporter; reasons for internal steps are not.
    note: ['report', 'verify_fail', 'reject', 'reopen', 'rate'].includes(e.action) ? e.note : null,
  }));
  return {
    trackingNo,
    caseNo: r.case_no,
    typeCode: r.type_code,
    typeName: r.type_name,
    typeNameEn: r.type_name_en,
    status: r.status,
    open: !['closed', 'rejected'].includes(r.status),
    description: r.reporter_description,
    reportedAt: r.reporter_at.toISOString(),
    updatedAt: (r.updated_at ?? r.reporter_at).toISOString(),
    expectedAt: sla ? expectedClose(r, calendar, sla.dueAt) : null,
    location: [r.lng, r.lat],
    address: r.address ?? null,
    rating: r.rating,
    reporter,
    canRate: reporter && r.status === 'closed' && r.rating === null,
    photo: reporter && r.own_photo,
    steps,
  };
}

/** When the case should be done: the end of its handling limit (from now if not dispatched yet). */
function expectedClose(r: SlaRow, calendar: Parameters<typeof slaOf>[2], stageDue: string): string {
  if (r.status === 'verifying') return stageDue;
  if (r.status === 'dispatched' || r.status === 'handling') return stageDue;
  // Not dispatched yet: this stage's deadline, then the handling limit.
  const handling = slaOf({ ...r, status: 'dispatched', dispatched_at: new Date(stageDue), stage_started_at: new Date(stageDue) }, new Date(stageDue), calendar);
  return handling?.dueAt ?? stageDue;
}

/** The reporter's own photo; the report's token is required. Null when the report or its photo is not there. */
export async function reportPhoto(pool: pg.Pool, trackingNo: string, token: string | undefined): Promise<{ contentType: string; bytes: Buffer } | null> {
  const p = await queryOne(pool, 'report-photo', [trackingNo]);
  if (!p) return null;
  assertReporter(p.token_hash, token, trackingNo, 'the photo');
  return p.bytes !== null ? { contentType: p.content_type, bytes: p.bytes } : null;
}

/** The reporter's rating of a closed case (the report's token is required); 1 or 2 stars reopen it for handling. */
export async function rateReport(app: CaseWriter, trackingNo: string, token: string | undefined, rating: number, comment: string | undefined): Promise<Tracking> {
  await inTransaction(app.pool, async (client) => {
    const c = await queryOne(client, 'report-for-rating', [trackingNo]);
    if (!c) throw new TRPCError({ code: 'NOT_FOUND', message: `no report with tracking number ${trackingNo}` });
    assertReporter(c.token_hash, token, trackingNo, 'rating');
    if (c.status !== 'closed') throw new TRPCError({ code: 'PRECONDITION_FAILED', message: `case ${c.case_no} is ${c.status}: it can be rated once it is closed` });
    if (c.rating !== null) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: `case ${c.case_no} has been rated already (${c.rating})` });
    await client.query(`UPDATE incidents SET rating = $2, version = version + 1 WHERE id = $1`, [c.id, rating]);
    await query(client, 'incident-event-insert', [c.id, null, 'reporter', null, 'rate', 'closed', 'closed', comment ?? null, JSON.stringify({ rating, trackingNo })]);
    let action = 'rate';
    if (rating <= 2) {
      await query(client, 'incident-reopen', [c.id]);
      await query(client, 'incident-event-insert', [c.id, null, 'system', null, 'reopen', 'closed', 'handling', `差评重办 rated ${rating}`, JSON.stringify({ rating })]);
      action = 'reopen';
    }
    await finishCaseWrite(client, c.id, action);
  });
  afterCaseCommit(app);
  return (await trackReport(app.pool, trackingNo, token))!;
}
