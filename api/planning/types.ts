/**
 * What the planning procedures answer (planning.*): the shapes the planning screen, the exports and the
 * tests read. People are counts, never persons.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { ScenarioChange, ServiceType, TargetGroup } from '../../tiles/domain/planning';

/** One isochrone band: the area reached on foot within `minutes` (metres = minutes × walking speed). */
export type IsochroneFeature = Feature<Polygon | MultiPolygon, { minutes: number; metres: number }>;
export type Isochrones = FeatureCollection<Polygon | MultiPolygon, { minutes: number; metres: number }> & {
  /** Where the point met the network, and how far it lay from it (metres). */
  snapped: { lng: number; lat: number; distanceM: number };
};

/** A change a scenario makes to today's facilities of its type. `key` names an added facility within the scenario. */
export type ScenarioEdit =
  | { op: 'add'; key: string; lng: number; lat: number; name?: string; capacity?: number }
  | { op: 'move'; facilityId: number; lng: number; lat: number }
  | { op: 'close'; facilityId: number };

export interface Scenario {
  id: number;
  name: string;
  areaCode: string;
  areaName: string;
  facilityType: ServiceType;
  edits: ScenarioEdit[];
  /** Optimistic concurrency: an update names the version it edits. */
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A facility as coverage sees it: where, how much it holds, whom it serves (nearest by network) and its load. */
export interface PlanningFacility {
  /** Today's facility id; for a facility a scenario adds: null (see key). */
  id: number | null;
  key: string | null;
  name: string;
  lng: number;
  lat: number;
  capacity: number;
  /** Target-group people whose nearest facility (by walking network) this is. */
  catchment: number;
  /** catchment ÷ (capacity × people served per unit); > 1: overloaded. */
  load: number;
  overloaded: boolean;
  status: 'existing' | 'added' | 'moved' | 'closed';
}

export interface CoverageRow {
  code: string;
  name: string;
  /** Target-group people living in the area. */
  population: number;
  /** … of them within the walking threshold of at least one facility. */
  covered: number;
  /** covered ÷ population; null when nobody of the group lives there. */
  rate: number | null;
  /** With a scenario: covered under the scenario minus covered today (people). */
  delta?: number;
}

/** Uncovered target-group people on H3 cells (resolution GAP_H3_RESOLUTION), with the cell's centre. */
export interface GapCell {
  h3: string;
  lng: number;
  lat: number;
  people: number;
}

/** With a scenario: people per H3 cell who gain, lose or keep coverage compared with today. */
export interface ChangeCell {
  h3: string;
  lng: number;
  lat: number;
  change: ScenarioChange;
  people: number;
}

export interface Coverage extends CoverageRow {
  areaCode: string;
  areaName: string;
  level: string;
  facilityType: ServiceType;
  target: TargetGroup;
  minutes: number;
  thresholdM: number;
  children: CoverageRow[];
  uncovered: GapCell[];
  facilities: PlanningFacility[];
  /** Present when asked with a scenario: today's figures and the comparison. */
  scenario?: {
    id: number;
    name: string;
    baseline: { covered: number; rate: number | null };
    gained: number;
    lost: number;
    unchanged: number;
    cells: ChangeCell[];
  };
}

export interface SuggestedSite {
  lng: number;
  lat: number;
  /** Target-group people newly covered by this site, given the sites chosen before it. */
  gain: number;
  /** What the candidate was: a public-use building (with its id and name), a road-side plot, or a point given. */
  source: 'building' | 'plot' | 'given';
  buildingId?: number;
  name?: string;
}

export interface Suggestion {
  sites: SuggestedSite[];
  /** Covered people before and after adding all sites. */
  before: { covered: number; rate: number | null };
  after: { covered: number; rate: number | null };
  population: number;
  candidates: number;
  method: string;
}

export const GAP_H3_RESOLUTION = 9;
