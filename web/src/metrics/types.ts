/** The metrics API's answers, as the dashboard sees them (types only: nothing of the server reaches the bundle). */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../api/root';

type Outputs = inferRouterOutputs<AppRouter>;
export type KpiReport = Outputs['metrics']['kpis'];
export type TrendPoint = Outputs['metrics']['trend']['buckets'][number];
export type Hotspots = Outputs['metrics']['hotspots'];
