/** Live alarms over everything else: larger, ringed white, by severity; a click opens the case an alarm opened. */
import type { PickingInfo } from '@deck.gl/core';
import { ALARM_STATUS, labelOf, legendOf, ruleLabel, SEVERITY } from '../../../../tiles/domain';
import { defineLayer, esc, pointLayer, type TileFeature } from '../layer-kit';

const alarms = defineLayer({
  id: 'alarms',
  order: 100,
  color: [239, 68, 68],
  legend: { field: 'severity', items: legendOf(SEVERITY) },
  deck: (ctx) => [
    pointLayer(ctx, alarms, {
      getPointRadius: () => 7.5,
      getLineColor: [255, 255, 255, 230],
      getLineWidth: 2,
      parameters: { depthCompare: 'always' },
      onClick: (info: PickingInfo<TileFeature>) => {
        const incident = Number(info.object?.properties?.incident_id ?? 0);
        if (incident > 0) ctx.select({ kind: 'case', id: incident });
      },
    }),
  ],
  tooltip: (p, { lang }) => [
    `<b>${esc(ruleLabel(String(p.rule))[lang])}</b>`,
    `${esc(labelOf(SEVERITY, String(p.severity), lang))} · ${esc(labelOf(ALARM_STATUS, String(p.status), lang))}`,
  ],
});
export default alarms;
