/** 3D building footprints coloured by use; counts at low zoom; a click opens the building card. */
import { BUILDING_USE, labelOf, legendOf } from '../../../../tiles/domain';
import { colorOf, defineLayer, esc, hint, isAggregate, mvt, rgba, selectOnClick, type TileFeature } from '../layer-kit';

const buildings = defineLayer({
  id: 'buildings',
  order: 30,
  color: [148, 163, 184],
  legend: { field: 'use', items: legendOf(BUILDING_USE) },
  deck: (ctx) => [
    mvt(ctx, {
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 110],
      extruded: true,
      wireframe: false,
      material: { ambient: 0.45, diffuse: 0.65, shininess: 24, specularColor: [60, 64, 70] },
      getElevation: (f: TileFeature) => Number(f.properties.height ?? 0),
      getFillColor: (f: TileFeature) => (isAggregate(f) ? [148, 163, 184, 140] : rgba(colorOf(buildings, f.properties), 235)),
      pointType: 'circle',
      pointRadiusUnits: 'pixels',
      getPointRadius: (f: TileFeature) => Math.min(2 + Math.sqrt(Number(f.properties.count ?? 1)) * 0.9, 12),
      onClick: selectOnClick(ctx, 'building'),
    }),
  ],
  tooltip: (p, { t, lang, n }) =>
    p.count !== undefined
      ? [`${t('buildings')} ${n(p.count)}`]
      : [
          `<b>${esc(labelOf(BUILDING_USE, String(p.use), lang))}</b> · ${esc(p.floors)}${t('floorsUnit')} · ${Number(p.height).toFixed(1)}${t('metres')}`,
          `${t('population')} ${n(p.population)}`,
          hint(t('clickForCard')),
        ],
});
export default buildings;
