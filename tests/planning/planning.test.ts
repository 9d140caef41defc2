/**
 * The planners' life-circle analysis through the API on the seeded city: coverage against an independent
 * per-building routing, sub-areas adding up, scenarios changing exactly the people they should, suggestions
 * agreeing with coverage, isochrones, scenarios' lifecycle and bad input.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildRoadNetwork, routesTo, distanceM, snapToNetwork, type RoadNetwork } from '../../api/sensing/road-network';
import { readFileSync } from 'node:fs';
import { CAPACITY_UNIT, SERVICE_TYPE, SERVICE_TYPES, TARGET_GROUP, WALK_M_PER_MIN } from '../../tiles/domain/planning';
import type { Coverage } from '../../api/planning/types';
import { DEMAND_SNAP_M, MAX_SNAP_M } from '../../api/planning/service';
import { demandDistances, indexDemand, reach } from '../../api/planning/engine';
import { codeOf, createTestContext, refusalOf } from '../helpers';

let t: Awaited<ReturnType<typeof createTestContext>>;
let planner: Awaited<ReturnType<typeof t.callerAs>>;
let network: RoadNetwork;
/** A street of 鼓楼区 (the demo planner's scope) with kindergartens and homes, and one of its communities. */
let street: string;
let community: string;

interface Home { id: number; lng: number; lat: number; kids: number; grid: string }

beforeAll(async () => {
  t = await createTestContext('demo-admin');
  planner = await t.callerAs('demo-planner');
  const roads = await t.pool.query<{ id: number; coordinates: [number, number][] }>(`SELECT id, (ST_AsGeoJSON(geom)::json) -> 'coordinates' AS coordinates FROM roads`);
  network = buildRoadNetwork(roads.rows);
  const { rows } = await t.pool.query<{ street: string; community: string }>(
    `SELECT left(f.grid_code, 9) AS street, min(left(f.grid_code, 12)) AS community
     FROM facilities f WHERE f.service_type = 'kindergarten' AND f.grid_code LIKE '350102%'
     GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
  );
  street = rows[0].street;
  community = rows[0].community;
}, 120_000);
afterAll(async () => {
  await t.pool.end();
});

async function homes(prefix: string): Promise<Home[]> {
  const { rows } = await t.pool.query<Home>(
    `SELECT id, ST_X(p) AS lng, ST_Y(p) AS lat, pop_3_5 AS kids, grid_code AS grid
     FROM buildings, ST_PointOnSurface(geom) p WHERE grid_code LIKE $1 || '%' AND pop_3_5 > 0 ORDER BY id`,
    [prefix],
  );
  return rows;
}

async function kindergartens(): Promise<{ id: number; lng: number; lat: number }[]> {
  return (await t.pool.query(`SELECT id, ST_X(geom) AS lng, ST_Y(geom) AS lat FROM facilities WHERE service_type = 'kindergarten' ORDER BY id`)).rows;
}

/** Walking metres from each home to the nearest of `sites`, routed one site at a time (an independent path). */
function nearestMetres(list: Home[], sites: [number, number][]): number[] {
  const best = list.map(() => Infinity);
  for (const s of sites) {
    // Only sites that could be within reach of some home matter for coverage.
    if (!list.some((h) => distanceM([h.lng, h.lat], s) <= 1200)) continue;
    // A site must lie near a street; a home may stand farther off (its connector is walked too).
    if (!snapToNetwork(network, s, MAX_SNAP_M)) continue;
    routesTo(network, s, list.map((h) => [h.lng, h.lat]), { maxDistanceM: 1200, maxSnapM: DEMAND_SNAP_M }).forEach((r, i) => {
      if (r && r.distanceM < best[i]) best[i] = r.distanceM;
    });
  }
  return best;
}

describe('planning.coverage', () => {
  it("equals a per-building routing of the community's homes to today's kindergartens", async () => {
    const c = await planner.planning.coverage({ areaCode: community, facilityType: 'kindergarten' });
    const list = await homes(community);
    const metres = nearestMetres(list, (await kindergartens()).map((k) => [k.lng, k.lat]));
    const population = list.reduce((s, h) => s + h.kids, 0);
    const covered = list.reduce((s, h, i) => s + (metres[i] <= SERVICE_TYPE.kindergarten.reachM ? h.kids : 0), 0);
    expect(population).toBeGreaterThan(0);
    expect(c.population).toBe(population);
    expect(c.covered).toBe(covered);
    expect(c.rate).toBeCloseTo(covered / population, 10);
    expect(c.thresholdM).toBe(300);
    expect(c.minutes).toBe(5);
    expect(c.target).toBe('children_3_5');
  });

  it('sub-areas add up to the area, and uncovered cells hold the uncovered people', async () => {
    for (const code of ['350102', street]) {
      const c = await planner.planning.coverage({ areaCode: code, facilityType: 'kindergarten' });
      expect(c.children.length).toBeGreaterThan(1);
      expect(c.children.reduce((s, r) => s + r.population, 0)).toBe(c.population);
      expect(c.children.reduce((s, r) => s + r.covered, 0)).toBe(c.covered);
      expect(c.uncovered.reduce((s, g) => s + g.people, 0)).toBe(c.population - c.covered);
      expect(c.uncovered.every((g) => g.people > 0 && /^89[0-9a-f]+$/.test(g.h3))).toBe(true);
    }
  });

  it('minutes widen the threshold (10 min = 600 m) and never cover fewer people', async () => {
    const five = await planner.planning.coverage({ areaCode: street, facilityType: 'kindergarten', minutes: 5 });
    const ten = await planner.planning.coverage({ areaCode: street, facilityType: 'kindergarten', minutes: 10 });
    expect(ten.thresholdM).toBe(10 * WALK_M_PER_MIN);
    expect(ten.covered).toBeGreaterThanOrEqual(five.covered);
    expect(ten.population).toBe(five.population);
  });

  it("loads are catchment over capacity, and every facility's catchment is its nearest people", async () => {
    const c = await planner.planning.coverage({ areaCode: street, facilityType: 'kindergarten' });
    expect(c.facilities.length).toBeGreaterThan(0);
    for (const f of c.facilities) {
      expect(f.load).toBeCloseTo(f.catchment / (f.capacity * SERVICE_TYPE.kindergarten.servesPerUnit), 2);
      expect(f.overloaded).toBe(f.load > 1);
    }
  });

  it('shows counts only: no names of people anywhere in the answer', async () => {
    const c = await planner.planning.coverage({ areaCode: street, facilityType: 'elderly_daycare' });
    const text = JSON.stringify(c);
    expect(text).not.toMatch(/"(phone|idNumber|reporter|resident|address)"/);
    expect(c.facilities.every((f) => Object.keys(f).sort().join() === 'capacity,catchment,id,key,lat,lng,load,name,overloaded,status')).toBe(true);
  });
});

describe('scenarios', () => {
  /** People of the community (kindergarten age) within 300 m of a point, who were not covered before. */
  async function expectedGain(before: Coverage, at: [number, number]) {
    const list = await homes(street);
    const today = nearestMetres(list, (await kindergartens()).map((k) => [k.lng, k.lat]));
    const there = nearestMetres(list, [at]);
    let gain = 0;
    list.forEach((h, i) => {
      if (today[i] > 300 && there[i] <= 300) gain += h.kids;
    });
    expect(before.covered).toBe(list.reduce((s, h, i) => s + (today[i] <= 300 ? h.kids : 0), 0));
    return gain;
  }

  it('add, move and close change exactly the expected people; real facilities never change', async () => {
    const before = await planner.planning.coverage({ areaCode: street, facilityType: 'kindergarten' });
    const gap = before.uncovered[0];
    const s = await planner.planning.scenario.create({ name: '补一所幼儿园', areaCode: street, facilityType: 'kindergarten' });
    expect(s.version).toBe(1);
    const added = await planner.planning.scenario.update({ id: s.id, version: s.version, edits: [{ op: 'add', key: 'new-1', lng: gap.lng, lat: gap.lat, capacity: 180 }] });
    const withNew = await planner.planning.coverage({ areaCode: street, facilityType: 'kindergarten', scenarioId: s.id });
    const gain = await expectedGain(before, [gap.lng, gap.lat]);
    expect(gain).toBeGreaterThan(0);
    expect(withNew.scenario!.gained).toBe(gain);
    expect(withNew.scenario!.lost).toBe(0);
    expect(withNew.covered).toBe(before.covered + gain);
    expect(withNew.scenario!.baseline.covered).toBe(before.covered);
    expect(withNew.children.reduce((x, r) => x + (r.delta ?? 0), 0)).toBe(gain);
    expect(withNew.facilities.find((f) => f.key === 'new-1')).toMatchObject({ status: 'added', capacity: 180, id: null });
    expect(withNew.scenario!.cells.filter((c) => c.change === 'gained').reduce((x, c) => x + c.people, 0)).toBe(gain);

    // Close a facility of the street: exactly the people it alone covered are lost.
    const victim = before.facilities.find((f) => f.status === 'existing')!;
    const list = await homes(street);
    const others = (await kindergartens()).filter((k) => k.id !== victim.id).map((k) => [k.lng, k.lat] as [number, number]);
    const today = nearestMetres(list, (await kindergartens()).map((k) => [k.lng, k.lat]));
    const without = nearestMetres(list, others);
    const lostExpected = list.reduce((x, h, i) => x + (today[i] <= 300 && without[i] > 300 ? h.kids : 0), 0);
    const closed = await planner.planning.scenario.update({ id: s.id, version: added.version, edits: [{ op: 'close', facilityId: victim.id! }] });
    const afterClose = await planner.planning.coverage({ areaCode: street, facilityType: 'kindergarten', scenarioId: s.id });
    expect(afterClose.scenario!.lost).toBe(lostExpected);
    expect(afterClose.scenario!.gained).toBe(0);
    expect(afterClose.facilities.find((f) => f.id === victim.id)).toMatchObject({ status: 'closed', catchment: 0 });

    // Move it into the gap: lost as closing, gained as adding there (people covered by both count as unchanged).
    const moved = await planner.planning.scenario.update({ id: s.id, version: closed.version, edits: [{ op: 'move', facilityId: victim.id!, lng: gap.lng, lat: gap.lat }] });
    const afterMove = await planner.planning.coverage({ areaCode: street, facilityType: 'kindergarten', scenarioId: s.id });
    const atGap = nearestMetres(list, [[gap.lng, gap.lat]]);
    const now = list.map((_, i) => Math.min(without[i], atGap[i]));
    expect(afterMove.scenario!.gained).toBe(list.reduce((x, h, i) => x + (today[i] > 300 && now[i] <= 300 ? h.kids : 0), 0));
    expect(afterMove.scenario!.lost).toBe(list.reduce((x, h, i) => x + (today[i] <= 300 && now[i] > 300 ? h.kids : 0), 0));
    expect(moved.version).toBe(4);

    // Today is untouched.
    const again = await planner.planning.coverage({ areaCode: street, facilityType: 'kindergarten' });
    expect(again.covered).toBe(before.covered);
    const { rows } = await t.pool.query(`SELECT ST_X(geom) AS lng FROM facilities WHERE id = $1`, [victim.id]);
    expect(rows[0].lng).toBeCloseTo(victim.lng, 9);
  });

  it('a stale version is refused with CONFLICT; bad edits name the field', async () => {
    const s = await planner.planning.scenario.create({ name: '冲突', areaCode: street, facilityType: 'kindergarten' });
    await planner.planning.scenario.update({ id: s.id, version: 1, name: '冲突 2' });
    expect(await codeOf(planner.planning.scenario.update({ id: s.id, version: 1, name: '冲突 3' }))).toBe('CONFLICT');
    const market = (await t.pool.query(`SELECT id FROM facilities WHERE service_type = 'market' LIMIT 1`)).rows[0].id as number;
    expect(await refusalOf(planner.planning.scenario.update({ id: s.id, version: 2, edits: [{ op: 'close', facilityId: market }] }))).toMatch(/BAD_REQUEST.*edits\[0\]\.facilityId/);
    expect(await refusalOf(planner.planning.scenario.update({ id: s.id, version: 2, edits: [{ op: 'add', key: 'far', lng: 121.5, lat: 25.0 }] }))).toMatch(/BAD_REQUEST.*edits\[0\].*street/);
    expect(await refusalOf(planner.planning.scenario.update({ id: s.id, version: 2, edits: [{ op: 'add', key: 'a', lng: 119.3, lat: 26.08 }, { op: 'add', key: 'a', lng: 119.3, lat: 26.08 }] }))).toMatch(/edits\[1\]\.key/);
    expect(await refusalOf(planner.planning.coverage({ areaCode: street, facilityType: 'market', scenarioId: s.id }))).toMatch(/BAD_REQUEST.*scenarioId/);
    const list = await planner.planning.scenario.list({ areaCode: street });
    expect(list.map((x) => x.id)).toContain(s.id);
    await planner.planning.scenario.delete({ id: s.id });
    expect(await codeOf(planner.planning.scenario.get({ id: s.id }))).toBe('NOT_FOUND');
  });

  it('a scenario of another district is refused without being named', async () => {
    const other = await t.caller.planning.scenario.create({ name: '仓山', areaCode: '350104', facilityType: 'market' });
    const refusal = await refusalOf(planner.planning.scenario.get({ id: other.id }));
    expect(refusal).toMatch(/FORBIDDEN.*outside your scope/);
    expect(refusal).not.toContain('仓山');
    expect(await codeOf(planner.planning.coverage({ areaCode: '350104', facilityType: 'market' }))).toBe('FORBIDDEN');
  });
});

describe('planning.suggest', () => {
  it('sites add exactly what coverage says when they are added, gains in decreasing order', async () => {
    const s = await planner.planning.suggest({ areaCode: street, facilityType: 'kindergarten', count: 3 });
    expect(s.sites.length).toBeGreaterThan(0);
    expect(s.sites.every((site) => site.gain > 0)).toBe(true);
    // Fewer sites than asked only when no further site would add anyone.
    if (s.sites.length < 3) expect((await planner.planning.suggest({ areaCode: street, facilityType: 'kindergarten', count: 5 })).after.covered).toBe(s.after.covered);
    expect(s.candidates).toBeGreaterThan(10);
    expect(s.after.covered - s.before.covered).toBe(s.sites.reduce((x, site) => x + site.gain, 0));
    expect(s.sites[0].gain).toBeGreaterThan(0);
    const scenario = await planner.planning.scenario.create({ name: '建议', areaCode: street, facilityType: 'kindergarten' });
    await planner.planning.scenario.update({
      id: scenario.id, version: 1,
      edits: s.sites.map((site, i) => ({ op: 'add' as const, key: `s${i}`, lng: site.lng, lat: site.lat })),
    });
    const c = await planner.planning.coverage({ areaCode: street, facilityType: 'kindergarten', scenarioId: scenario.id });
    expect(c.covered).toBe(s.after.covered);
    expect(c.scenario!.baseline.covered).toBe(s.before.covered);
  });

  it('given candidates are the only ones considered', async () => {
    const c = await planner.planning.coverage({ areaCode: street, facilityType: 'kindergarten' });
    const points: [number, number][] = c.uncovered.slice(0, 4).map((g) => [g.lng, g.lat]);
    const s = await planner.planning.suggest({ areaCode: street, facilityType: 'kindergarten', count: 2, candidates: points });
    expect(s.candidates).toBe(points.length);
    for (const site of s.sites) expect(points.some((p) => Math.abs(p[0] - site.lng) < 1e-6 && Math.abs(p[1] - site.lat) < 1e-6)).toBe(true);
  });
});

describe('planning.isochrone', () => {
  it('bands follow the streets, nest and stay inside the straight-line radius', async () => {
    const c = await planner.planning.coverage({ areaCode: community, facilityType: 'kindergarten' });
    const at = c.facilities[0] ?? { lng: c.uncovered[0].lng, lat: c.uncovered[0].lat };
    const iso = await planner.planning.isochrone({ lng: at.lng, lat: at.lat, minutes: [15, 5, 10] });
    expect(iso.features.map((f) => f.properties.minutes)).toEqual([5, 10, 15]);
    expect(iso.features.map((f) => f.properties.metres)).toEqual([300, 600, 900]);
    const { area, booleanWithin, circle, buffer } = await import('@turf/turf');
    let previous = 0;
    for (const f of iso.features) {
      const a = area(f);
      expect(a).toBeGreaterThan(previous);
      previous = a;
      // Network reach is never farther than the crow flies (1 m of slack for the polygon's vertices).
      const disc = circle([at.lng, at.lat], (f.properties.metres + 1) / 1000, { steps: 128, units: 'kilometers' });
      expect(booleanWithin(f, disc)).toBe(true);
      // …and, on streets, well short of the full disc.
      expect(a).toBeLessThan(Math.PI * f.properties.metres ** 2);
    }
    const grown = buffer(iso.features[0], 1, { units: 'meters' })!;
    expect(booleanWithin(iso.features[0], iso.features[1]) || booleanWithin(iso.features[0], grown)).toBe(true);
  });
});

describe('the life-circle table in the README', () => {
  it('is the catalog', () => {
    const readme = readFileSync('README.md', 'utf8').split('\n');
    for (const id of SERVICE_TYPES) {
      const t = SERVICE_TYPE[id];
      const row = readme.find((l) => l.startsWith(`| \`${id}\` |`));
      expect(row, `README row for ${id}`).toBe(
        `| \`${id}\` | ${t.zh} ${t.en} | ${t.circle} min | ${t.reachM} m | ${TARGET_GROUP[t.target].zh} ${TARGET_GROUP[t.target].en} | ${CAPACITY_UNIT[t.unit].en} (${CAPACITY_UNIT[t.unit].zh}) | ${t.servesPerUnit} |`,
      );
    }
  });
});

describe('bad input', () => {
  it('names the field', async () => {
    expect(await refusalOf(planner.planning.isochrone({ lng: 119.3, lat: 26.08, minutes: [0] }))).toMatch(/BAD_REQUEST[\s\S]*minutes/);
    expect(await refusalOf(planner.planning.isochrone({ lng: 119.3, lat: 26.08, minutes: [61] }))).toMatch(/BAD_REQUEST[\s\S]*minutes/);
    expect(await refusalOf(planner.planning.isochrone({ lng: 121.5, lat: 25.0, minutes: [5] }))).toMatch(/BAD_REQUEST.*lng\/lat.*street/);
    expect(await refusalOf(planner.planning.coverage({ areaCode: street, facilityType: 'library' as never }))).toMatch(/BAD_REQUEST[\s\S]*facilityType/);
    expect(await refusalOf(planner.planning.coverage({ areaCode: '350102999', facilityType: 'market' }))).toMatch(/BAD_REQUEST.*areaCode/);
    expect(await refusalOf(planner.planning.suggest({ areaCode: street, facilityType: 'market', count: 51 }))).toMatch(/BAD_REQUEST[\s\S]*count/);
    expect(await refusalOf(planner.planning.coverage({ areaCode: street, facilityType: 'market', minutes: 90 }))).toMatch(/BAD_REQUEST[\s\S]*minutes/);
  });
});

// pgRouting runs on the real PostgreSQL only (PGlite has no pgRouting): this oracle is part of the PostgreSQL pass.
if (inject('databaseKind') === 'postgres') {
  describe('walking distances against pgRouting', () => {
    it('pgr_dijkstraCost on the same noded graph agrees with the engine within 1 m', async () => {
      try {
        await t.pool.query('CREATE EXTENSION IF NOT EXISTS pgrouting');
      } catch (err) {
        throw new Error(`the PostgreSQL pass needs pgRouting (Debian postgresql-15-pgrouting, then CREATE EXTENSION pgrouting as a superuser): ${(err as Error).message}`, { cause: err });
      }
      const net = network;
      await t.pool.query('DROP TABLE IF EXISTS pg_temp.walk_edges');
      await t.pool.query('CREATE TEMP TABLE walk_edges (id int, source bigint, target bigint, cost float8, reverse_cost float8)');
      const ids = Array.from({ length: net.edgeCount }, (_, e) => e + 1);
      await t.pool.query(
        `INSERT INTO walk_edges SELECT id, source, target, cost, cost FROM unnest($1::int[], $2::bigint[], $3::bigint[], $4::float8[]) AS u(id, source, target, cost)`,
        [ids, Array.from(net.edgeFrom, (v) => v + 1), Array.from(net.edgeTo, (v) => v + 1), Array.from(net.edgeLength)],
      );
      // Origins and destinations: nodes of the network, drawn with a fixed stride so the run is repeatable.
      const origins = Array.from({ length: 6 }, (_, i) => Math.floor(((i + 0.5) / 6) * net.nodeCount));
      // Destinations: for each origin, nodes within 4 km of it (the districts' networks are not all joined).
      const targets: number[] = [];
      for (const o of origins) {
        let picked = 0;
        for (let v = (o * 7919) % net.nodeCount, k = 0; k < net.nodeCount && picked < 30; k++, v = (v + 7919) % net.nodeCount) {
          if (distanceM([net.nodeLng[o], net.nodeLat[o]], [net.nodeLng[v], net.nodeLat[v]]) > 4000) continue;
          targets.push(v);
          picked++;
        }
      }
      const { rows } = await t.pool.query<{ start_vid: string; end_vid: string; agg_cost: number }>(
        `SELECT start_vid, end_vid, agg_cost FROM pgr_dijkstraCost('SELECT id, source, target, cost, reverse_cost FROM walk_edges', $1::bigint[], $2::bigint[], directed => false)`,
        [origins.map((v) => v + 1), targets.map((v) => v + 1)],
      );
      const oracle = new Map(rows.map((r) => [`${Number(r.start_vid) - 1}>${Number(r.end_vid) - 1}`, r.agg_cost]));
      const demand = indexDemand(net, Float64Array.from(targets, (v) => net.nodeLng[v]), Float64Array.from(targets, (v) => net.nodeLat[v]), 1);
      let compared = 0;
      for (const o of origins) {
        const reached = reach(net, [[net.nodeLng[o], net.nodeLat[o]]], 1e9, 1);
        const { distance } = demandDistances(net, demand, reached);
        targets.forEach((v, j) => {
          const expected = o === v ? 0 : oracle.get(`${o}>${v}`);
          if (expected === undefined) {
            expect(distance[j], `node ${v} unreachable from ${o} for pgRouting`).toBe(Infinity);
            return;
          }
          expect(Math.abs(distance[j] - expected), `node ${o} → ${v}: engine ${distance[j]} m, pgRouting ${expected} m`).toBeLessThanOrEqual(1);
          compared++;
        });
      }
      expect(compared).toBeGreaterThan(150);
    });
  });
}
