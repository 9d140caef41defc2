import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createHash } from 'node:crypto';
import { LAYERS, type LayerDefinition } from '../../tiles/layers';
import { BUFFER, EXTENT, TileService } from '../../tiles/tile-service';
import { baseUrl, createTestContext, decodeTile, signIn, tileOf, type DecodedFeature, type HttpSession } from '../helpers';

let t: Awaited<ReturnType<typeof createTestContext>>;
/** The city-wide administrator sees every layer in full. */
let admin: HttpSession;
beforeAll(async () => {
  t = await createTestContext();
  admin = await signIn('demo-admin');
});
afterAll(async () => {
  await t.pool.end();
});

/** 军门社区 / 东街口, in the heart of 鼓楼区. */
const JUNMEN: [number, number] = [119.3005, 26.0865];

async function fetchTile(layer: string, z: number, x: number, y: number, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl()}/tiles/${layer}/${z}/${x}/${y}.mvt`, { headers: { ...admin.headers, ...headers } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const json = () => JSON.parse(new TextDecoder().decode(bytes));
  return { res, bytes, json };
}

/** A z15 tile over 鼓楼区 that has buildings in it. */
async function gulouBuildingTile() {
  const { rows } = await t.pool.query<{ lng: number; lat: number }>(
    `SELECT ST_X(ST_Centroid(geom)) AS lng, ST_Y(ST_Centroid(geom)) AS lat FROM buildings
     WHERE grid_code LIKE '350102%' ORDER BY ST_Distance(geom, ST_SetSRID(ST_Point($1, $2), 4326)) LIMIT 1`,
    JUNMEN,
  );
  return tileOf(rows[0].lng, rows[0].lat, 15);
}

describe('tile catalog', () => {
  it('lists every registry layer with its TileJSON', async () => {
    const index = await (await fetch(`${baseUrl()}/tiles/index.json`)).json();
    expect(index.layers.map((l: { id: string }) => l.id)).toEqual(LAYERS.map((l) => l.id));
    for (const layer of LAYERS) {
      const res = await fetch(`${baseUrl()}/tiles/${layer.id}.json`);
      expect(res.status).toBe(200);
      const tj = await res.json();
      expect(tj.tilejson).toBe('3.0.0');
      expect(tj.tiles[0]).toBe(`${baseUrl()}/tiles/${layer.id}/{z}/{x}/{y}.mvt`);
      expect(tj.minzoom).toBe(layer.minzoom);
      expect(tj.maxzoom).toBe(layer.maxzoom);
      expect(tj.bounds).toHaveLength(4);
      expect(tj.bounds[0]).toBeLessThan(119.3);
      expect(tj.vector_layers[0].id).toBe(layer.id);
      expect(Object.keys(tj.vector_layers[0].fields)).toEqual(expect.arrayContaining(Object.keys(layer.fields)));
    }
  });
});

describe('a z15 buildings tile over 鼓楼区', () => {
  it('decodes into buildings with id and height: exactly those the database has in the tile', async () => {
    const { z, x, y } = await gulouBuildingTile();
    const { res, bytes } = await fetchTile('buildings', z, x, y);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    const layer = decodeTile(bytes).buildings;
    expect(layer.features.length).toBeGreaterThan(0);
    for (const f of layer.features) {
      expect(f.type).toBe(3);
      expect(typeof f.properties.id).toBe('number');
      expect(f.properties.height as number).toBeGreaterThan(0);
    }
    const { rows } = await t.pool.query<{ id: number; height: number }>(
      `SELECT id, height::float8 AS height FROM buildings WHERE ST_Intersects(geom3857, ST_TileEnvelope($1, $2, $3)) ORDER BY id`,
      [z, x, y],
    );
    const decoded = layer.features.map((f) => f.properties.id as number).sort((a, b) => a - b);
    // Every building touching the tile is there (the clip buffer may add a few neighbours).
    expect(decoded).toEqual(expect.arrayContaining(rows.map((r) => r.id)));
    const heights = new Map(rows.map((r) => [r.id, r.height]));
    for (const f of layer.features) if (heights.has(f.properties.id as number)) expect(f.properties.height).toBeCloseTo(heights.get(f.properties.id as number)!, 5);
  });

  it('holds the same features on the embedded database and on PostgreSQL (same seed → same snapshot)', async () => {
    const { z, x, y } = await gulouBuildingTile();
    const { bytes } = await fetchTile('buildings', z, x, y);
    const features = decodeTile(bytes).buildings.features
      .map((f) => `${f.properties.id}:${f.properties.height}:${f.properties.floors}:${f.properties.use}`)
      .sort();
    expect({ tile: `${z}/${x}/${y}`, count: features.length, sha1: createHash('sha1').update(features.join('\n')).digest('hex') }).toMatchSnapshot();
  });
});

describe('encoders', () => {
  it('uses ST_AsMVT where PostGIS has protobuf, and the Node encoder where it does not', async () => {
    let hasMvt = true;
    try {
      await t.pool.query(`SELECT ST_AsMVT(q.*) FROM (SELECT ST_AsMVTGeom(ST_Point(1, 1), ST_MakeEnvelope(0, 0, 2, 2)) AS g) q`);
    } catch {
      hasMvt = false;
    }
    expect(inject('tileEncoder')).toBe(hasMvt ? 'postgis' : 'node');
    // PGlite's PostGIS is built without protobuf; Debian's postgresql-15-postgis-3 has it.
    expect(hasMvt).toBe(inject('databaseKind') === 'postgres');
  });
});

/**
 * The zooms a layer is checked at, each within its range: its lowest raw zoom and street level (z15, or
 * its nearest), and where it aggregates, its lowest zoom and the last one below raw.
 */
function checkedZooms(layer: LayerDefinition): { z: number; mode: 'raw' | 'aggregate' }[] {
  const rawFrom = Math.max(layer.minzoom, layer.aggregateBelow ?? layer.minzoom);
  const raw = [...new Set([rawFrom, Math.min(layer.maxzoom, Math.max(rawFrom, 15))])];
  const aggregate = layer.aggregateBelow === undefined ? [] : [...new Set([layer.minzoom, layer.aggregateBelow - 1])];
  return [...raw.map((z) => ({ z, mode: 'raw' as const })), ...aggregate.map((z) => ({ z, mode: 'aggregate' as const }))];
}

/**
 * A zoom-z tile near 军门 that holds some of the layer's features: from a tile over 军门 a little above the
 * layer's lowest zoom (z10 at the lowest; z itself when lower), down one zoom at a time into the quarter
 * holding the feature point nearest 军门. Searching renders with the portable encoder, whatever zoom the
 * layer serves (the route checks the range, render does not); the tiles returned are at zooms it serves.
 */
async function tileWithFeatures(tiles: TileService, layer: LayerDefinition, z: number): Promise<{ z: number; x: number; y: number }> {
  const render = async (tile: { z: number; x: number; y: number }) => decodeTile(await tiles.render(layer, tile.z, tile.x, tile.y, 'node'))[layer.id]?.features ?? [];
  let tile = tileOf(JUNMEN[0], JUNMEN[1], Math.min(z, Math.max(10, layer.minzoom - 2)));
  let features = await render(tile);
  if (!features.length) throw new Error(`${layer.id}: nothing in the z${tile.z} tile over 军门`);
  while (tile.z < z) {
    // 军门 in this tile's coordinates, and the feature point inside the tile nearest to it.
    const n = 2 ** tile.z;
    const r = (JUNMEN[1] * Math.PI) / 180;
    const jx = (((JUNMEN[0] + 180) / 360) * n - tile.x) * EXTENT;
    const jy = (((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n - tile.y) * EXTENT;
    const points = features.flatMap((f) => f.geometry.flat()).filter((p) => p.x >= 0 && p.x < EXTENT && p.y >= 0 && p.y < EXTENT);
    const [p] = points.sort((a, b) => Math.hypot(a.x - jx, a.y - jy) - Math.hypot(b.x - jx, b.y - jy));
    const quarter = p ? [Number(p.x >= EXTENT / 2), Number(p.y >= EXTENT / 2)] : [0, 0];
    const children = [quarter, [1 - quarter[0], quarter[1]], [quarter[0], 1 - quarter[1]], [1 - quarter[0], 1 - quarter[1]]];
    let found = false;
    for (const [dx, dy] of children) {
      const child = { z: tile.z + 1, x: tile.x * 2 + dx, y: tile.y * 2 + dy };
      const childFeatures = await render(child);
      if (childFeatures.length) {
        [tile, features, found] = [child, childFeatures, true];
        break;
      }
    }
    if (!found) throw new Error(`${layer.id}: no child of ${tile.z}/${tile.x}/${tile.y} holds a feature`);
  }
  return tile;
}

describe('the two encoders, for every layer of the registry', () => {
  const bbox = (f: DecodedFeature) => {
    const pts = f.geometry.flat();
    return [Math.min(...pts.map((p) => p.x)), Math.min(...pts.map((p) => p.y)), Math.max(...pts.map((p) => p.x)), Math.max(...pts.map((p) => p.y))];
  };

  it('checks each layer at zooms it serves, raw and aggregated', () => {
    for (const layer of LAYERS as readonly LayerDefinition[]) {
      const zooms = checkedZooms(layer);
      expect(zooms.some((c) => c.mode === 'raw'), layer.id).toBe(true);
      expect(zooms.some((c) => c.mode === 'aggregate'), layer.id).toBe(layer.aggregateBelow !== undefined);
      for (const { z } of zooms) {
        expect(z, layer.id).toBeGreaterThanOrEqual(layer.minzoom);
        expect(z, layer.id).toBeLessThanOrEqual(layer.maxzoom);
      }
    }
  });

  for (const layer of LAYERS as readonly LayerDefinition[]) {
    it(`${layer.id}: both paths decode to the same features and properties (on PostGIS; the portable path alone on PGlite)`, { timeout: 180_000 }, async () => {
      const node = new TileService(t.pool, 'node');
      const postgis = new TileService(t.pool, 'postgis');
      for (const { z, mode } of checkedZooms(layer)) {
        const label = `${layer.id} z${z} (${mode})`;
        const { x, y } = await tileWithFeatures(node, layer, z);
        const portable = decodeTile(await node.render(layer, z, x, y))[layer.id]?.features ?? [];
        expect(portable.length, `${label} has features`).toBeGreaterThan(0);
        // Aggregates are counts (and nothing of a single feature); raw features are never counts.
        for (const f of portable) {
          if (mode === 'aggregate') {
            expect(f.type, label).toBe(1);
            expect(f.properties.count as number, label).toBeGreaterThan(0);
            expect(Object.keys(f.properties).sort(), label).toEqual(['count', ...Object.keys(layer.aggregateFields ?? {})].sort());
          } else {
            expect(f.properties.count, label).toBeUndefined();
            expect(Object.keys(layer.fields), label).toEqual(expect.arrayContaining(Object.keys(f.properties)));
          }
        }
        // Clipped layers stay within the tile and its 64-unit buffer; unclipped ones (building footprints)
        // are whole, and must still touch that buffered tile.
        const clipped = layer.clip !== false || mode === 'aggregate';
        for (const f of portable) {
          const [x0, y0, x1, y1] = bbox(f);
          if (clipped) {
            expect(x0, label).toBeGreaterThanOrEqual(-BUFFER);
            expect(x1, label).toBeLessThanOrEqual(EXTENT + BUFFER);
            expect(y0, label).toBeGreaterThanOrEqual(-BUFFER);
            expect(y1, label).toBeLessThanOrEqual(EXTENT + BUFFER);
          } else {
            expect(x1 >= -BUFFER && x0 <= EXTENT + BUFFER && y1 >= -BUFFER && y0 <= EXTENT + BUFFER, `${label} feature near the tile`).toBe(true);
          }
        }
        // PGlite's PostGIS has no ST_AsMVT: there the portable path is the only one.
        if (inject('tileEncoder') !== 'postgis') continue;
        const fast = decodeTile(await postgis.render(layer, z, x, y))[layer.id]?.features ?? [];
        expect(fast.length, `${label} has features on the fast path`).toBeGreaterThan(0);
        // Same properties and the same place (bbox within 2 tile units: the two paths round differently).
        // ST_AsMVTGeom drops polygons that collapse below a pixel; compare what both keep.
        const key = (f: DecodedFeature) => JSON.stringify(Object.entries(f.properties).sort());
        const byKey = new Map<string, DecodedFeature[]>();
        for (const f of portable) byKey.set(key(f), [...(byKey.get(key(f)) ?? []), f]);
        let matched = 0;
        const unmatched: string[] = [];
        for (const f of fast) {
          const b = bbox(f);
          const twin = (byKey.get(key(f)) ?? []).find((p) => p.type === f.type && bbox(p).every((v, i) => Math.abs(v - b[i]) <= 2));
          if (twin) matched++;
          else unmatched.push(`${key(f)} at [${b.join(', ')}]`);
        }
        const report = `${label} ${x}/${y}: ${matched} of ${fast.length}/${portable.length} match; only on the fast path: ${unmatched.slice(0, 5).join('; ')}`;
        // Aggregates are counts at cell centres: nothing collapses, so both paths hold exactly the same.
        if (mode === 'aggregate') expect({ matched, portable: portable.length }, report).toEqual({ matched: fast.length, portable: fast.length });
        else expect(matched / Math.max(fast.length, portable.length), report).toBeGreaterThan(0.98);
      }
    });
  }
});

describe('tile HTTP behaviour', () => {
  it('answers 204 for an empty tile (open sea east of 平潭)', async () => {
    const { x, y } = tileOf(120.6, 25.0, 14);
    expect((await fetchTile('buildings', 14, x, y)).res.status).toBe(204);
  });

  it('answers 404 naming the layers for an unknown layer', async () => {
    const { res, json } = await fetchTile('volcanoes', 14, 1, 1);
    expect(res.status).toBe(404);
    expect(json().error).toMatch(/unknown layer "volcanoes".*buildings/);
  });

  it('answers 404 with the valid range for a zoom outside it', async () => {
    const { res, json } = await fetchTile('buildings', 3, 1, 1);
    expect(res.status).toBe(404);
    expect(json().error).toContain('12–16');
  });

  it('answers 400 for malformed or impossible coordinates', async () => {
    for (const path of ['buildings/15/abc/1.mvt', 'buildings/15/-1/2.mvt', 'buildings/14/99999/1.mvt', 'buildings/15/1.mvt', 'buildings/15/1/2.5.mvt']) {
      const res = await fetch(`${baseUrl()}/tiles/${path}`);
      expect(res.status, path).toBe(400);
      expect((await res.json()).error.length).toBeGreaterThan(10);
    }
  });

  it('serves ETag, Cache-Control, 304 and a cached second read', async () => {
    const { z, x, y } = await gulouBuildingTile();
    const first = await fetchTile('buildings', z, x, y);
    const etag = first.res.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    expect(first.res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const second = await fetchTile('buildings', z, x, y);
    expect(second.res.headers.get('x-tile-cache')).toBe('hit');
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    const revalidated = await fetch(`${baseUrl()}/tiles/buildings/${z}/${x}/${y}.mvt`, { headers: { ...admin.headers, 'if-none-match': etag } });
    expect(revalidated.status).toBe(304);
  });

  it('drops cached tiles when the layer data version changes', async () => {
    // A z15 tile with the facility nearest 军门 in it.
    const { rows } = await t.pool.query<{ lng: number; lat: number }>(
      `SELECT ST_X(geom) AS lng, ST_Y(geom) AS lat FROM facilities ORDER BY ST_Distance(geom, ST_SetSRID(ST_Point($1, $2), 4326)) LIMIT 1`,
      JUNMEN,
    );
    const { z, x, y } = tileOf(rows[0].lng, rows[0].lat, 15);
    const first = await fetchTile('facilities', z, x, y);
    expect(first.res.status).toBe(200);
    // Cached: a repeat is a hit, until the version changes.
    const repeat = await fetchTile('facilities', z, x, y);
    expect(repeat.res.headers.get('x-tile-cache')).toBe('hit');
    await t.pool.query(`INSERT INTO data_versions (layer, version) VALUES ('facilities', 2) ON CONFLICT (layer) DO UPDATE SET version = data_versions.version + 1`);
    // The server re-reads versions every 2 s.
    await new Promise((r) => setTimeout(r, 2200));
    const after = await fetchTile('facilities', z, x, y);
    expect(after.res.headers.get('x-tile-cache')).toBe('miss');
    expect(after.res.headers.get('etag')).not.toBe(first.res.headers.get('etag'));
    expect(Buffer.from(after.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect((await fetchTile('facilities', z, x, y)).res.headers.get('x-tile-cache')).toBe('hit');
  });

  it('serves aggregates at low zoom and keeps the densest tiles under 500 KB', async () => {
    const { x, y } = tileOf(JUNMEN[0], JUNMEN[1], 12);
    const agg = decodeTile((await fetchTile('incidents', 12, x, y)).bytes).incidents;
    expect(agg.features.length).toBeGreaterThan(0);
    expect(agg.features.length).toBeLessThanOrEqual(32 * 32);
    for (const f of agg.features) expect(f.properties.count as number).toBeGreaterThan(0);
    for (const layer of LAYERS) {
      for (const zoom of [layer.minzoom, Math.max(layer.minzoom, Math.min(layer.maxzoom, 14)), layer.maxzoom]) {
        const tile = tileOf(JUNMEN[0], JUNMEN[1], zoom);
        const { res, bytes } = await fetchTile(layer.id, zoom, tile.x, tile.y);
        expect([200, 204]).toContain(res.status);
        expect(bytes.length, `${layer.id} z${zoom}`).toBeLessThan(500 * 1024);
      }
    }
  });
});
