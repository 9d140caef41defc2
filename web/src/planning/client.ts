/**
 * The planning procedures (planning.* on the app router) as the planning screen calls them, with the react-query
 * keys they are cached under. The answers' shapes are api/planning/types.ts'.
 */
import type { Coverage, Isochrones, Scenario, ScenarioEdit, Suggestion } from '../../../api/planning/types';
import type { ServiceType } from '../../../tiles/domain/planning';
import { trpc } from '../api';

export type { ChangeCell, Coverage, CoverageRow, GapCell, IsochroneFeature, Isochrones, PlanningFacility, Scenario, ScenarioEdit, SuggestedSite, Suggestion } from '../../../api/planning/types';

export interface CoverageInput {
  areaCode: string;
  facilityType: ServiceType;
  minutes?: number;
  scenarioId?: number;
}

export interface SuggestInput extends CoverageInput {
  count: number;
}

const planning = trpc.planning;

export const planningApi = {
  isochrone: (input: { lng: number; lat: number; minutes: number[] }): Promise<Isochrones> => planning.isochrone.query(input),
  coverage: (input: CoverageInput): Promise<Coverage> => planning.coverage.query(input),
  suggest: (input: SuggestInput): Promise<Suggestion> => planning.suggest.query(input),
  scenarios: (areaCode?: string): Promise<Scenario[]> => planning.scenario.list.query({ areaCode }),
  scenario: (id: number): Promise<Scenario> => planning.scenario.get.query({ id }),
  createScenario: (input: { name: string; areaCode: string; facilityType: ServiceType }): Promise<Scenario> => planning.scenario.create.mutate(input),
  updateScenario: (input: { id: number; version: number; name?: string; edits?: ScenarioEdit[] }): Promise<Scenario> => planning.scenario.update.mutate(input),
  deleteScenario: async (id: number): Promise<void> => {
    await planning.scenario.delete.mutate({ id });
  },
};

/** react-query keys: everything under ['planning'], so that one invalidation refreshes the screen. */
export const planningKeys = {
  all: ['planning'] as const,
  coverage: (input: CoverageInput) => ['planning', 'coverage', input] as const,
  suggest: (input: SuggestInput) => ['planning', 'suggest', input] as const,
  isochrone: (lng: number, lat: number, minutes: readonly number[]) => ['planning', 'isochrone', lng, lat, minutes.join(',')] as const,
  scenarios: (areaCode: string) => ['planning', 'scenarios', areaCode] as const,
  scenario: (id: number) => ['planning', 'scenario', id] as const,
};
