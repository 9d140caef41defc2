import { router } from './trpc';
import { adminRouter } from './routers/admin';
import { areaRouter } from './routers/area';
import { auditRouter } from './routers/audit';
import { authRouter } from './routers/auth';
import { buildingRouter } from './routers/building';
import { incidentRouter } from './routers/incident';
import { residentsRouter } from './routers/residents';
import { systemRouter } from './routers/system';

export const appRouter = router({
  admin: adminRouter,
  area: areaRouter,
  audit: auditRouter,
  auth: authRouter,
  building: buildingRouter,
  incident: incidentRouter,
  residents: residentsRouter,
  system: systemRouter,
});

/** The only thing the dashboard imports from the server: types, no code. */
export type AppRouter = typeof appRouter;
