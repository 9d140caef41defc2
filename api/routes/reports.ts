/**
 * Public reporting over plain HTTP, for residents and for apps that speak Open311:
 *   POST /api/reports                      随手拍 form (JSON, optional photo as base64) → tracking number and token
 *   GET  /api/reports/:trackingNo          the report's progress, for its tracking page (?token=: as its reporter)
 *   GET  /api/reports/:trackingNo/photo    the reporter's photo, for the reporter (?token=)
 *   POST /api/reports/:trackingNo/rating   the reporter's rating of the closed case ({ token, rating, comment? })
 *   GET  /api/photos/:id                   a case photo, for staff whose scope (and department) holds the case
 *   Open311 GeoReport v2 (JSON): /open311/v2/services.json, services/{code}.json, requests.json (GET, POST
 *   form-encoded), requests/{id}.json — service_request_id is the tracking number; listings show no photos.
 * Rate limits are checked in onRequest hooks, before a body is read: reports and ratings per address in 10
 * minutes (REPORT_RATE_LIMIT each, counted in the database for all API processes together), the public reads
 * per address and minute (PUBLIC_RATE_LIMIT, per process).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { z } from 'zod';
import { query, queryOne } from '../sql';
import type { IncidentTypeRow } from '../sql/rows';
import { invalidInput, type AppContext } from '../trpc';
import { httpUrlSchema, publicReportSchema, rateReport, reportPhoto, reportTokenSchema, submitReport, throttleReports, trackReport, MAX_PHOTO_BYTES, type PublicReport } from '../cases/intake';
import { SESSION_COOKIE, sessionUser } from '../auth/session';
import { inScope } from '../auth/roles';
import { seesPersonalData } from '../../tiles/domain/roles';
import { departmentFilter } from '../cases/store';
import { slaOf, workCalendar } from '../cases/sla';
import { SharedLimit, takePublic } from '../rate-limit';

export interface ReportRoutesOptions {
  context: AppContext;
  reportRateLimit: number;
  publicUrl?: string;
}

const trackingNoSchema = z.string().regex(/^R[0-9A-Z]{10}$/, 'a tracking number is R followed by 10 letters and digits');
const ratingSchema = z.object({ token: reportTokenSchema.optional(), rating: z.number().int().min(1).max(5), comment: z.string().trim().max(500).optional() });
const tokenQuerySchema = z.object({ token: reportTokenSchema.optional() });

function problem(err: unknown): { status: number; message: string } {
  if (err instanceof z.ZodError) return { status: 400, message: invalidInput(err) };
  if (err instanceof TRPCError) return { status: getHTTPStatusCodeFromError(err), message: err.message };
  throw err;
}

/** A TRPCError or zod error as a 4xx in our JSON shape; anything else goes to the server's error handler. */
function fail(reply: FastifyReply, err: unknown) {
  const { status, message } = problem(err);
  return reply.code(status).send({ error: message });
}

/** The same as Open311's error list: [{ code, description }]. */
function fail311(reply: FastifyReply, err: unknown) {
  const { status, message } = problem(err);
  return reply.code(status).send([{ code: status, description: message }]);
}

/**
 * An onRequest hook — it runs before the body is read — that counts the request against a per-address limit
 * (`take` throws TOO_MANY_REQUESTS beyond it) and answers 429 in the route's error format.
 */
function limitHook(take: (ip: string) => void | Promise<void>, format: 'json' | 'open311' = 'json') {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      await take(request.ip);
    } catch (err) {
      return format === 'open311' ? fail311(reply, err) : fail(reply, err);
    }
  };
}

const CHINA_OFFSET_MS = 8 * 3600_000;
/** W3C date-time in China time, as GeoReport v2 examples write them. */
export function w3c(date: Date | string | null): string | null {
  if (!date) return null;
  const t = new Date(new Date(date).getTime() + CHINA_OFFSET_MS);
  return t.toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

const STATUS_NOTES: Record<string, string> = {
  reported: '已收到，待受理 received, waiting to be accepted',
  registered: '已受理立案 accepted and registered',
  dispatched: '已派遣至责任单位 dispatched to the responsible unit',
  handling: '责任单位处置中 being handled',
  verifying: '处置完毕，核查中 handled, being verified',
  closed: '已核查办结 verified and closed',
  rejected: '不予受理 not accepted',
  merged: '已并入同一问题的案件 merged into a case of the same problem',
};

export async function reportRoutes(app: FastifyInstance, options: ReportRoutesOptions): Promise<void> {
  const { context } = options;
  // PUBLIC_URL, else the request's origin: behind a proxy its forwarded one only when TRUST_PROXY trusts it
  // (Fastify reads X-Forwarded-Proto and -Host for request.protocol and request.host only then).
  const originOf = (request: FastifyRequest) => options.publicUrl?.replace(/\/$/, '') ?? `${request.protocol}://${request.host}`;
  const reports = limitHook((ip) => throttleReports(context.pool, ip, options.reportRateLimit));
  const ratings = new SharedLimit('rating', options.reportRateLimit, 600);
  const rateLimited = limitHook(async (ip) => {
    const wait = await ratings.take(context.pool, ip);
    if (wait) throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `too many ratings from your address: ${ratings.limit} in 10 minutes; try again in ${Math.ceil(wait / 60)} min` });
  });
  const publicRead = limitHook((ip) => takePublic(context.publicLimit, ip));
  const publicRead311 = limitHook((ip) => takePublic(context.publicLimit, ip), 'open311');
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    const params = new URLSearchParams(body as string);
    const out: Record<string, string> = {};
    for (const [k, v] of params) out[k] = v;
    done(null, out);
  });

  // ─── 随手拍 ───────────────────────────────────────────────────────────────────────────────────────────
  app.post('/api/reports', { bodyLimit: Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 64 * 1024, onRequest: reports }, async (request, reply) => {
    try {
      const input = publicReportSchema.parse(request.body);
      const receipt = await submitReport(context, input, 'snapshot');
      return reply.code(receipt.repeated ? 200 : 201).send(receipt);
    } catch (err) {
      return fail(reply, err);
    }
  });

  app.get('/api/reports/:trackingNo', { onRequest: publicRead }, async (request, reply) => {
    try {
      const trackingNo = trackingNoSchema.parse((request.params as { trackingNo: string }).trackingNo);
      const { token } = tokenQuerySchema.parse(request.query);
      const tracking = await trackReport(context.pool, trackingNo, token);
      if (!tracking) return reply.code(404).send({ error: `no report with tracking number ${trackingNo}` });
      return reply.header('cache-control', 'no-store').send(tracking);
    } catch (err) {
      return fail(reply, err);
    }
  });

  app.get('/api/reports/:trackingNo/photo', { onRequest: publicRead }, async (request, reply) => {
    try {
      const trackingNo = trackingNoSchema.parse((request.params as { trackingNo: string }).trackingNo);
      const { token } = tokenQuerySchema.parse(request.query);
      const photo = await reportPhoto(context.pool, trackingNo, token);
      if (!photo) return reply.code(404).send({ error: `report ${trackingNo} has no photo` });
      // The token is in the URL: no shared cache may keep the answer, nor a referrer carry the link away.
      return reply.type(photo.contentType).header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer').send(photo.bytes);
    } catch (err) {
      return fail(reply, err);
    }
  });

  // A rating is a few hundred bytes: a larger body is refused before it is read.
  app.post('/api/reports/:trackingNo/rating', { bodyLimit: 4096, onRequest: rateLimited }, async (request, reply) => {
    try {
      const trackingNo = trackingNoSchema.parse((request.params as { trackingNo: string }).trackingNo);
      const { token, rating, comment } = ratingSchema.parse(request.body);
      return await rateReport(context, trackingNo, token, rating, comment);
    } catch (err) {
      return fail(reply, err);
    }
  });

  app.get('/api/photos/:id', async (request, reply) => {
    const user = await sessionUser(context.pool, request.cookies[SESSION_COOKIE]);
    if (!user) return reply.code(401).send({ error: 'sign in to see case photos' });
    // Planners and wall displays work with figures and places, never with what residents sent.
    if (!seesPersonalData(user.role)) return reply.code(403).send({ error: `the role ${user.role} sees no photos of cases` });
    const id = Number((request.params as { id: string }).id);
    if (!Number.isSafeInteger(id) || id < 1) return reply.code(400).send({ error: 'a photo id is a positive integer' });
    const p = await queryOne(context.pool, 'photo-by-id', [id]);
    if (!p) return reply.code(404).send({ error: `no photo ${id}` });
    // Neither refusal names the case: the caller may not know it.
    if (!inScope(user.scopeCode, p.grid_code)) return reply.code(403).send({ error: `the photo's case lies outside your scope ${user.scopeCode} (${user.scopeName})` });
    const department = departmentFilter(user);
    if (department && p.department_code !== department) return reply.code(403).send({ error: `the photo's case is not assigned to your department (${user.departmentName ?? department})` });
    return reply.type(p.content_type).header('cache-control', 'private, max-age=3600').send(p.bytes);
  });

  // ─── Open311 GeoReport v2 ────────────────────────────────────────────────────────────────────────────
  const services = () => query(context.pool, 'incident-types');
  const serviceOf = (r: IncidentTypeRow) => ({
    service_code: r.code,
    service_name: r.name,
    description: `${r.name_en} (${r.category})`,
    metadata: false,
    type: 'realtime',
    keywords: [r.name_en, r.category].join(','),
    group: r.major === 'SJ' || r.code.startsWith('SJ') ? '事件 events' : '部件 components',
  });

  app.get('/open311/v2/services.json', { onRequest: publicRead311 }, async () => (await services()).map(serviceOf));

  app.get('/open311/v2/services/:code', { onRequest: publicRead311 }, async (request, reply) => {
    const m = /^(.+)\.json$/.exec((request.params as { code: string }).code);
    if (!m) return reply.code(404).send([{ code: 404, description: 'only the JSON format is offered: ask for services/{code}.json' }]);
    const s = (await services()).find((r) => r.code === m[1]);
    if (!s) return reply.code(404).send([{ code: 404, description: `no service with service_code ${m[1]}` }]);
    return { service_code: s.code, attributes: [] };
  });

  const open311Post = z.object({
    jurisdiction_id: z.string().max(100).optional(),
    api_key: z.string().max(200).optional(),
    service_code: z.string({ error: 'service_code is required' }).regex(/^(SJ|BJ)\d{4}$/, 'a code from services.json, such as SJ0101'),
    lat: z.coerce.number().min(-90).max(90).optional(),
    long: z.coerce.number().min(-180).max(180).optional(),
    address_string: z.string().trim().min(2).max(200).optional(),
    email: z.string().max(200).optional(),
    device_id: z.string().max(200).optional(),
    account_id: z.string().max(200).optional(),
    first_name: z.string().max(40).optional(),
    last_name: z.string().max(40).optional(),
    phone: z.string().max(30).optional(),
    description: z.string().trim().max(1000).optional(),
    media_url: httpUrlSchema.optional(),
  });

  const reports311 = limitHook((ip) => throttleReports(context.pool, ip, options.reportRateLimit), 'open311');
  app.post('/open311/v2/requests.json', { onRequest: reports311 }, async (request, reply) => {
    try {
      if (typeof request.body !== 'object' || request.body === null) throw new TRPCError({ code: 'BAD_REQUEST', message: 'send the request form-encoded (application/x-www-form-urlencoded)' });
      const p = open311Post.parse(request.body);
      if ((p.lat === undefined) !== (p.long === undefined)) throw new TRPCError({ code: 'BAD_REQUEST', message: 'lat and long go together' });
      const name = [p.last_name, p.first_name].filter(Boolean).join('') || undefined;
      const input: PublicReport = publicReportSchema.parse({
        typeCode: p.service_code,
        description: p.description || '（未填写描述）',
        lng: p.long,
        lat: p.lat,
        address: p.address_string,
        name,
        phone: p.phone && /^[0-9+\- ]{5,20}$/.test(p.phone) ? p.phone : undefined,
        mediaUrl: p.media_url,
        idempotencyKey: request.headers['idempotency-key'] as string | undefined,
      });
      const receipt = await submitReport(context, input, 'open311');
      // tracking_url (beyond the specification) is the reporter's tracking link, with the token that rating needs.
      const trackingUrl = `${originOf(request)}/?view=track&no=${receipt.trackingNo}&token=${receipt.token}`;
      return reply.code(201).send([{ service_request_id: receipt.trackingNo, service_notice: `受理编号 ${receipt.caseNo}`, account_id: null, tracking_url: trackingUrl }]);
    } catch (err) {
      return fail311(reply, err);
    }
  });

  const open311Query = z.object({
    jurisdiction_id: z.string().max(100).optional(),
    service_request_id: z.string().max(2000).optional(),
    service_code: z.string().max(500).optional(),
    start_date: z.string().datetime({ offset: true }).optional(),
    end_date: z.string().datetime({ offset: true }).optional(),
    status: z.string().regex(/^(open|closed)(,(open|closed))?$/, 'status: open, closed, or both').optional(),
  });

  const requests = async (q: z.infer<typeof open311Query>) => {
    const ids = q.service_request_id?.split(',').map((s) => s.trim()).filter(Boolean) ?? null;
    if (ids) for (const id of ids) trackingNoSchema.parse(id);
    const codes = q.service_code?.split(',').map((s) => s.trim()).filter(Boolean) ?? null;
    const statuses = q.status?.split(',') ?? null;
    // Without ids or dates: the last 90 days, as the specification suggests; at most 1,000 requests.
    const start = q.start_date ?? (ids ? null : new Date(Date.now() - 90 * 86400_000).toISOString());
    const rows = await query(context.pool, 'public-reports', [ids, codes, start, q.end_date ?? null, statuses]);
    const calendar = await workCalendar(context.pool);
    const now = new Date();
    return rows.map((r) => {
      const sla = slaOf(r, now, calendar);
      const closed = ['closed', 'rejected'].includes(r.status);
      return {
        service_request_id: r.tracking_no,
        status: closed ? 'closed' : 'open',
        status_notes: STATUS_NOTES[r.status] ?? r.status,
        service_name: r.type_name,
        service_code: r.type_code,
        description: r.reporter_description,
        agency_responsible: r.department_name ?? null,
        service_notice: `受理编号 ${r.case_no}`,
        requested_datetime: w3c(r.reporter_at),
        updated_datetime: w3c(r.updated_at),
        expected_datetime: closed ? null : w3c(sla?.dueAt ?? null),
        address: r.address ?? null,
        address_id: null,
        zipcode: null,
        lat: r.lat,
        long: r.lng,
        // Residents' photos are theirs (and may show people, plates, homes): a public listing shows only
        // moderated ones, and there is no moderation, so none — neither uploads nor media_url links.
        media_url: null,
      };
    });
  };

  app.get('/open311/v2/requests.json', { onRequest: publicRead311 }, async (request, reply) => {
    try {
      return await requests(open311Query.parse(request.query));
    } catch (err) {
      return fail311(reply, err);
    }
  });

  app.get('/open311/v2/requests/:id', { onRequest: publicRead311 }, async (request, reply) => {
    try {
      const m = /^(.+)\.json$/.exec((request.params as { id: string }).id);
      if (!m) return reply.code(404).send([{ code: 404, description: 'only the JSON format is offered: ask for requests/{id}.json' }]);
      const found = await requests({ service_request_id: trackingNoSchema.parse(m[1]) });
      if (!found.length) return reply.code(404).send([{ code: 404, description: `no service request ${m[1]}` }]);
      return found;
    } catch (err) {
      return fail311(reply, err);
    }
  });
}
