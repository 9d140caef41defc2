/**
 * The leaders' figures as a file to hand round (月报), for signed-in staff, scoped like metrics.kpis, audited:
 *   GET /api/exports/metrics.xlsx?areaCode=…&from=YYYY-MM-DD&to=YYYY-MM-DD[&departmentCode=…]
 *   GET /api/exports/metrics.csv?…   (the KPI sheet and the ranking, UTF-8 with a BOM so spreadsheet apps read Chinese)
 * The workbook has four sheets: 指标 (each KPI with its formula, the previous period, the year before and the
 * changes), 下级排名 (every sub-area), 责任单位 (the units) and 日趋势 (the daily trend); numbers are numbers,
 * rates are formatted as percentages.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { invalidInput, type AppContext } from '../trpc';
import { SESSION_COOKIE, sessionUser, writeAudit } from '../auth/session';
import { metricsKpisInputSchema } from '../schemas';
import { departments, kpiReport, trend } from '../metrics/service';
import type { Kpis } from '../metrics/kpis';
import { KPI, KPI_IDS, type KpiId } from '../../tiles/domain/metrics';

export interface ExportRoutesOptions {
  context: AppContext;
}

const PERCENT = '0.0%';
const DECIMAL = '0.00';

function formatOf(id: KpiId): string | undefined {
  const unit = KPI[id].unit;
  return unit === 'rate' ? PERCENT : unit === 'count' ? '#,##0' : DECIMAL;
}

/** A change between two values: the difference for rates (percentage points), the ratio − 1 otherwise. */
function change(now: number | null, before: number | null, id: KpiId): number | null {
  if (now === null || before === null) return null;
  if (KPI[id].unit === 'rate') return now - before;
  return before === 0 ? null : now / before - 1;
}

const RANKED: KpiId[] = ['reported', 'closed', 'closeRate', 'onTimeCloseRate', 'overdue', 'reworkRate', 'avgHandlingHours', 'satisfaction', 'overdueNow'];

function rankingSheet(book: ExcelJS.Workbook, name: string, firstColumns: { header: string; key: string; width: number }[], rows: { first: Record<string, string>; kpis: Kpis }[]) {
  const sheet = book.addWorksheet(name);
  sheet.columns = [...firstColumns, ...RANKED.map((id) => ({ header: KPI[id].zh, key: id, width: 12, style: { numFmt: formatOf(id) } }))];
  for (const r of rows) sheet.addRow({ ...r.first, ...Object.fromEntries(RANKED.map((id) => [id, r.kpis[id]])) });
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

export function problem(reply: FastifyReply, err: unknown) {
  if (err instanceof z.ZodError) return reply.code(400).send({ error: invalidInput(err) });
  if (err instanceof TRPCError) return reply.code(getHTTPStatusCodeFromError(err)).send({ error: err.message });
  throw err;
}

export async function exportRoutes(app: FastifyInstance, options: ExportRoutesOptions) {
  const { context } = options;

  app.get('/api/exports/:file', async (request, reply) => {
    const file = (request.params as { file: string }).file;
    if (file !== 'metrics.xlsx' && file !== 'metrics.csv') return reply.code(404).send({ error: `no export ${file}: metrics.xlsx, metrics.csv, planning-coverage.xlsx, planning-coverage.csv, planning-gaps.geojson, planning-isochrone.geojson and planning-scenario.geojson exist` });
    const user = await sessionUser(context.pool, request.cookies[SESSION_COOKIE]);
    if (!user) return reply.code(401).send({ error: 'sign in to export the figures' });
    try {
      const input = metricsKpisInputSchema.parse(request.query);
      const [report, units, daily] = await Promise.all([
        kpiReport(context.pool, user, input),
        departments(context.pool, user, input),
        trend(context.pool, user, { ...input, bucket: 'day' }),
      ]);
      await writeAudit(context.pool, user, request.ip, {
        action: 'metrics.export', targetType: 'area', targetId: report.areaCode, areaCode: report.areaCode,
        detail: { format: file.slice(8), from: input.from, to: input.to, departmentCode: report.departmentCode },
      });
      const base = `citybrain-metrics-${report.areaCode}-${input.from}-${input.to}`;
      if (file === 'metrics.csv') {
        const lines = [['指标', '公式', '本期', '上期', '去年同期'].join(',')];
        const cell = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? String(Math.round(v * 10000) / 10000) : `"${v.replace(/"/g, '""')}"`);
        for (const id of KPI_IDS) lines.push([cell(KPI[id].zh), cell(KPI[id].formula.zh), cell(report.kpis[id]), cell(report.previous.kpis[id]), cell(report.lastYear.kpis[id])].join(','));
        lines.push('', ['区域代码', '区域', ...RANKED.map((id) => KPI[id].zh)].join(','));
        for (const c of report.children) lines.push([cell(c.code), cell(c.name), ...RANKED.map((id) => cell(c.kpis[id]))].join(','));
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${base}.csv"`)
          .send(`\ufeff${lines.join('\r\n')}\r\n`);
      }
      const book = new ExcelJS.Workbook();
      book.creator = 'City Brain';
      book.created = new Date();
      const kpiSheet = book.addWorksheet('指标');
      kpiSheet.columns = [
        { header: '指标', key: 'label', width: 16 },
        { header: 'KPI', key: 'id', width: 20 },
        { header: '本期', key: 'now', width: 12 },
        { header: '上期', key: 'previous', width: 12 },
        { header: '环比变化', key: 'vsPrevious', width: 12 },
        { header: '去年同期', key: 'lastYear', width: 12 },
        { header: '同比变化', key: 'vsLastYear', width: 12 },
        { header: '公式', key: 'formula', width: 80 },
      ];
      kpiSheet.getRow(1).font = { bold: true };
      for (const id of KPI_IDS) {
        const row = kpiSheet.addRow({
          label: KPI[id].zh, id, now: report.kpis[id], previous: report.previous.kpis[id], lastYear: report.lastYear.kpis[id],
          vsPrevious: change(report.kpis[id], report.previous.kpis[id], id), vsLastYear: change(report.kpis[id], report.lastYear.kpis[id], id),
          formula: KPI[id].formula.zh,
        });
        for (const key of ['now', 'previous', 'lastYear']) {
          const f = formatOf(id);
          if (f) row.getCell(key).numFmt = f;
        }
        row.getCell('vsPrevious').numFmt = PERCENT;
        row.getCell('vsLastYear').numFmt = PERCENT;
      }
      kpiSheet.addRow({});
      kpiSheet.addRow({ label: '区域', formula: `${report.areaName}（${report.areaCode}）` });
      kpiSheet.addRow({ label: '期间', formula: `${input.from} 至 ${input.to}（上期 ${report.previous.from} 至 ${report.previous.to}；去年同期 ${report.lastYear.from} 至 ${report.lastYear.to}）` });
      if (report.departmentCode) kpiSheet.addRow({ label: '责任单位', formula: report.departmentCode });
      kpiSheet.addRow({ label: '说明', formula: '变化：比率为百分点差，其他为相对变化。' });
      rankingSheet(book, '下级排名', [{ header: '区域代码', key: 'code', width: 16 }, { header: '区域', key: 'name', width: 18 }],
        report.children.map((c) => ({ first: { code: c.code, name: c.name }, kpis: c.kpis })));
      rankingSheet(book, '责任单位', [{ header: '单位代码', key: 'code', width: 12 }, { header: '责任单位', key: 'name', width: 28 }],
        units.departments.map((d) => ({ first: { code: d.code, name: d.name }, kpis: d.kpis })));
      const days = book.addWorksheet('日趋势');
      days.columns = [
        { header: '日期', key: 'day', width: 12 },
        { header: KPI.reported.zh, key: 'reported', width: 10 },
        { header: KPI.closed.zh, key: 'closed', width: 10 },
        { header: KPI.onTimeCloseRate.zh, key: 'onTimeCloseRate', width: 12, style: { numFmt: PERCENT } },
        { header: KPI.overdue.zh, key: 'overdue', width: 10 },
        { header: KPI.satisfaction.zh, key: 'satisfaction', width: 10, style: { numFmt: DECIMAL } },
      ];
      days.getRow(1).font = { bold: true };
      for (const b of daily.buckets) {
        days.addRow({ day: b.start, reported: b.reported, closed: b.closed, onTimeCloseRate: b.onTimeCloseRate, overdue: b.overdue, satisfaction: b.satisfaction });
      }
      const buffer = Buffer.from(await book.xlsx.writeBuffer());
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${base}.xlsx"`)
        .send(buffer);
    } catch (err) {
      return problem(reply, err);
    }
  });
}
