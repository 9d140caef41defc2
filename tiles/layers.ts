/**
 * The one definition of every map layer, server side. The tile service reads it to serve
 * `/tiles/{id}/...` (TileJSON, zooms, access, scope, aggregation), the seed derives data versions from it,
 * and the dashboard reads it for toggles and titles; each layer's drawing, tooltip, click and legend are
 * its web module, `web/src/map/layers/{id}.ts`. Plain data only: the browser bundle imports it too.
 *
 * Adding a layer: an entry here and its `tiles/sql/{id}.sql` (the features of a tile, with the columns
 * of `fields` and `geom`, plus `area_code` when scoped and `department_code` for a layer of cases — the tile
 * service applies the caller's scope and department and the low-zoom aggregation), its web module, its data (seed), and a test. The registry tests check that
 * each layer has its SQL, web module and README row.
 */

import { LIVE_STATUSES } from './domain/cases';

export type FieldType = 'String' | 'Number' | 'Boolean';

/** How a property of the low-zoom aggregates sums up the features of a cell (always a Number). */
export type Aggregate =
  /** The mean of a numeric field, rounded. */
  | { avg: string }
  /** How many features have the field at one of these values. */
  | { count: string; of: readonly (string | number)[] };

export interface LayerDefinition {
  /** Same string in the URL, the registry and the MVT layer name. */
  id: string;
  title: { zh: string; en: string };
  description: string;
  geometry: 'polygon' | 'line' | 'point';
  minzoom: number;
  maxzoom: number;
  /** Properties of every raw feature, with their MVT types (TileJSON `vector_layers[].fields`). */
  fields: Record<string, FieldType>;
  /**
   * Below this zoom raw features would be too many for one tile: the tile service serves aggregates
   * instead, points with `count` (and the fields in `aggregateFields`) on a 32×32 cell grid per tile.
   */
  aggregateBelow?: number;
  aggregateFields?: Record<string, Aggregate>;
  /**
   * `false` for layers of small features (building footprints): they are moved into tile coordinates and
   * snapped but not clipped, so a feature on a tile edge is whole in both tiles. Saves the clipping and
   * validation work that dominates dense tiles. Default: clipped to the tile plus its buffer.
   */
  clip?: boolean;
  /**
   * 'public': anyone may load it, also without an account (the public map); 'scoped': signed-in callers
   * only, and each sees only the features in their area scope (the SQL's `area_code` column, filtered by
   * the tile service with the caller's scope prefix).
   */
  access: 'public' | 'scoped';
  /**
   * A scoped layer of cases (or what opens them): its SQL has a `department_code` column, and a department
   * handler sees only the features of their own department (none without a department: not yet assigned).
   */
  department?: boolean;
  /** Browser cache lifetime of a tile: live layers short, static ones long. */
  maxAgeSeconds: number;
  /** Visible when the dashboard opens. */
  defaultVisible: boolean;
}

export const LAYERS = [
  {
    id: 'areas',
    access: 'public',
    title: { zh: '行政区划', en: 'Administrative areas' },
    description: 'District, street (街道) and community (社区) boundaries; finer levels appear as you zoom in.',
    geometry: 'polygon',
    minzoom: 5,
    maxzoom: 16,
    fields: { code: 'String', name: 'String', level: 'String', population: 'Number' },
    maxAgeSeconds: 3600,
    defaultVisible: true,
  },
  {
    id: 'grids',
    access: 'scoped',
    title: { zh: '网格', en: 'Grids' },
    description: 'Grids (网格) of roughly 300–500 households, each with its grid member.',
    geometry: 'polygon',
    minzoom: 12,
    maxzoom: 16,
    fields: { code: 'String', name: 'String', households: 'Number', population: 'Number' },
    maxAgeSeconds: 3600,
    defaultVisible: true,
  },
  {
    id: 'buildings',
    access: 'scoped',
    title: { zh: '建筑', en: 'Buildings' },
    description: 'Building footprints with height, floors and use; aggregated counts below z14.',
    geometry: 'polygon',
    minzoom: 12,
    maxzoom: 16,
    fields: { id: 'Number', height: 'Number', floors: 'Number', use: 'String', population: 'Number' },
    aggregateBelow: 14,
    aggregateFields: { height: { avg: 'height' } },
    clip: false,
    maxAgeSeconds: 3600,
    defaultVisible: true,
  },
  {
    id: 'roads',
    access: 'public',
    title: { zh: '道路', en: 'Roads' },
    description: 'Arterials from z8, local streets from z12.',
    geometry: 'line',
    minzoom: 8,
    maxzoom: 16,
    fields: { id: 'Number', name: 'String', class: 'String' },
    maxAgeSeconds: 3600,
    defaultVisible: true,
  },
  {
    id: 'cameras',
    access: 'scoped',
    title: { zh: '视频监控', en: 'Cameras' },
    description: 'Cameras (雪亮工程) with direction, field of view and status; counts below z13.',
    geometry: 'point',
    minzoom: 10,
    maxzoom: 16,
    fields: { id: 'Number', name: 'String', kind: 'String', status: 'String', direction: 'Number', fov: 'Number', range_m: 'Number' },
    aggregateBelow: 13,
    aggregateFields: { online: { count: 'status', of: ['online'] } },
    maxAgeSeconds: 60,
    defaultVisible: false,
  },
  {
    id: 'camera_views',
    access: 'scoped',
    title: { zh: '监控视域', en: 'Camera views' },
    description: "Each camera's view cone (direction, field of view, range) as a polygon, at street zoom.",
    geometry: 'polygon',
    minzoom: 15,
    maxzoom: 16,
    fields: { id: 'Number', status: 'String' },
    maxAgeSeconds: 300,
    defaultVisible: false,
  },
  {
    id: 'devices',
    access: 'scoped',
    title: { zh: '物联感知设备', en: 'IoT devices' },
    description: 'Smoke and heat detectors, manhole covers, garbage kiosks, environment, building-safety, gate, lamp-post and parking sensors by kind and status (alarm = 1 with a live alarm); counts below z14.',
    geometry: 'point',
    minzoom: 10,
    maxzoom: 16,
    fields: { id: 'Number', kind: 'String', status: 'String', alarm: 'Number' },
    aggregateBelow: 14,
    aggregateFields: { online: { count: 'status', of: ['online'] }, alarm: { count: 'alarm', of: [1] } },
    maxAgeSeconds: 30,
    defaultVisible: false,
  },
  {
    id: 'alarms',
    access: 'scoped',
    department: true,
    title: { zh: '告警', en: 'Alarms' },
    description: 'Alarms not yet closed, from devices, video analytics and offline detection, by severity; incident_id is the case an alarm opened (0: none).',
    geometry: 'point',
    minzoom: 8,
    maxzoom: 16,
    fields: { id: 'Number', rule: 'String', severity: 'String', status: 'String', source: 'String', incident_id: 'Number', occurrences: 'Number' },
    maxAgeSeconds: 5,
    defaultVisible: true,
  },
  {
    id: 'parking',
    access: 'public',
    title: { zh: '停车', en: 'Parking' },
    description: 'Parking lots, garages and on-street sections with capacity and free spaces.',
    geometry: 'point',
    minzoom: 10,
    maxzoom: 16,
    fields: { id: 'Number', name: 'String', kind: 'String', capacity: 'Number', free: 'Number' },
    maxAgeSeconds: 60,
    defaultVisible: false,
  },
  {
    id: 'facilities',
    access: 'public',
    title: { zh: '公共服务设施', en: 'Service facilities' },
    description: 'Community service centres, elderly care, clinics, schools, markets and e-service kiosks.',
    geometry: 'point',
    minzoom: 10,
    maxzoom: 16,
    fields: { id: 'Number', name: 'String', kind: 'String' },
    maxAgeSeconds: 3600,
    defaultVisible: true,
  },
  {
    id: 'life_circle_facilities',
    access: 'public',
    title: { zh: '生活圈设施', en: 'Life-circle facilities' },
    description: 'Service facilities of the 5-, 10- and 15-minute community life circles (GB 50180-2018) by service type, with their walking reach and capacity: kindergartens, elderly day care, service and health stations 300 m; primary schools and markets 500 m; middle schools, health centres and nursing homes 1,000 m.',
    geometry: 'point',
    minzoom: 11,
    maxzoom: 16,
    fields: { id: 'Number', name: 'String', kind: 'String', type: 'String', circle: 'Number', reach_m: 'Number', capacity: 'Number' },
    maxAgeSeconds: 3600,
    defaultVisible: false,
  },
  {
    id: 'incidents',
    access: 'scoped',
    department: true,
    title: { zh: '事件', en: 'Incidents' },
    description: 'Cases by status (the seeded 13 months and everything since), overdue ones flagged (overdue = 1); aggregated counts (with how many are open) below z14.',
    geometry: 'point',
    minzoom: 5,
    maxzoom: 16,
    fields: { id: 'Number', case_no: 'String', type_code: 'String', major: 'String', source: 'String', status: 'String', priority: 'Number', reported_at: 'Number', overdue: 'Number' },
    aggregateBelow: 14,
    aggregateFields: { open: { count: 'status', of: LIVE_STATUSES } },
    maxAgeSeconds: 10,
    defaultVisible: true,
  },
] as const satisfies readonly LayerDefinition[];

export type LayerId = (typeof LAYERS)[number]['id'];
export const LAYER_IDS = LAYERS.map((l) => l.id) as LayerId[];

export function findLayer(id: string): LayerDefinition | undefined {
  return (LAYERS as readonly LayerDefinition[]).find((l) => l.id === id);
}
