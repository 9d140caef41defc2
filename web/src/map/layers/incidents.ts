/**
 * Cases by status, overdue ones ringed red; at low zoom, how many are open per cell. Reloaded as cases
 * change (the tile URL carries the live version); a click opens the case drawer.
 */
import { CASE_SOURCE, CASE_STATUS, labelOf, legendOf } from '../../../../tiles/domain';
import { defineLayer, esc, isAggregate, pointLayer, selectOnClick, type TileFeature } from '../layer-kit';
import { formatChinaTime } from '../../i18n';

const overdue = (f: TileFeature) => f.properties.overdue === 1;

const incidents = defineLayer({
  id: 'incidents',
  order: 90,
  color: [248, 113, 113],
  legend: { field: 'status', items: legendOf(CASE_STATUS) },
  deck: (ctx) => [
    pointLayer(ctx, incidents, {
      getPointRadius: (f: TileFeature) => (isAggregate(f) ? (Number(f.properties.open) > 0 ? Math.min(1.5 + Math.sqrt(Number(f.properties.open)) * 1.1, 14) : 0) : 4.5),
      getLineColor: (f: TileFeature) => (overdue(f) ? [239, 68, 68, 255] : [4, 10, 20, 200]),
      getLineWidth: (f: TileFeature) => (overdue(f) ? 2.5 : 1),
      onClick: selectOnClick(ctx, 'case'),
    }),
  ],
  tooltip: (p, { t, lang, n }) =>
    p.count !== undefined
      ? [`${t('openIncidents')} ${n(p.open)} / ${n(p.count)}`]
      : [
          `<b>${esc(p.case_no)}</b>`,
          `${esc(labelOf(CASE_STATUS, String(p.status), lang))} · ${esc(labelOf(CASE_SOURCE, String(p.source), lang))}`,
          esc(formatChinaTime(Number(p.reported_at) * 1000, lang)),
        ],
});
export default incidents;
