/** District, street and community boundaries; the current area brightest. */
import { AREA_LEVEL_COLOR, legendOf } from '../../../../tiles/domain';
import { colorOf, defineLayer, mvt, rgba, type TileFeature } from '../layer-kit';

const areas = defineLayer({
  id: 'areas',
  order: 10,
  color: [56, 189, 248],
  legend: { field: 'level', items: legendOf(AREA_LEVEL_COLOR) },
  deck: (ctx) => {
    const code = ctx.area?.code ?? '';
    return [
      mvt(ctx, {
        filled: false,
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: (f: TileFeature) => (f.properties.code === code ? 3 : f.properties.level === 'district' ? 1.6 : f.properties.level === 'street' ? 1.1 : 0.7),
        getLineColor: (f: TileFeature) => (f.properties.code === code ? [125, 211, 252, 255] : rgba(colorOf(areas, f.properties), f.properties.level === 'district' ? 200 : 110)),
        updateTriggers: { getLineWidth: code, getLineColor: code },
      }),
    ];
  },
});
export default areas;
