import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LAYERS, type LayerDefinition } from './layers';
import { TileRequestError, type TileScope, type TileService } from './tile-service';

export interface TileRouteOptions {
  tiles: TileService;
  /** City bounds [w, s, e, n] for TileJSON. */
  bounds: [number, number, number, number];
  /** Public origin for absolute tile URLs; defaults to the request's own. */
  publicUrl?: string;
  /** The caller's area scope (and department), or null without a session; asked only for scoped layers. */
  scopeOf(request: FastifyRequest): Promise<TileScope | null>;
}

/** What follows `/tiles/` (the route's `*`): `{layer}/{z}/{x}/{y}.mvt` and `{layer}.json`. */
const TILE_PATH = /^([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)\.(mvt|pbf)$/;
const TILEJSON_PATH = /^([^/]+)\.json$/;
const INTEGER = /^\d{1,10}$/;
const GZIP = /\bgzip\b/;
const MVT_TYPE = 'application/vnd.mapbox-vector-tile';

/** The headers of a layer's tiles, made once: a cached tile's request does no more than it must. */
const TILE_HEADERS = new Map(
  (LAYERS as readonly LayerDefinition[]).map((l) => [
    l.id,
    // Scoped tiles differ per account: only the browser may cache them, never a shared proxy.
    { cacheControl: `${l.access === 'scoped' ? 'private' : 'public'}, max-age=${l.maxAgeSeconds}`, vary: l.access === 'scoped' ? 'accept-encoding, cookie' : 'accept-encoding' },
  ]),
);
const SCOPED = new Set<string>(LAYERS.filter((l) => l.access === 'scoped').map((l) => l.id));

const unknownLayer = (id: string) => new TileRequestError(404, `unknown layer "${id}"; layers: ${LAYERS.map((l) => l.id).join(', ')}`);

function origin(request: FastifyRequest, publicUrl?: string): string {
  if (publicUrl) return publicUrl.replace(/\/$/, '');
  return `${request.protocol}://${request.host}`;
}

function tileJson(layer: LayerDefinition, base: string, bounds: number[]) {
  const fields = { ...layer.fields, ...(layer.aggregateBelow !== undefined ? { count: 'Number', ...layer.aggregateFields } : {}) };
  return {
    tilejson: '3.0.0',
    name: layer.id,
    description: layer.description,
    attribution: 'City Brain · 福州 (synthetic city on real administrative codes)',
    scheme: 'xyz',
    tiles: [`${base}/tiles/${layer.id}/{z}/{x}/{y}.mvt`],
    minzoom: layer.minzoom,
    maxzoom: layer.maxzoom,
    bounds,
    center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, Math.max(layer.minzoom, 9)],
    vector_layers: [{ id: layer.id, description: layer.description, minzoom: layer.minzoom, maxzoom: layer.maxzoom, fields }],
  };
}

/** `/tiles/index.json`, `/tiles/{layer}.json` (TileJSON 3.0.0) and `/tiles/{layer}/{z}/{x}/{y}.mvt`. */
export async function tileRoutes(app: FastifyInstance, options: TileRouteOptions): Promise<void> {
  const { tiles, bounds, publicUrl } = options;

  app.get('/tiles/index.json', async (request) => {
    const base = origin(request, publicUrl);
    return {
      layers: (LAYERS as readonly LayerDefinition[]).map((l) => ({
        id: l.id,
        title: l.title,
        description: l.description,
        geometry: l.geometry,
        minzoom: l.minzoom,
        maxzoom: l.maxzoom,
        tilejson: `${base}/tiles/${l.id}.json`,
      })),
    };
  });

  app.get('/tiles/*', async (request: FastifyRequest, reply: FastifyReply) => {
    // The path as the router resolved it (decoded), not the raw URL.
    const rest = (request.params as { '*': string })['*'];
    const m = TILE_PATH.exec(rest);
    if (!m) {
      const json = TILEJSON_PATH.exec(rest);
      if (json) {
        const layer = LAYERS.find((l) => l.id === json[1]);
        if (!layer) return sendError(reply, unknownLayer(json[1]));
        reply.header('cache-control', 'public, max-age=300');
        return tileJson(layer, origin(request, publicUrl), bounds);
      }
      return sendError(reply, new TileRequestError(400, `malformed tile path "/tiles/${rest}"; expected /tiles/{layer}/{z}/{x}/{y}.mvt or /tiles/{layer}.json`));
    }
    const layerId = m[1];
    const zs = m[2];
    const xs = m[3];
    const ys = m[4];
    if (!INTEGER.test(zs) || !INTEGER.test(xs) || !INTEGER.test(ys)) {
      if (!TILE_HEADERS.has(layerId)) return sendError(reply, unknownLayer(layerId));
      return sendError(reply, new TileRequestError(400, `tile coordinates must be non-negative integers, got ${zs}/${xs}/${ys}`));
    }
    try {
      // The session is looked up for scoped layers only: public layers' tiles are the same for everyone.
      const scope = SCOPED.has(layerId) ? await options.scopeOf(request) : null;
      const tile = await tiles.getTile(layerId, Number(zs), Number(xs), Number(ys), scope);
      // getTile has refused unknown layers.
      const headers = TILE_HEADERS.get(tile.layer.id)!;
      reply.header('cache-control', headers.cacheControl);
      reply.header('etag', tile.etag);
      reply.header('x-tile-cache', tile.cached ? 'hit' : 'miss');
      reply.header('vary', headers.vary);
      if (request.headers['if-none-match'] === tile.etag) return reply.code(304).send();
      if (tile.data.length === 0) return reply.code(204).send();
      reply.type(MVT_TYPE);
      const acceptEncoding = request.headers['accept-encoding'];
      if (acceptEncoding !== undefined && GZIP.test(acceptEncoding)) {
        reply.header('content-encoding', 'gzip');
        return reply.send(tile.gzip);
      }
      return reply.send(tile.data);
    } catch (err) {
      if (err instanceof TileRequestError) return sendError(reply, err);
      throw err;
    }
  });
}

function sendError(reply: FastifyReply, err: TileRequestError) {
  return reply.code(err.status).type('application/json').send({ error: err.message });
}
