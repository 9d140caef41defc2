import { inject } from 'vitest';
import pg from 'pg';
import { PbfReader } from 'pbf';
import { VectorTile } from '@mapbox/vector-tile';
import { createCallerFactory, type Context } from '../api/trpc';
import { appRouter } from '../api/root';
import { TileService } from '../tiles/tile-service';
import { seedState } from '../seed/load';

export const baseUrl = () => inject('baseUrl');
const createCaller = createCallerFactory(appRouter);

/** A pool on the test database and a tRPC caller over it, as the server builds its own. */
export async function createTestContext(): Promise<{ ctx: Context; caller: ReturnType<typeof createCaller>; pool: pg.Pool }> {
  const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 });
  const seed = await seedState(pool);
  if (!seed) throw new Error('test database is not seeded');
  const ctx: Context = { pool, databaseKind: inject('databaseKind'), tiles: new TileService(pool, inject('tileEncoder')), seed };
  return { ctx, pool, caller: createCaller(ctx) };
}

export interface DecodedFeature {
  type: number;
  properties: Record<string, unknown>;
  geometry: { x: number; y: number }[][];
}

/** Decode an MVT into its layers' features, as a client library would. */
export function decodeTile(bytes: Uint8Array): Record<string, { extent: number; features: DecodedFeature[] }> {
  const tile = new VectorTile(new PbfReader(bytes));
  const out: Record<string, { extent: number; features: DecodedFeature[] }> = {};
  for (const [name, layer] of Object.entries(tile.layers)) {
    const features: DecodedFeature[] = [];
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      features.push({ type: f.type, properties: { ...f.properties }, geometry: f.loadGeometry().map((ring) => ring.map((p) => ({ x: p.x, y: p.y }))) });
    }
    out[name] = { extent: layer.extent, features };
  }
  return out;
}

/** Slippy-map tile containing a point. */
export function tileOf(lng: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const x = Math.floor(((lng + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return { z, x, y };
}
