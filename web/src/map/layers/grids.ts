/** Grid outlines; the current grid highlighted. */
import { defineLayer, mvt, rgba, type TileFeature } from '../layer-kit';

const grids = defineLayer({
  id: 'grids',
  order: 20,
  color: [250, 204, 21],
  deck: (ctx) => {
    const code = ctx.area?.code ?? '';
    return [
      mvt(ctx, {
        filled: false,
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: (f: TileFeature) => (f.properties.code === code ? 2.5 : 0.8),
        getLineColor: (f: TileFeature) => (f.properties.code === code ? [253, 224, 71, 255] : rgba(grids.color, 120)),
        updateTriggers: { getLineWidth: code, getLineColor: code },
      }),
    ];
  },
});
export default grids;
