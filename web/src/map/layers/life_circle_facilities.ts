/**
 * For planners: the facilities of the 5-, 10- and 15-minute life circles, each with a disc of its walking
 * reach in metres (300 / 500 / 1,000 m), coloured by circle; where discs leave gaps, homes lack the service.
 */
import { SERVICE_TYPE, labelOf, type LegendItem } from '../../../../tiles/domain';
import { colorOf, defineLayer, esc, mvt, rgba, type TileFeature } from '../layer-kit';

const CIRCLES: readonly LegendItem[] = [
  { value: '5', zh: '5分钟生活圈（约300米）', en: '5-minute circle (~300 m)', color: [52, 211, 153] },
  { value: '10', zh: '10分钟生活圈（约500米）', en: '10-minute circle (~500 m)', color: [96, 165, 250] },
  { value: '15', zh: '15分钟生活圈（约1000米）', en: '15-minute circle (~1,000 m)', color: [192, 132, 252] },
];
const byCircle = (f: TileFeature) => ({ circle: String(f.properties.circle) });

const lifeCircle = defineLayer({
  id: 'life_circle_facilities',
  order: 45,
  color: [52, 211, 153],
  legend: { field: 'circle', items: CIRCLES },
  deck: (ctx) => [
    mvt(ctx, {
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 60],
      pointType: 'circle',
      pointRadiusUnits: 'meters',
      getPointRadius: (f: TileFeature) => Number(f.properties.reach_m ?? 0),
      pointRadiusMinPixels: 4,
      filled: true,
      stroked: true,
      getFillColor: (f: TileFeature) => rgba(colorOf(lifeCircle, byCircle(f)), 38),
      getLineColor: (f: TileFeature) => rgba(colorOf(lifeCircle, byCircle(f)), 200),
      lineWidthUnits: 'pixels',
      getLineWidth: 1.2,
    }),
  ],
  tooltip: (p, { lang }) => [
    `<b>${esc(p.name)}</b>`,
    `${esc(labelOf(SERVICE_TYPE, String(p.type), lang))} · ${esc(CIRCLES.find((c) => c.value === String(p.circle))?.[lang] ?? '')}`,
  ],
});
export default lifeCircle;
