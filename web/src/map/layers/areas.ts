/** District, street and community boundaries; the current area brightest. */
import { AREA_LEVEL_COLOR, legendOf } from '../../../../tiles/domain';
import { colorOf, defineLayer, outlineLayer, rgba } from '../layer-kit';

const WIDTH: Record<string, number> = { district: 1.6, street: 1.1 };

const areas = defineLayer({
  id: 'areas',
  order: 10,
  color: [56, 189, 248],
  legend: { field: 'level', items: legendOf(AREA_LEVEL_COLOR) },
  deck: (ctx) => [
    outlineLayer(ctx, {
      width: (f) => WIDTH[String(f.properties.level)] ?? 0.7,
      color: (f) => rgba(colorOf(areas, f.properties), f.properties.level === 'district' ? 200 : 110),
      current: { width: 3, color: [125, 211, 252, 255] },
    }),
  ],
});
export default areas;
