/** The planners' life-circle analysis (社区生活圈 · 设施布局): isochrones, coverage, scenarios, site suggestions. */
import { router, procedure, caller } from '../trpc';
import {
  planningCoverageInputSchema,
  planningIsochroneInputSchema,
  planningSuggestInputSchema,
  scenarioByIdInputSchema,
  scenarioCreateInputSchema,
  scenarioListInputSchema,
  scenarioUpdateInputSchema,
} from '../schemas';
import { writeAudit } from '../auth/session';
import { coverage, createScenario, deleteScenario, isochrones, listScenarios, scenarioById, suggest, updateScenario } from '../planning/service';

const scenarioRouter = router({
  create: procedure.input(scenarioCreateInputSchema).mutation(async ({ ctx, input }) => {
    const user = caller(ctx);
    const scenario = await createScenario(ctx.pool, user, input);
    await writeAudit(ctx.pool, user, ctx.ip, {
      action: 'planning.scenario.create', targetType: 'scenario', targetId: scenario.id, areaCode: scenario.areaCode, detail: { facilityType: scenario.facilityType },
    });
    return scenario;
  }),
  list: procedure.input(scenarioListInputSchema).query(({ ctx, input }) => listScenarios(ctx.pool, caller(ctx), input.areaCode)),
  get: procedure.input(scenarioByIdInputSchema).query(({ ctx, input }) => scenarioById(ctx.pool, caller(ctx), input.id)),
  update: procedure.input(scenarioUpdateInputSchema).mutation(async ({ ctx, input }) => {
    const user = caller(ctx);
    const scenario = await updateScenario(ctx.pool, user, input);
    await writeAudit(ctx.pool, user, ctx.ip, {
      action: 'planning.scenario.update', targetType: 'scenario', targetId: scenario.id, areaCode: scenario.areaCode, detail: { version: scenario.version, edits: scenario.edits.length },
    });
    return scenario;
  }),
  delete: procedure.input(scenarioByIdInputSchema).mutation(async ({ ctx, input }) => {
    const user = caller(ctx);
    const scenario = await scenarioById(ctx.pool, user, input.id);
    await deleteScenario(ctx.pool, user, input.id);
    await writeAudit(ctx.pool, user, ctx.ip, { action: 'planning.scenario.delete', targetType: 'scenario', targetId: input.id, areaCode: scenario.areaCode });
    return { ok: true as const };
  }),
});

export const planningRouter = router({
  isochrone: procedure.input(planningIsochroneInputSchema).query(({ ctx, input }) => isochrones(ctx.pool, input)),
  coverage: procedure.input(planningCoverageInputSchema).query(({ ctx, input }) => coverage(ctx.pool, caller(ctx), input)),
  suggest: procedure.input(planningSuggestInputSchema).query(({ ctx, input }) => suggest(ctx.pool, caller(ctx), input)),
  scenario: scenarioRouter,
});
