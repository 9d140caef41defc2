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

const TILE_PATH = /^\/tiles\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)\.(mvt|pbf)$/;
const TILEJSON_PATH = /^\/tiles\/([^/]+)\.json$/;
const INTEGER = /^\d{1,10}$/;

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
    const path = `/tiles/${(request.params as { '*': string })['*']}`;
    const json = TILEJSON_PATH.exec(path);
    if (json) {
      const layer = LAYERS.find((l) => l.id === json[1]);
      if (!layer) return sendError(reply, new TileRequestError(404, `unknown layer "${json[1]}"; layers: ${LAYERS.map((l) => l.id).join(', ')}`));
      reply.header('cache-control', 'public, max-age=300');
      return tileJson(layer, origin(request, publicUrl), bounds);
    }
    const m = TILE_PATH.exec(path);
    if (!m) {
      return sendError(reply, new TileRequestError(400, `malformed tile path "${path}"; expected /tiles/{layer}/{z}/{x}/{y}.mvt or /tiles/{layer}.json`));
    }
    const [, layerId, zs, xs, ys] = m;
    if (![zs, xs, ys].every((v) => INTEGER.test(v))) {
      if (!LAYERS.some((l) => l.id === layerId)) return sendError(reply, new TileRequestError(404, `unknown layer "${layerId}"; layers: ${LAYERS.map((l) => l.id).join(', ')}`));
      return sendError(reply, new TileRequestError(400, `tile coordinates must be non-negative integers, got ${zs}/${xs}/${ys}`));
    }
    try {
      const scoped = LAYERS.find((l) => l.id === layerId)?.access === 'scoped';
      const tile = await tiles.getTile(layerId, Number(zs), Number(xs), Number(ys), scoped ? await options.scopeOf(request) : null);
      // getTile has refused unknown layers.
      const layer = tile.layer;
      // Scoped tiles differ per account: only the browser may cache them, never a shared proxy.
      reply.header('cache-control', `${layer.access === 'scoped' ? 'private' : 'public'}, max-age=${layer.maxAgeSeconds}`);
      reply.header('etag', tile.etag);
      reply.header('x-tile-cache', tile.cached ? 'hit' : 'miss');
      reply.header('vary', layer.access === 'scoped' ? 'accept-encoding, cookie' : 'accept-encoding');
      if (request.headers['if-none-match'] === tile.etag) return reply.code(304).send();
      if (tile.data.length === 0) return reply.code(204).send();
      reply.type('application/vnd.mapbox-vector-tile');
      if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
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
