import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type pg from 'pg';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { LAYERS, findLayer, type Aggregate, type LayerDefinition, type LayerId } from './layers';

/** MVT extent and clip buffer, as ST_AsMVTGeom's defaults: 64 units lets lines and labels run across tile edges. */
export const EXTENT = 4096;
export const BUFFER = 64;
const CACHE_MAX_BYTES = 256 * 1024 * 1024;
/** How often data versions are re-read, so tiles cached by this process follow writes made by any process. */
const VERSION_TTL_MS = 2000;

export type TileEncoder = 'postgis' | 'node';

/** Whose features a scoped layer shows: an area-code prefix, and a department handler's department. */
export interface TileScope {
  /** Area-code prefix ('' for everything). */
  area: string;
  /** Layers of cases (`department` in the registry) show only this department's; null: every department. */
  department: string | null;
}

/** A tile request that cannot be served; `status` is the HTTP status the route answers with. */
export class TileRequestError extends Error {
  constructor(
    readonly status: 400 | 401 | 404,
    message: string,
  ) {
    super(message);
  }
}

export interface Tile {
  layer: LayerDefinition;
  /** Uncompressed MVT bytes; empty when the tile holds no feature. */
  data: Buffer;
  gzip: Buffer;
  etag: string;
  cached: boolean;
}

const sqlFile = (name: string) => readFileSync(new URL(`./sql/${name}.sql`, import.meta.url), 'utf8').trim();
const BUMP_VERSIONS = sqlFile('data-versions-bump');

/** A column name or literal from the registry (never from a request), quoted for SQL. */
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (v: string | number) => (typeof v === 'number' ? String(Number.isFinite(v) ? v : 0) : `'${v.replace(/'/g, "''")}'`);

function aggregateExpression(a: Aggregate): string {
  return 'avg' in a
    ? `round(avg(f.${ident(a.avg)}))::float8`
    : `(count(*) FILTER (WHERE f.${ident(a.count)} IN (${a.of.map(literal).join(', ')})))::int`;
}

/**
 * A layer's features in one mode, from its SQL: in the caller's scope for scoped layers (the SQL's
 * `area_code` starts with `$4`; a plain column, so the filter reaches the table's index), of the caller's
 * department for layers of cases (`department_code` = `$5` unless `$5` is null), and at low zoom
 * summed up on a 32×32 grid of cells over the tile, one point per cell snapped to the cell's centre so it
 * stays inside the tile, with `count` and the layer's `aggregateFields`.
 */
export function featureQuery(layer: LayerDefinition, source: string, mode: 'raw' | 'aggregate'): string {
  const scope = (layer.access === 'scoped' ? ` AND f.area_code LIKE $4 || '%'` : '') + (layer.department ? ' AND ($5::text IS NULL OR f.department_code = $5)' : '');
  if (mode === 'raw') return `SELECT * FROM (${source}\n) f WHERE true${scope}`;
  const point = layer.geometry === 'point' ? 'f.geom' : 'ST_Centroid(f.geom)';
  const fields = Object.entries(layer.aggregateFields ?? {}).map(([name, a]) => `${aggregateExpression(a)} AS ${ident(name)}`);
  // A feature counts in exactly one tile: the one its point lies in, west and north edges included
  // (a bounding-box overlap would count points on an edge, and footprints across it, in two tiles).
  // OFFSET 0 keeps the point a value computed once per feature: inlined, the centroid would be computed
  // again for each of the five places that use it (twice as slow on dense building tiles).
  return `SELECT count(*)::int AS count, ${[...fields, ''].join(', ')}
       ST_SnapToGrid(p.pt, ST_XMin(e) + (ST_XMax(e) - ST_XMin(e)) / 64, ST_YMin(e) + (ST_YMax(e) - ST_YMin(e)) / 64,
                     (ST_XMax(e) - ST_XMin(e)) / 32, (ST_YMax(e) - ST_YMin(e)) / 32) AS geom
FROM (${source}\n) f CROSS JOIN LATERAL (SELECT ${point} AS pt OFFSET 0) p, (SELECT ST_TileEnvelope($1, $2, $3) AS e) env
WHERE f.geom && e${scope}
  AND ST_X(p.pt) >= ST_XMin(e) AND ST_X(p.pt) < ST_XMax(e) AND ST_Y(p.pt) > ST_YMin(e) AND ST_Y(p.pt) <= ST_YMax(e)
GROUP BY ${fields.length + 2}`;
}

/**
 * The layer's feature query, wrapped for the fast path: PostGIS clips, transforms and encodes (ST_AsMVT).
 * The transformed geometries are MATERIALIZED: inlined, the planner evaluates the transform once per
 * reference (filter and output) and may split ST_AsMVT over parallel workers, three times slower in all.
 */
function postgisStatement(source: string, columns: string[], clip: boolean, nameParam: string): string {
  if (!clip) {
    // Small features: into tile coordinates (y down), snapped, rings oriented as the portable path does.
    return `WITH features AS (${source}\n),
  b AS (SELECT ST_XMin(env) AS x0, ST_YMax(env) AS y0, ${EXTENT} / (ST_XMax(env) - ST_XMin(env)) AS k
        FROM (SELECT ST_TileEnvelope($1, $2, $3) AS env) t),
  mvt AS MATERIALIZED (SELECT ST_ForcePolygonCCW(ST_SnapToGrid(ST_TransScale(f.geom, -b.x0, -b.y0, b.k, -b.k), 1)) AS mvtgeom,
                 ${columns.map((c) => `f.${c}`).join(', ')} FROM features f, b)
SELECT ST_AsMVT(mvt.*, ${nameParam}::text, ${EXTENT}, 'mvtgeom') AS tile FROM mvt WHERE mvtgeom IS NOT NULL AND NOT ST_IsEmpty(mvtgeom) AND $4::text IS NOT NULL`;
  }
  return `WITH features AS (${source}\n),
  mvt AS MATERIALIZED (SELECT ST_AsMVTGeom(f.geom, ST_TileEnvelope($1, $2, $3), ${EXTENT}, ${BUFFER}, true) AS mvtgeom,
                 ${columns.map((c) => `f.${c}`).join(', ')} FROM features f)
SELECT ST_AsMVT(mvt.*, ${nameParam}::text, ${EXTENT}, 'mvtgeom') AS tile FROM mvt WHERE mvtgeom IS NOT NULL AND $4::text IS NOT NULL`;
}

/** Property columns of a layer in one mode, quoted: names come from the registry, never from a request. */
function columnsOf(layer: LayerDefinition, mode: 'raw' | 'aggregate'): string[] {
  const fields = mode === 'raw' ? Object.keys(layer.fields) : ['count', ...Object.keys(layer.aggregateFields ?? {})];
  return fields.map(ident);
}

/**
 * The portable path, for PostGIS built without protobuf (PGlite): clip to the buffered tile, move into
 * tile coordinates (y down), snap to the integer grid, orient rings as MVT wants (exterior positive area),
 * and hand GeoJSON to Node for encoding.
 */
function portableStatement(source: string, columns: string[], clip: boolean): string {
  return `WITH features AS (${source}\n),
  t AS (SELECT ST_TileEnvelope($1, $2, $3) AS env),
  b AS (SELECT env, ST_XMin(env) AS x0, ST_YMax(env) AS y0, ${EXTENT} / (ST_XMax(env) - ST_XMin(env)) AS k,
               (ST_XMax(env) - ST_XMin(env)) * ${BUFFER} / ${EXTENT} AS pad FROM t),
  g AS (SELECT ST_ForcePolygonCCW(ST_SnapToGrid(ST_TransScale(${clip ? 'ST_ClipByBox2D(f.geom, ST_Expand(b.env, b.pad)::box2d)' : 'f.geom'},
                 -b.x0, -b.y0, b.k, -b.k), 1)) AS tilegeom, f.*
        FROM features f, b)
SELECT ST_AsGeoJSON(tilegeom, 0) AS geojson,
       jsonb_strip_nulls(jsonb_build_object(${columns.map((c) => `'${c.slice(1, -1)}', g.${c}`).join(', ')})) AS props
FROM g WHERE tilegeom IS NOT NULL AND NOT ST_IsEmpty(tilegeom) AND $4::text IS NOT NULL`;
}

type Point = [number, number];
/** A feature as geojson-vt leaves it in tile coordinates: points, or lines and rings of points. */
type VtFeature =
  | { type: 1; geometry: Point[]; tags: Record<string, unknown> }
  | { type: 2 | 3; geometry: Point[][]; tags: Record<string, unknown> };
type TileGeometry =
  | { type: 'Point'; coordinates: Point }
  | { type: 'MultiPoint' | 'LineString'; coordinates: Point[] }
  | { type: 'MultiLineString' | 'Polygon'; coordinates: Point[][] }
  | { type: 'MultiPolygon'; coordinates: Point[][][] }
  | { type: 'GeometryCollection' };
/** What vt-pbf encodes as one layer: geojson-vt's tile, of which the encoder reads only the features. */
type VtLayer = Parameters<typeof fromGeojsonVt>[0][string];

/** GeoJSON in tile coordinates → the geojson-vt feature form that vt-pbf encodes. */
function toVtFeature(g: TileGeometry, tags: Record<string, unknown>): VtFeature | null {
  switch (g.type) {
    case 'Point': return { type: 1, geometry: [g.coordinates], tags };
    case 'MultiPoint': return { type: 1, geometry: g.coordinates, tags };
    case 'LineString': return g.coordinates.length >= 2 ? { type: 2, geometry: [g.coordinates], tags } : null;
    case 'MultiLineString': return { type: 2, geometry: g.coordinates.filter((l) => l.length >= 2), tags };
    case 'Polygon': return { type: 3, geometry: g.coordinates.filter((r) => r.length >= 4), tags };
    case 'MultiPolygon': return { type: 3, geometry: g.coordinates.flat().filter((r) => r.length >= 4), tags };
    default: return null; // only collapsed slivers end up in a GeometryCollection after snapping
  }
}

interface CacheEntry extends Omit<Tile, 'cached' | 'layer'> {
  version: number;
}

/**
 * Serves the layers of the registry as Mapbox Vector Tiles from PostGIS, on either encoder,
 * with an in-memory cache of encoded tiles that is dropped per layer when its data version changes.
 */
export class TileService {
  private readonly statements = new Map<string, string>();
  private readonly cache = new Map<string, CacheEntry>();
  private cacheBytes = 0;
  private versions = new Map<string, number>();
  private versionsReadAt = 0;
  /** The read of data_versions under way, which every request arriving meanwhile waits for (not one read each). */
  private versionsReading: Promise<void> | undefined;
  /** Bumped by invalidate(): a read that began before it does not count as fresh. */
  private invalidations = 0;
  private liveVersions = new Map<string, () => number>();

  constructor(
    /** Where versions are bumped, and live layers (whose version is the newest change) are read. */
    private readonly pool: pg.Pool,
    readonly encoder: TileEncoder,
    /** Where the other layers are read: a streaming replica (DATABASE_READ_URL), else `pool`. */
    private readonly readPool: pg.Pool = pool,
  ) {
    for (const layer of LAYERS as readonly LayerDefinition[]) {
      const source = sqlFile(layer.id);
      this.statements.set(`${layer.id}:raw`, featureQuery(layer, source, 'raw'));
      if (layer.aggregateBelow !== undefined) this.statements.set(`${layer.id}:aggregate`, featureQuery(layer, source, 'aggregate'));
    }
  }

  /** Use ST_AsMVT where PostGIS has it (built with protobuf); otherwise encode in Node. */
  static async detectEncoder(pool: pg.Pool): Promise<TileEncoder> {
    try {
      await pool.query(`SELECT ST_AsMVT(t.*, 'probe') FROM (SELECT ST_AsMVTGeom(ST_Point(1, 1), ST_MakeEnvelope(0, 0, 2, 2)) AS g) t`);
      return 'postgis';
    } catch {
      return 'node';
    }
  }

  /** Validate a request against the registry; throws TileRequestError with what is valid. */
  resolve(layerId: string, z: number, x: number, y: number): LayerDefinition {
    const layer = findLayer(layerId);
    if (!layer) throw new TileRequestError(404, `unknown layer "${layerId}"; layers: ${LAYERS.map((l) => l.id).join(', ')}`);
    if (!Number.isInteger(z) || !Number.isInteger(x) || !Number.isInteger(y) || z < 0 || x < 0 || y < 0) {
      throw new TileRequestError(400, `tile coordinates must be non-negative integers, got ${z}/${x}/${y}`);
    }
    if (z < layer.minzoom || z > layer.maxzoom) {
      throw new TileRequestError(404, `zoom ${z} is outside layer "${layer.id}"'s range ${layer.minzoom}–${layer.maxzoom}`);
    }
    const n = 2 ** z;
    if (x >= n || y >= n) throw new TileRequestError(400, `tile ${z}/${x}/${y} does not exist: x and y must be below ${n} at zoom ${z}`);
    return layer;
  }

  /** The SQL that produces a tile's bytes (fast path) or its features (portable path), for benchmarks. */
  statementFor(layer: LayerDefinition, z: number, encoder: TileEncoder = this.encoder): string {
    const mode = layer.aggregateBelow !== undefined && z < layer.aggregateBelow ? 'aggregate' : 'raw';
    const source = this.statements.get(`${layer.id}:${mode}`)!;
    const columns = columnsOf(layer, mode);
    const clip = mode === 'aggregate' || layer.clip !== false;
    // The MVT layer's name follows the scope's parameters: $5, or $6 after a layer of cases' department.
    return encoder === 'postgis' ? postgisStatement(source, columns, clip, layer.department ? '$6' : '$5') : portableStatement(source, columns, clip);
  }

  /** Bind parameters of `statementFor`; `department` counts for layers of cases only. */
  paramsFor(layer: LayerDefinition, z: number, x: number, y: number, scope = '', encoder: TileEncoder = this.encoder, department: string | null = null): unknown[] {
    const params: unknown[] = [z, x, y, scope];
    if (layer.department) params.push(department);
    if (encoder === 'postgis') params.push(layer.id);
    return params;
  }

  /**
   * Encode one tile without the cache; `encoder` may be forced to compare the two paths. `scope` is the
   * area-code prefix a scoped layer's features must have ('3501' or '' for everything), `department` the one
   * department whose cases a layer of cases shows (null: all).
   */
  async render(layer: LayerDefinition, z: number, x: number, y: number, encoder: TileEncoder = this.encoder, scope = '', department: string | null = null): Promise<Buffer> {
    const statement = this.statementFor(layer, z, encoder);
    const params = this.paramsFor(layer, z, x, y, scope, encoder, department);
    // A live layer's version is the primary's newest change: read on the primary, so a tile cached under that
    // version holds that change. Other versions are read where the data is (the replica lags both alike).
    const db = this.liveVersions.has(layer.id) ? this.pool : this.readPool;
    try {
      if (encoder === 'postgis') {
        const { rows } = await db.query<{ tile: Buffer }>(statement, params);
        return rows[0]?.tile ?? Buffer.alloc(0);
      }
      const { rows } = await db.query<{ geojson: string; props: Record<string, unknown> }>(statement, params);
      const features: VtFeature[] = [];
      for (const row of rows) {
        const f = toVtFeature(JSON.parse(row.geojson), row.props);
        if (f && f.geometry.length > 0) features.push(f);
      }
      if (features.length === 0) return Buffer.alloc(0);
      const bytes = fromGeojsonVt({ [layer.id]: { features } as unknown as VtLayer }, { version: 2, extent: EXTENT });
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (err) {
      throw new Error(`while rendering layer ${layer.id} at ${z}/${x}/${y}: ${(err as Error).message}`, { cause: err });
    }
  }

  /**
   * A tile through the cache. `scope` is the caller's area scope (and department), null for an anonymous
   * caller: a scoped layer then answers 401; otherwise it holds only the caller's features, cached per scope.
   */
  async getTile(layerId: string, z: number, x: number, y: number, scope: TileScope | null = null): Promise<Tile> {
    const layer = this.resolve(layerId, z, x, y);
    const scoped = layer.access === 'scoped';
    if (scoped && scope === null) throw new TileRequestError(401, `sign in to see the layer "${layer.id}"; without an account only ${LAYERS.filter((l) => l.access === 'public').map((l) => l.id).join(', ')} are public`);
    const version = await this.versionOf(layer.id);
    const department = layer.department ? (scope?.department ?? null) : null;
    const key = scoped ? `${layer.id}/${z}/${x}/${y}@${scope!.area}${department ? `#${department}` : ''}` : `${layer.id}/${z}/${x}/${y}`;
    const hit = this.cache.get(key);
    if (hit && hit.version === version) {
      // Refresh recency: Map keeps insertion order, which makes it a cheap LRU.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return { ...hit, layer, cached: true };
    }
    const data = await this.render(layer, z, x, y, this.encoder, scoped ? scope!.area : '', department);
    const entry: CacheEntry = {
      data,
      // Level 1: a third of level 6's time for 5% more bytes; the cold path is what tile latency is made of.
      gzip: gzipSync(data, { level: 1 }),
      etag: `"${version}-${createHash('sha1').update(data).digest('base64url').slice(0, 20)}"`,
      version,
    };
    this.store(key, entry, hit);
    return { ...entry, layer, cached: false };
  }

  /**
   * Every writer calls this after its COMMIT: the layers' data changed. Bumps their data versions, so
   * tiles cached by every process are dropped within VERSION_TTL_MS, and drops this process's now. Layers
   * whose version is known live (incidents: the newest change id) are only dropped here.
   */
  async markChanged(layers: LayerId | readonly LayerId[]): Promise<void> {
    const ids = typeof layers === 'string' ? [layers] : [...layers];
    const stored = ids.filter((id) => !this.liveVersions.has(id));
    if (stored.length) await this.pool.query(BUMP_VERSIONS, [stored]);
    for (const id of ids) this.invalidate(id);
  }

  /** Drop cached tiles of a layer now (the writer's own process need not wait for the version poll). */
  invalidate(layerId: string): void {
    for (const [key, entry] of this.cache) {
      if (key.startsWith(`${layerId}/`)) {
        this.cache.delete(key);
        this.cacheBytes -= entry.data.length + entry.gzip.length;
      }
    }
    this.versionsReadAt = 0;
    this.invalidations++;
  }

  private store(key: string, entry: CacheEntry, previous?: CacheEntry): void {
    if (previous) {
      this.cache.delete(key);
      this.cacheBytes -= previous.data.length + previous.gzip.length;
    }
    this.cache.set(key, entry);
    this.cacheBytes += entry.data.length + entry.gzip.length;
    for (const [k, e] of this.cache) {
      if (this.cacheBytes <= CACHE_MAX_BYTES) break;
      this.cache.delete(k);
      this.cacheBytes -= e.data.length + e.gzip.length;
    }
  }

  /** Tiles in the cache and their bytes (raw and gzip), for `GET /metrics`. */
  get cacheSize(): { tiles: number; bytes: number } {
    return { tiles: this.cache.size, bytes: this.cacheBytes };
  }

  /** A layer whose version is known live (incidents: the newest change id) rather than polled. */
  liveVersion(layerId: string, version: () => number): void {
    this.liveVersions.set(layerId, version);
  }

  private async versionOf(layerId: string): Promise<number> {
    const live = this.liveVersions.get(layerId);
    if (live) return live();
    if (Date.now() - this.versionsReadAt > VERSION_TTL_MS) {
      this.versionsReading ??= this.readVersions().finally(() => (this.versionsReading = undefined));
      await this.versionsReading;
    }
    return this.versions.get(layerId) ?? 0;
  }

  private async readVersions(): Promise<void> {
    const invalidations = this.invalidations;
    const readAt = Date.now();
    const { rows } = await this.readPool.query<{ layer: string; version: number }>('SELECT layer, version FROM data_versions');
    this.versions = new Map(rows.map((r) => [r.layer, r.version]));
    if (this.invalidations === invalidations) this.versionsReadAt = readAt;
  }
}
