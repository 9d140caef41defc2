/** Parking lots coloured by the share of free spaces; a click opens the lot's card. */
import { defineLayer, esc, pointLayer, type Rgba, selectOnClick, type TileFeature } from '../layer-kit';

function freeColor(f: TileFeature): Rgba {
  const capacity = Number(f.properties.capacity ?? 0);
  const ratio = capacity > 0 ? Number(f.properties.free ?? 0) / capacity : 0;
  return ratio > 0.3 ? [74, 222, 128, 230] : ratio > 0.1 ? [250, 204, 21, 230] : [248, 113, 113, 230];
}

const parking = defineLayer({
  id: 'parking',
  order: 50,
  color: [74, 222, 128],
  deck: (ctx) => [
    pointLayer(ctx, parking, {
      getPointRadius: () => 5,
      getFillColor: freeColor,
      onClick: selectOnClick(ctx, 'parking'),
    }),
  ],
  tooltip: (p, { t, n }) => [`<b>${esc(p.name)}</b>`, `${t('free')} ${n(p.free)} / ${t('capacity')} ${n(p.capacity)}`],
});
export default parking;
