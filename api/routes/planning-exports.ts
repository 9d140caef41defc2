/**
 * The planners' results as files, for signed-in staff, scoped like planning.*, audited:
 *   GET /api/exports/planning-coverage.xlsx?areaCode=…&facilityType=…[&minutes=…][&scenarioId=…]
 *   GET /api/exports/planning-coverage.csv?…        (UTF-8 with a BOM, so spreadsheet apps read Chinese)
 *   GET /api/exports/planning-gaps.geojson?…        (uncovered people on H3 cells)
 *   GET /api/exports/planning-isochrone.geojson?lng=…&lat=…&minutes=5,10,15
 *   GET /api/exports/planning-scenario.geojson?id=… (its facilities as points, gained/lost/unchanged cells)
 * GeoJSON is RFC 7946: WGS84 longitude/latitude, polygons wound counter-clockwise. People are counts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import ExcelJS from 'exceljs';
import { cellToBoundary } from 'h3-js';
import { rewind } from '@turf/turf';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { z } from 'zod';
import type { AppContext } from '../trpc';
import { SESSION_COOKIE, sessionUser, writeAudit, type SessionUser } from '../auth/session';
import { planningCoverageInputSchema, planningIsochroneInputSchema, scenarioByIdInputSchema } from '../schemas';
import { coverage, isochrones, scenarioById } from '../planning/service';
import { SCENARIO_CHANGE, SERVICE_TYPE, TARGET_GROUP } from '../../tiles/domain/planning';
import { problem } from './exports';

/** Query strings carry numbers and lists as text. */
const numberish = (v: unknown) => (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v);
const coverageQuery = z.preprocess(
  (q) => ({ ...(q as object), minutes: numberish((q as Record<string, unknown>).minutes), scenarioId: numberish((q as Record<string, unknown>).scenarioId) }),
  planningCoverageInputSchema,
);
const isochroneQuery = z.preprocess((q) => {
  const r = q as Record<string, unknown>;
  return { lng: numberish(r.lng), lat: numberish(r.lat), minutes: typeof r.minutes === 'string' ? r.minutes.split(',').map(numberish) : r.minutes };
}, planningIsochroneInputSchema);
const scenarioQuery = z.preprocess((q) => ({ id: numberish((q as Record<string, unknown>).id) }), scenarioByIdInputSchema);

function cellPolygon(h3: string, properties: Record<string, unknown>): Feature<Polygon> {
  return rewind({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [cellToBoundary(h3, true)] } }) as Feature<Polygon>;
}

function geojson(reply: FastifyReply, name: string, body: FeatureCollection) {
  return reply.type('application/geo+json; charset=utf-8').header('content-disposition', `attachment; filename="${name}.geojson"`).send(JSON.stringify(body));
}

export async function planningExportRoutes(app: FastifyInstance, options: { context: AppContext }) {
  const { pool } = options.context;

  /** The signed-in caller, or a 401 already sent. */
  async function signedIn(request: FastifyRequest, reply: FastifyReply): Promise<SessionUser | null> {
    const user = await sessionUser(pool, request.cookies[SESSION_COOKIE]);
    if (!user) await reply.code(401).send({ error: 'sign in to export planning results' });
    return user;
  }
  const audit = (user: SessionUser, request: FastifyRequest, file: string, areaCode: string, detail: Record<string, unknown>) =>
    writeAudit(pool, user, request.ip, { action: 'planning.export', targetType: 'area', targetId: areaCode, areaCode, detail: { file, ...detail } });

  for (const format of ['xlsx', 'csv'] as const) {
    app.get(`/api/exports/planning-coverage.${format}`, async (request, reply) => {
      const user = await signedIn(request, reply);
      if (!user) return reply;
      try {
        const input = coverageQuery.parse(request.query);
        const c = await coverage(pool, user, input);
        await audit(user, request, `planning-coverage.${format}`, c.areaCode, { facilityType: c.facilityType, minutes: c.minutes, scenarioId: input.scenarioId ?? null });
        const type = SERVICE_TYPE[c.facilityType];
        const base = `citybrain-coverage-${c.areaCode}-${c.facilityType}-${c.minutes}min${c.scenario ? `-scenario${c.scenario.id}` : ''}`;
        const rows = [{ code: c.areaCode, name: c.areaName, population: c.population, covered: c.covered, rate: c.rate, delta: c.scenario ? c.covered - c.scenario.baseline.covered : undefined }, ...c.children];
        const header = ['区域代码', '区域', `${TARGET_GROUP[c.target].zh}人数`, `${c.minutes}分钟（${c.thresholdM}米）内人数`, '覆盖率', ...(c.scenario ? ['情景变化'] : [])];
        if (format === 'csv') {
          const cell = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : typeof v === 'number' ? String(Math.round(v * 10000) / 10000) : `"${v.replace(/"/g, '""')}"`);
          const lines = [`"${type.zh} · ${c.areaName}${c.scenario ? ` · 情景：${c.scenario.name.replace(/"/g, '""')}` : ''}"`, header.join(',')];
          for (const r of rows) lines.push([cell(r.code), cell(r.name), cell(r.population), cell(r.covered), cell(r.rate), ...(c.scenario ? [cell(r.delta)] : [])].join(','));
          return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${base}.csv"`).send(`\ufeff${lines.join('\r\n')}\r\n`);
        }
        const book = new ExcelJS.Workbook();
        book.creator = 'City Brain';
        book.created = new Date();
        const sheet = book.addWorksheet('覆盖率');
        sheet.columns = [
          { header: header[0], key: 'code', width: 16 },
          { header: header[1], key: 'name', width: 20 },
          { header: header[2], key: 'population', width: 16, style: { numFmt: '#,##0' } },
          { header: header[3], key: 'covered', width: 22, style: { numFmt: '#,##0' } },
          { header: header[4], key: 'rate', width: 10, style: { numFmt: '0.0%' } },
          ...(c.scenario ? [{ header: header[5], key: 'delta', width: 12, style: { numFmt: '+#,##0;-#,##0;0' } }] : []),
        ];
        sheet.getRow(1).font = { bold: true };
        for (const r of rows) sheet.addRow(r);
        sheet.getRow(2).font = { bold: true };
        sheet.views = [{ state: 'frozen', ySplit: 2 }];
        const facilities = book.addWorksheet('设施负荷');
        facilities.columns = [
          { header: '设施', key: 'name', width: 28 },
          { header: '状态', key: 'status', width: 10 },
          { header: `容量（${type.unit === 'seats' ? '学位' : type.unit === 'beds' ? '床位' : '平方米'}）`, key: 'capacity', width: 12 },
          { header: '服务人口（最近设施）', key: 'catchment', width: 18, style: { numFmt: '#,##0' } },
          { header: '负荷', key: 'load', width: 10, style: { numFmt: '0.00' } },
          { header: '经度', key: 'lng', width: 12 },
          { header: '纬度', key: 'lat', width: 12 },
        ];
        facilities.getRow(1).font = { bold: true };
        for (const f of [...c.facilities].sort((a, b) => b.load - a.load)) facilities.addRow(f);
        const notes = book.addWorksheet('说明');
        notes.addRows([
          ['设施类型', `${type.zh}（${type.en}），${type.circle}分钟生活圈，步行${c.thresholdM}米（GB 50180-2018）`],
          ['服务对象', TARGET_GROUP[c.target].zh],
          ['方法', '沿道路网络计算每栋建筑到最近设施的步行距离；负荷＝以该设施为最近设施的人口÷（容量×每单位服务人数）。'],
          ...(c.scenario ? [['情景', `${c.scenario.name}：新增覆盖 ${c.scenario.gained} 人，失去覆盖 ${c.scenario.lost} 人（现状设施不变）`]] : []),
        ]);
        notes.getColumn(1).width = 12;
        notes.getColumn(2).width = 90;
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="${base}.xlsx"`)
          .send(Buffer.from(await book.xlsx.writeBuffer()));
      } catch (err) {
        return problem(reply, err);
      }
    });
  }

  app.get('/api/exports/planning-gaps.geojson', async (request, reply) => {
    const user = await signedIn(request, reply);
    if (!user) return reply;
    try {
      const input = coverageQuery.parse(request.query);
      const c = await coverage(pool, user, input);
      await audit(user, request, 'planning-gaps.geojson', c.areaCode, { facilityType: c.facilityType, minutes: c.minutes });
      return geojson(reply, `citybrain-gaps-${c.areaCode}-${c.facilityType}-${c.minutes}min`, {
        type: 'FeatureCollection',
        features: c.uncovered.map((g) => cellPolygon(g.h3, { h3: g.h3, people: g.people, facilityType: c.facilityType, minutes: c.minutes })),
      });
    } catch (err) {
      return problem(reply, err);
    }
  });

  app.get('/api/exports/planning-isochrone.geojson', async (request, reply) => {
    const user = await signedIn(request, reply);
    if (!user) return reply;
    try {
      const input = isochroneQuery.parse(request.query);
      const iso = await isochrones(pool, input);
      return geojson(reply, `citybrain-isochrone-${input.lng.toFixed(5)}-${input.lat.toFixed(5)}`, {
        type: 'FeatureCollection',
        features: iso.features.map((f) => rewind(f) as typeof f),
      });
    } catch (err) {
      return problem(reply, err);
    }
  });

  app.get('/api/exports/planning-scenario.geojson', async (request, reply) => {
    const user = await signedIn(request, reply);
    if (!user) return reply;
    try {
      const { id } = scenarioQuery.parse(request.query);
      const scenario = await scenarioById(pool, user, id);
      const c = await coverage(pool, user, { areaCode: scenario.areaCode, facilityType: scenario.facilityType, scenarioId: id });
      await audit(user, request, 'planning-scenario.geojson', scenario.areaCode, { scenarioId: id });
      const features: Feature[] = [
        ...c.facilities
          .filter((f) => f.status !== 'existing')
          .map((f): Feature => ({ type: 'Feature', properties: { name: f.name, status: f.status, id: f.id, key: f.key, capacity: f.capacity }, geometry: { type: 'Point', coordinates: [f.lng, f.lat] } })),
        ...(c.scenario?.cells ?? []).map((cell) => cellPolygon(cell.h3, { h3: cell.h3, change: cell.change, label: SCENARIO_CHANGE[cell.change].zh, people: cell.people })),
      ];
      return geojson(reply, `citybrain-scenario-${id}`, { type: 'FeatureCollection', features });
    } catch (err) {
      return problem(reply, err);
    }
  });
}
