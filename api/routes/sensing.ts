/**
 * Sensors over plain HTTP, for device gateways and video-analytics servers (bearer INGEST_TOKEN):
 *   POST /api/telemetry      { readings: [{ device, at?, values: { metric: value } }] } → accepted / rejected per message
 *   POST /api/video-events   { events: [{ camera, kind, confidence, at? }] }
 * and for staff (session cookie, scope-checked):
 *   GET  /api/cameras/:id/frame.svg   the demo live view: a generated frame with the camera's name and the time
 * A well-formed batch answers 200 with what was kept and why each refused message was refused (422 when
 * nothing was kept); a malformed one 400; a missing or wrong token 401; a body over 4 MiB 413. The token is
 * checked when the request's headers arrive (an onRequest hook), so a body without one is never read.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../trpc';
import { IngestError } from '../sensing/validate';
import { ingestTelemetry } from '../sensing/ingest';
import { ingestVideoEvents } from '../sensing/video-events';
import { cameraFrameSvg } from '../sensing/camera-frame';
import { SESSION_COOKIE, sessionUser } from '../auth/session';
import { queryOne } from '../sql';
import { inScope } from '../auth/roles';

export interface SensingRoutesOptions {
  context: AppContext;
  /** Null: ingest is switched off (production without INGEST_TOKEN). */
  ingestToken: string | null;
  retentionDays: number;
  /** Demo mode: cameras without a stream show a generated frame. */
  demo: boolean;
}

export const INGEST_BODY_LIMIT = 4 * 1024 * 1024;

function authorised(request: FastifyRequest, token: string | null): string | null {
  if (!token) return 'telemetry ingest is switched off: set INGEST_TOKEN on the server';
  const header = request.headers.authorization ?? '';
  const sent = header.startsWith('Bearer ') ? header.slice(7) : '';
  const a = Buffer.from(sent);
  const b = Buffer.from(token);
  if (!sent) return 'send the ingest token as "Authorization: Bearer <INGEST_TOKEN>"';
  if (a.length !== b.length || !timingSafeEqual(a, b)) return 'wrong ingest token';
  return null;
}

export async function sensingRoutes(app: FastifyInstance, options: SensingRoutesOptions): Promise<void> {
  const { context } = options;
  const onRequest = async (request: FastifyRequest, reply: FastifyReply) => {
    const refused = authorised(request, options.ingestToken);
    if (refused) return reply.code(options.ingestToken ? 401 : 503).send({ error: refused });
  };
  const answer = async (reply: FastifyReply, run: () => Promise<{ accepted: number }>) => {
    try {
      const result = await run();
      return reply.code(result.accepted > 0 ? 200 : 422).send(result);
    } catch (err) {
      if (err instanceof IngestError) return reply.code(err.status).send({ error: err.message });
      throw err;
    }
  };
  app.post('/api/telemetry', { bodyLimit: INGEST_BODY_LIMIT, onRequest }, (request, reply) =>
    answer(reply, () => ingestTelemetry(context, request.body, { retentionDays: options.retentionDays })),
  );
  app.post('/api/video-events', { bodyLimit: INGEST_BODY_LIMIT, onRequest }, (request, reply) =>
    answer(reply, () => ingestVideoEvents(context, request.body, { retentionDays: options.retentionDays })),
  );

  app.get('/api/cameras/:id/frame.svg', async (request, reply) => {
    const user = await sessionUser(context.pool, request.cookies[SESSION_COOKIE]);
    if (!user) return reply.code(401).send({ error: 'sign in to see camera views' });
    const id = Number((request.params as { id: string }).id);
    if (!Number.isSafeInteger(id) || id < 1) return reply.code(400).send({ error: 'a camera id is a positive integer' });
    const camera = await queryOne(context.pool, 'camera-for-frame', [id]);
    if (!camera) return reply.code(404).send({ error: `no camera ${id}` });
    if (!inScope(user.scopeCode, camera.grid_code)) return reply.code(403).send({ error: `the camera lies outside your scope ${user.scopeCode} (${user.scopeName})` });
    if (!options.demo) return reply.code(404).send({ error: `camera ${camera.code} has no generated view outside demo mode; give it an hls_url` });
    if (camera.status !== 'online') return reply.code(409).send({ error: `camera ${camera.code} is offline` });
    return reply.type('image/svg+xml').header('cache-control', 'no-store').send(cameraFrameSvg(camera, new Date()));
  });
}
