import { router } from './trpc';
import { areaRouter } from './routers/area';
import { buildingRouter } from './routers/building';
import { systemRouter } from './routers/system';

export const appRouter = router({
  area: areaRouter,
  building: buildingRouter,
  system: systemRouter,
});

/** The only thing the dashboard imports from the server: types, no code. */
export type AppRouter = typeof appRouter;
