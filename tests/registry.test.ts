/**
 * The layer registry (tiles/layers.ts) is the one list of map layers: each layer must have its SQL, its
 * web module, its row in the README and a tile that decodes to its declared fields. A layer added without
 * one of them, or a module or SQL file left behind by a removed layer, fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAYERS, type LayerDefinition } from '../tiles/layers';
import { baseUrl, decodeTile, signIn, tileOf, type HttpSession } from './helpers';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const ids = LAYERS.map((l) => l.id as string);
/** SQL of the tile service itself, not of a layer. */
const SERVICE_SQL = ['data-versions-bump'];

/** The ids in the first column of the README's "Map layers" table. */
function readmeLayerIds(readme: string): string[] {
  const section = readme.split(/^## Map layers$/m)[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
}

describe('the layer registry', () => {
  it('has unique ids that are safe in URLs and SQL', () => {
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it('gives every layer its SQL, and every SQL file is a layer or the service', () => {
    const files = readdirSync(new URL('tiles/sql/', root)).filter((f) => f.endsWith('.sql')).map((f) => f.slice(0, -4));
    expect(files.filter((f) => !SERVICE_SQL.includes(f)).sort()).toEqual([...ids].sort());
    for (const layer of LAYERS as readonly LayerDefinition[]) {
      const sql = read(`tiles/sql/${layer.id}.sql`);
      // The service filters scoped layers by area_code and never hands SQL the scope itself.
      expect(sql, layer.id).not.toMatch(/\$4/);
      if (layer.access === 'scoped') expect(sql, `${layer.id} must select area_code`).toMatch(/\barea_code\b/);
      for (const field of Object.keys(layer.fields)) expect(sql, `${layer.id}.${field}`).toMatch(new RegExp(`\\b${field}\\b`));
    }
  });

  it('gives every layer its web module, and every web module is a layer', () => {
    const modules = readdirSync(new URL('web/src/map/layers/', root)).filter((f) => /\.tsx?$/.test(f));
    expect(modules.map((f) => f.replace(/\.tsx?$/, '')).sort()).toEqual([...ids].sort());
    for (const id of ids) expect(read(`web/src/map/layers/${modules.find((f) => f.startsWith(`${id}.`))}`), id).toMatch(new RegExp(`id: '${id}'`));
  });

  it('lists every layer, in registry order, in the README table', () => {
    expect(readmeLayerIds(read('README.md'))).toEqual(ids);
  });
});

describe('every registry layer', () => {
  let admin: HttpSession;
  beforeAll(async () => {
    admin = await signIn('demo-admin');
  });
  /** 军门社区 / 东街口, in the heart of 鼓楼区. */
  const JUNMEN: [number, number] = [119.3005, 26.0865];

  it.each(ids)('%s: its tiles at each end of its zoom range decode to its own layer with its declared fields', async (id) => {
    const layer = LAYERS.find((l) => l.id === id) as LayerDefinition;
    for (const zoom of new Set([layer.minzoom, layer.maxzoom])) {
      const { z, x, y } = tileOf(JUNMEN[0], JUNMEN[1], zoom);
      const res = await fetch(`${baseUrl()}/tiles/${id}/${z}/${x}/${y}.mvt`, { headers: admin.headers });
      expect([200, 204], `${id} at z${zoom}`).toContain(res.status);
      if (res.status === 204) continue;
      const decoded = decodeTile(new Uint8Array(await res.arrayBuffer()));
      expect(Object.keys(decoded)).toEqual([id]);
      const aggregate = layer.aggregateBelow !== undefined && zoom < layer.aggregateBelow;
      const allowed = aggregate ? ['count', ...Object.keys(layer.aggregateFields ?? {})] : Object.keys(layer.fields);
      expect(decoded[id].features.length).toBeGreaterThan(0);
      for (const f of decoded[id].features) for (const key of Object.keys(f.properties)) expect(allowed, `${id} z${zoom}`).toContain(key);
    }
  });
});
