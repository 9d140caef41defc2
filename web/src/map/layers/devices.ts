/**
 * IoT devices coloured by kind (each kind can be switched off in the legend), grey when offline, ringed
 * red with a live alarm; counts with how many online and alarming at low zoom. A click opens the device card.
 */
import { DataFilterExtension } from '@deck.gl/extensions';
import { DEVICE_KINDS, labelOf, legendOf, ONLINE_STATE } from '../../../../tiles/domain';
import { aggregateRadius, colorOf, defineLayer, esc, hint, isAggregate, pointLayer, type Rgba, rgba, selectOnClick, type TileFeature } from '../layer-kit';

const alarming = (f: TileFeature) => Number(f.properties.alarm) > 0;

const devices = defineLayer({
  id: 'devices',
  order: 80,
  color: [45, 212, 191],
  legend: { field: 'kind', items: legendOf(DEVICE_KINDS), filter: true },
  deck: (ctx) => [
    pointLayer(ctx, devices, {
      getPointRadius: (f: TileFeature) => (isAggregate(f) ? aggregateRadius(f.properties.count) : 4.5),
      getFillColor: (f: TileFeature): Rgba => {
        if (isAggregate(f)) return alarming(f) ? [239, 68, 68, 190] : [45, 212, 191, 160];
        if (f.properties.status === 'offline') return [100, 116, 139, 220];
        return rgba(colorOf(devices, f.properties), 235);
      },
      getLineColor: (f: TileFeature) => (alarming(f) ? [239, 68, 68, 255] : [4, 10, 20, 200]),
      getLineWidth: (f: TileFeature) => (alarming(f) ? 2.5 : 1),
      getFilterValue: (f: TileFeature) => (isAggregate(f) || !ctx.hidden.has(String(f.properties.kind)) ? 1 : 0),
      filterRange: [1, 1],
      extensions: [new DataFilterExtension({ filterSize: 1 })],
      updateTriggers: { getFilterValue: [...ctx.hidden].sort().join() },
      onClick: selectOnClick(ctx, 'device'),
    }),
  ],
  tooltip: (p, { t, lang, n }) =>
    p.count !== undefined
      ? [`${t('devicesOnline')} ${n(p.online)} / ${n(p.count)}`, `${t('alarmsOpen')} ${n(p.alarm)}`]
      : [
          `<b>${esc(labelOf(DEVICE_KINDS, String(p.kind), lang))}</b>`,
          `${esc(labelOf(ONLINE_STATE, String(p.status), lang))}${Number(p.alarm) > 0 ? ` · ${t('alarms')}` : ''}`,
          hint(t('clickForCard')),
        ],
});
export default devices;
