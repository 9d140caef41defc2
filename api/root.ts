import { router } from './trpc';
import { adminRouter } from './routers/admin';
import { alarmRouter } from './routers/alarm';
import { areaRouter } from './routers/area';
import { auditRouter } from './routers/audit';
import { authRouter } from './routers/auth';
import { buildingRouter } from './routers/building';
import { cameraRouter } from './routers/camera';
import { deviceRouter } from './routers/device';
import { incidentRouter } from './routers/incident';
import { metricsRouter } from './routers/metrics';
import { parkingRouter } from './routers/parking';
import { planningRouter } from './routers/planning';
import { residentsRouter } from './routers/residents';
import { systemRouter } from './routers/system';
import { wallRouter } from './routers/wall';

export const appRouter = router({
  admin: adminRouter,
  alarm: alarmRouter,
  area: areaRouter,
  audit: auditRouter,
  auth: authRouter,
  building: buildingRouter,
  camera: cameraRouter,
  device: deviceRouter,
  incident: incidentRouter,
  metrics: metricsRouter,
  parking: parkingRouter,
  planning: planningRouter,
  residents: residentsRouter,
  system: systemRouter,
  wall: wallRouter,
});

/** The only thing the dashboard imports from the server: types, no code. */
export type AppRouter = typeof appRouter;
