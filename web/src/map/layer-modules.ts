/**
 * Every web layer module (`./layers/{id}.ts`), found by Vite at build time, keyed by layer id and checked
 * against the registry: a registry layer without its module (or a module without its layer) fails here
 * and in the registry test.
 */
import { LAYERS, type LayerId } from '../../../tiles/layers';
import type { MapLayerModule } from './layer-kit';

const found = import.meta.glob<MapLayerModule>('./layers/*.ts', { eager: true, import: 'default' });

export const MAP_LAYERS = Object.fromEntries(Object.values(found).map((m) => [m.id, m])) as Record<LayerId, MapLayerModule>;

const missing = LAYERS.filter((l) => !MAP_LAYERS[l.id]).map((l) => l.id);
if (missing.length) throw new Error(`layers without a web module (web/src/map/layers/{id}.ts): ${missing.join(', ')}`);

/** The modules in drawing order. */
export const MAP_LAYER_ORDER: readonly MapLayerModule[] = Object.values(MAP_LAYERS).sort((a, b) => a.order - b.order);
