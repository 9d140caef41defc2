/** Public service facilities by kind. */
import { FACILITY_KIND, labelOf, legendOf } from '../../../../tiles/domain';
import { aggregateRadius, defineLayer, esc, isAggregate, pointLayer, type TileFeature } from '../layer-kit';

const facilities = defineLayer({
  id: 'facilities',
  order: 40,
  color: [244, 114, 182],
  legend: { field: 'kind', items: legendOf(FACILITY_KIND) },
  deck: (ctx) => [pointLayer(ctx, facilities, { getPointRadius: (f: TileFeature) => (isAggregate(f) ? aggregateRadius(f.properties.count) : 5) })],
  tooltip: (p, { t, lang, n }) => (p.count !== undefined ? [`${t('facilities')} ${n(p.count)}`] : [`<b>${esc(p.name)}</b>`, esc(labelOf(FACILITY_KIND, String(p.kind), lang))]),
});
export default facilities;
