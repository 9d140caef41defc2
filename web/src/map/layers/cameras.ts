/** Cameras by status; counts (with how many online) at low zoom; a click opens the live view. */
import { labelOf, legendOf, ONLINE_STATE } from '../../../../tiles/domain';
import { aggregateRadius, defineLayer, esc, isAggregate, pointLayer, selectOnClick, type TileFeature } from '../layer-kit';

const cameras = defineLayer({
  id: 'cameras',
  order: 70,
  color: [34, 211, 238],
  legend: { field: 'status', items: legendOf(ONLINE_STATE) },
  deck: (ctx) => [
    pointLayer(ctx, cameras, {
      getPointRadius: (f: TileFeature) => (isAggregate(f) ? aggregateRadius(f.properties.count) : 4.5),
      onClick: selectOnClick(ctx, 'camera'),
    }),
  ],
  tooltip: (p, { t, lang, n }) =>
    p.count !== undefined
      ? [`${t('camerasOnline')} ${n(p.online)} / ${n(p.count)}`]
      : [`<b>${esc(p.name)}</b>`, `${esc(labelOf(ONLINE_STATE, String(p.status), lang))} · ${esc(p.direction)}° / ${esc(p.fov)}°`],
});
export default cameras;
