/** The leaders' figures (考核评价): KPIs with their comparisons and ranking, trends, units, hot spots. */
import { router, procedure, caller } from '../trpc';
import { metricsDepartmentsInputSchema, metricsHotspotsInputSchema, metricsKpisInputSchema, metricsTrendInputSchema } from '../schemas';
import { departments, hotspots, kpiReport, trend } from '../metrics/service';

export const metricsRouter = router({
  kpis: procedure.input(metricsKpisInputSchema).query(({ ctx, input }) => kpiReport(ctx.readPool, caller(ctx), input)),
  trend: procedure.input(metricsTrendInputSchema).query(({ ctx, input }) => trend(ctx.readPool, caller(ctx), input)),
  departments: procedure.input(metricsDepartmentsInputSchema).query(({ ctx, input }) => departments(ctx.readPool, caller(ctx), input)),
  hotspots: procedure.input(metricsHotspotsInputSchema).query(({ ctx, input }) => hotspots(ctx.readPool, caller(ctx), input)),
});
