/** Each camera's view cone at street zoom. */
import { defineLayer, mvt, type TileFeature } from '../layer-kit';

export default defineLayer({
  id: 'camera_views',
  order: 60,
  color: [34, 211, 238],
  deck: (ctx) => [
    mvt(ctx, {
      filled: true,
      stroked: true,
      getFillColor: (f: TileFeature) => (f.properties.status === 'online' ? [34, 211, 238, 40] : [100, 116, 139, 30]),
      getLineColor: [34, 211, 238, 110],
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
    }),
  ],
});
